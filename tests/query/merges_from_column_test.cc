// Tests of query/merges_from_column.h: what the name merges add to their
// full names, counted from the facet column, against the expected values
// written here by hand and against the posting-list count
// (ArticlesAddedByMerges), on a database the real facette-index makes.
//
// The articles: Donald Trump alone in d1..d9; Emmanuel Macron alone in
// e1..e3; b1 names Donald Trump, Ivanka Trump and Trump (two Trumps: the
// indexer keeps the three names, so b1 has both the short and the full
// key); t1, t2 name Trump alone; m1 Macron alone; x1 names Trump and
// Macron alone; n1 names nobody. Trump is merged into Donald Trump (10 of
// the 11 articles of the longer names ending in "trump"), Macron into
// Emmanuel Macron (3 of 3).
#include "query/merges_from_column.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/api_support.h"
#include "query/entity_names.h"
#include "query/facet_counter.h"
#include "query/name_merges.h"
#include "schema/facet_columns.h"
#include "schema/fields.h"

namespace facette::test {
namespace {

Article Naming(const std::string& id, std::vector<std::string> persons) {
  Article a;
  a.id = id;
  a.title = "Article " + id;
  a.body = "Un article de test.";
  a.date = "2018-03-01";
  a.entities[Index(EntityType::kPerson)] = std::move(persons);
  a.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{};
  a.entities[Index(EntityType::kLocation)] = std::vector<std::string>{};
  a.dates_mentioned = std::vector<std::string>{};
  return a;
}

class MergesFromColumnTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    std::vector<Article> articles;
    for (const char* id : {"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"}) {
      articles.push_back(Naming(id, {"Donald Trump"}));
    }
    for (const char* id : {"e1", "e2", "e3"}) articles.push_back(Naming(id, {"Emmanuel Macron"}));
    articles.push_back(Naming("b1", {"Donald Trump", "Ivanka Trump", "Trump"}));
    articles.push_back(Naming("t1", {"Trump"}));
    articles.push_back(Naming("t2", {"Trump"}));
    articles.push_back(Naming("m1", {"Macron"}));
    articles.push_back(Naming("x1", {"Trump", "Macron"}));
    articles.push_back(Naming("n1", {}));
    WriteJsonLines(dir_->Path("in.jsonl"), articles);
    IndexWithTool(Db(), {dir_->Path("in.jsonl")});
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Db() { return dir_->Path("db"); }

  void SetUp() override {
    db_ = Xapian::Database(Db());
    Result<std::shared_ptr<const FacetColumns>> loaded = FacetColumns::Load(Db(), db_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    columns_ = loaded.value();
    ASSERT_NE(nullptr, columns_) << "the new database has no facet columns";
    column_ = columns_->Column(EntityField(EntityType::kPerson).slot);
    ASSERT_NE(nullptr, column_);
    merges_ = NameMerges::Compute(EntityNames::Read(db_));
    for (const NameMerges::Merge& merge : merges_.All(EntityType::kPerson)) {
      applied_.push_back(&merge);
      into_[merge.into].push_back(&merge);
    }
  }

  // The document ids of these articles, ascending.
  std::vector<Xapian::docid> Docs(const std::vector<std::string>& ids) const {
    std::vector<Xapian::docid> docs;
    for (const std::string& id : ids) {
      const std::string term = std::string(Field(FieldId::kId).prefix) + id;
      Xapian::PostingIterator it = db_.postlist_begin(term);
      EXPECT_NE(db_.postlist_end(term), it) << id;
      if (it != db_.postlist_end(term)) docs.push_back(*it);
    }
    std::sort(docs.begin(), docs.end());
    return docs;
  }

  // Per full key: {from the column, from the posting lists}.
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> Added(
      const std::vector<Xapian::docid>& docs) const {
    const MergesFromColumn counted(*column_, applied_, docs);
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> out;
    const std::string prefix(EntityField(EntityType::kPerson).prefix);
    for (const auto& [into, group] : into_) {
      out[into] = {counted.Added(into), ArticlesAddedByMerges(db_, prefix, group, &docs)};
    }
    return out;
  }

  static ScratchDir* dir_;
  Xapian::Database db_;
  std::shared_ptr<const FacetColumns> columns_;
  const FacetColumn* column_ = nullptr;
  NameMerges merges_;
  MergeList applied_;
  std::map<std::string, MergeList> into_;
};
ScratchDir* MergesFromColumnTest::dir_ = nullptr;

TEST_F(MergesFromColumnTest, TheWrittenMergesAreThere) {
  ASSERT_EQ(2u, applied_.size());
  const std::vector<std::string> intos = {"donald trump", "emmanuel macron"};
  std::vector<std::string> found;
  for (const auto& entry : into_) found.push_back(entry.first);
  EXPECT_EQ(intos, found);
  EXPECT_EQ(4u, into_.at("donald trump").front()->key_articles);  // b1, t1, t2, x1
}

TEST_F(MergesFromColumnTest, EveryArticleCountsOnlyWhereItLacksTheFullName) {
  // t1, t2, x1 for Donald Trump (b1 names him); m1, x1 for Emmanuel Macron.
  const auto added = Added(Docs({"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "e1", "e2",
                                 "e3", "b1", "t1", "t2", "m1", "x1", "n1"}));
  ASSERT_EQ(2u, added.size());
  for (const auto& [into, counts] : added) {
    EXPECT_EQ(into == "donald trump" ? 3u : 2u, counts.first) << into;
    EXPECT_EQ(counts.second, counts.first) << into;
  }
}

TEST_F(MergesFromColumnTest, OnlyTheCountedArticlesCount) {
  // b1 names the full name too; x1 adds to both; d1 and n1 to neither.
  for (const auto& [into, counts] : Added(Docs({"b1", "x1", "d1", "n1"}))) {
    EXPECT_EQ(1u, counts.first) << into;
    EXPECT_EQ(counts.second, counts.first) << into;
  }
  for (const auto& [into, counts] : Added(Docs({"b1", "d1", "e1"}))) {
    EXPECT_EQ(0u, counts.first) << into;
    EXPECT_EQ(counts.second, counts.first) << into;
  }
  for (const auto& [into, counts] : Added({})) EXPECT_EQ(0u, counts.first) << into;
}

// Counted in the facet count's own pass (FacetCounter::CountMerges), in one
// part and in two merged as a search in parts does: what the posting lists
// say, and the person counts those of a counter without merges.
TEST_F(MergesFromColumnTest, CountedWithTheFacetsTheSameAsApart) {
  const FieldId person = EntityField(EntityType::kPerson).id;
  const std::vector<std::vector<std::string>> sets = {
      {"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "e1", "e2", "e3", "b1", "t1", "t2",
       "m1", "x1", "n1"},
      {"b1", "x1", "d1", "n1"},
      {"t1", "m1"},
      {}};
  for (const std::vector<std::string>& set : sets) {
    const std::vector<Xapian::docid> docs = Docs(set);
    auto counter = [this, person] {
      auto made = std::make_unique<FacetCounter>(std::vector<FieldId>{person}, columns_.get());
      made->CountMerges(person, std::make_unique<MergesFromColumn>(*column_, applied_));
      return made;
    };
    auto feed = [this](FacetCounter& to, auto begin, auto end) {
      for (auto it = begin; it != end; ++it) to(db_.get_document(*it), 0);
      to.Tally(db_);
    };
    std::unique_ptr<FacetCounter> whole = counter();
    feed(*whole, docs.begin(), docs.end());
    std::unique_ptr<FacetCounter> parts = counter();
    const auto middle = docs.begin() + static_cast<std::ptrdiff_t>(docs.size() / 2);
    std::unique_ptr<FacetCounter> first = parts->EmptyCopy(), second = parts->EmptyCopy();
    feed(*first, docs.begin(), middle);
    feed(*second, middle, docs.end());
    parts->Merge(*first);
    parts->Merge(*second);
    FacetCounter plain(std::vector<FieldId>{person}, columns_.get());
    feed(plain, docs.begin(), docs.end());
    ASSERT_NE(nullptr, whole->merges(person));
    ASSERT_NE(nullptr, parts->merges(person));
    EXPECT_EQ(nullptr, plain.merges(person));
    for (const auto& [into, counts] : Added(docs)) {
      EXPECT_EQ(counts.second, whole->merges(person)->Added(into)) << into << " " << set.size();
      EXPECT_EQ(counts.second, parts->merges(person)->Added(into)) << into << " " << set.size();
    }
    std::map<std::string, std::uint64_t> expected, counted;
    plain.counts(person).ForEach([&](std::string_view key, std::uint64_t n) {
      expected.emplace(std::string(key), n);
    });
    whole->counts(person).ForEach([&](std::string_view key, std::uint64_t n) {
      counted.emplace(std::string(key), n);
    });
    EXPECT_EQ(expected, counted) << set.size();
    if (set.size() == 18) {  // t1, t2, x1; m1, x1 (the articles above)
      EXPECT_EQ(3u, whole->merges(person)->Added("donald trump"));
      EXPECT_EQ(2u, parts->merges(person)->Added("emmanuel macron"));
    }
  }
}

TEST_F(MergesFromColumnTest, AFullNameWithoutMergesAddsNothing) {
  const MergesFromColumn counted(*column_, applied_, Docs({"t1", "m1"}));
  EXPECT_EQ(0u, counted.Added("someone else"));
}

}  // namespace
}  // namespace facette::test
