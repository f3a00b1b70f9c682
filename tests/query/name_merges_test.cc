// Tests of the collection-level merge of short person names
// (query/name_merges.h) through the public API, on a database the real
// facette-index makes from articles written here: "Trump" alone counted
// under "Donald Trump" when Donald Trump has at least 90% of the articles
// of the person names ending in "trump", and the shared name index per
// revision (query/revision_names.h).
//
// The articles: Donald Trump alone in d01..d09; d10 names Donald Trump,
// Ivanka Trump and Trump (two Trumps: the indexer cannot tell which one
// "Trump" is, so all three stay); Trump alone in t1 and t2; Emmanuel
// Macron in m1, Macron alone in m2. Donald Trump: 10 articles of the 11 of
// the names ending in "trump" (91%): merged. Emmanuel Macron: 1 article,
// fewer than 2: not merged.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/api_support.h"
#include "facette/format.h"
#include "facette/searcher.h"
#include "query/revision_names.h"

namespace facette::test {
namespace {

Article Named(const std::string& id, std::vector<std::string> persons) {
  Article a;
  a.id = id;
  a.title = "Article " + id;
  a.body = "Un article.";
  a.date = "2017-01-01";
  a.entities[Index(EntityType::kPerson)] = std::move(persons);
  a.entities[Index(EntityType::kOrganization)] = std::vector<std::string>{};
  a.entities[Index(EntityType::kLocation)] = std::vector<std::string>{};
  a.dates_mentioned = std::vector<std::string>{};
  return a;
}

std::vector<Article> Articles() {
  std::vector<Article> articles;
  for (int i = 1; i <= 9; ++i)
    articles.push_back(Named("d0" + std::to_string(i), {"Donald Trump"}));
  articles.push_back(Named("d10", {"Donald Trump", "Ivanka Trump", "Trump"}));
  articles.push_back(Named("t1", {"Trump"}));
  articles.push_back(Named("t2", {"Trump"}));
  articles.push_back(Named("m1", {"Emmanuel Macron"}));
  articles.push_back(Named("m2", {"Macron"}));
  return articles;
}

class NameMergesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    WriteJsonLines(dir_->Path("in.jsonl"), Articles());
    IndexWithTool(Db(), {dir_->Path("in.jsonl")});
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Db() { return dir_->Path("db"); }

  static SearchResult Search(Searcher& searcher, SearchRequest request) {
    request.limit = 0;
    request.facets = {FacetKind::kPerson};
    Result<SearchResult> result = searcher.Search(request);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? result.value() : SearchResult{};
  }
  // The person facet: label -> count.
  static std::map<std::string, std::uint64_t> Persons(const SearchResult& result) {
    std::map<std::string, std::uint64_t> out;
    for (const Facet& facet : result.facets) {
      if (facet.name != "person") continue;
      for (const FacetValue& v : facet.values) out[v.value] = v.count;
    }
    return out;
  }
  static std::unique_ptr<Searcher> Open() {
    Result<std::unique_ptr<Searcher>> opened = Searcher::Open(Db());
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? std::move(opened.value()) : nullptr;
  }

  static ScratchDir* dir_;
};
ScratchDir* NameMergesTest::dir_ = nullptr;

TEST_F(NameMergesTest, ALoneSurnameIsCountedUnderTheDominantFullNameOnce) {
  std::unique_ptr<Searcher> searcher = Open();
  ASSERT_NE(nullptr, searcher);
  const SearchResult result = Search(*searcher, {});
  // d01..d10, t1, t2: d10, which names both, once.
  const std::map<std::string, std::uint64_t> expected = {
      {"Donald Trump", 12}, {"Ivanka Trump", 1}, {"Emmanuel Macron", 1}, {"Macron", 1}};
  EXPECT_EQ(expected, Persons(result));
  ASSERT_EQ(1u, result.facets.size());
  EXPECT_EQ(4u, result.facets[0].distinct);  // five names, Trump merged
  ASSERT_EQ(1u, result.merges.size());
  EXPECT_EQ("person", result.merges[0].facet);
  EXPECT_EQ("Trump", result.merges[0].name);
  EXPECT_EQ("Donald Trump", result.merges[0].into);
  EXPECT_EQ(3u, result.merges[0].name_articles);
  EXPECT_EQ(10u, result.merges[0].into_articles);
  EXPECT_EQ(11u, result.merges[0].full_articles);
}

TEST_F(NameMergesTest, AFilterOnTheFullNameFindsTheMergedNamesArticles) {
  std::unique_ptr<Searcher> searcher = Open();
  ASSERT_NE(nullptr, searcher);
  SearchRequest exact;
  exact.entity_filters[Index(EntityType::kPerson)] = {"Donald Trump"};
  EXPECT_EQ(12u, Search(*searcher, exact).total);
  SearchRequest excluded;
  excluded.entity_exclusions[Index(EntityType::kPerson)] = {"Donald Trump"};
  EXPECT_EQ(2u, Search(*searcher, excluded).total);  // m1, m2
  // Typed as a surname: the merge is in what it matched.
  SearchRequest typed;
  typed.entity_filters[Index(EntityType::kPerson)] = {"trump"};
  const SearchResult result = Search(*searcher, typed);
  EXPECT_EQ(12u, result.total);
  ASSERT_EQ(1u, result.matched.size());
  const NameMatch& match = result.matched[0];
  ASSERT_EQ(2u, match.values.size());
  EXPECT_EQ("Donald Trump", match.values[0].value);
  EXPECT_EQ(12u, match.values[0].count);
  EXPECT_EQ("Ivanka Trump", match.values[1].value);
  ASSERT_EQ(1u, match.merged.size());
  EXPECT_EQ("Trump", match.merged[0].name);
  EXPECT_NE(std::string::npos, FormatText(result, typed, {}).find("Donald Trump (12, with Trump)"));
}

TEST_F(NameMergesTest, AFullNameWithTooFewArticlesTakesNoShortName) {
  std::unique_ptr<Searcher> searcher = Open();
  ASSERT_NE(nullptr, searcher);
  SearchRequest exact;
  exact.entity_filters[Index(EntityType::kPerson)] = {"Emmanuel Macron"};
  EXPECT_EQ(1u, Search(*searcher, exact).total);
}

// Facet value search applies the person facet's merges: Trump is not
// listed on its own, its articles count under Donald Trump (d10 once).
TEST_F(NameMergesTest, FacetSearchCountsAMergedNameUnderItsFullName) {
  std::unique_ptr<Searcher> searcher = Open();
  ASSERT_NE(nullptr, searcher);
  auto values = [&searcher](const SearchRequest& request, const std::string& text) {
    std::map<std::string, std::uint64_t> out;
    Result<FacetSearchResult> found = searcher->FacetSearch(request, EntityType::kPerson, text);
    EXPECT_TRUE(found.ok()) << found.status().message();
    if (found.ok()) {
      for (const FacetValue& v : found->values) out[v.value] = v.count;
    }
    return out;
  };
  using Counts = std::map<std::string, std::uint64_t>;
  EXPECT_EQ((Counts{{"Donald Trump", 12}, {"Ivanka Trump", 1}}), values({}, "tru"));
  // A text that only the full name matches counts the merged name's
  // articles too.
  EXPECT_EQ((Counts{{"Donald Trump", 12}}), values({}, "don"));
  // Macron is not merged (Emmanuel Macron has 1 article): both listed.
  EXPECT_EQ((Counts{{"Emmanuel Macron", 1}, {"Macron", 1}}), values({}, "mac"));
  // Only the articles counted: without d10 (Ivanka Trump's), d01..d09, t1
  // and t2; the person facet of the same request says the same.
  SearchRequest without;
  without.entity_exclusions[Index(EntityType::kPerson)] = {"Ivanka Trump"};
  EXPECT_EQ((Counts{{"Donald Trump", 11}}), values(without, "trump"));
  EXPECT_EQ(11u, Persons(Search(*searcher, without))["Donald Trump"]);
  // The merged count ranks the full name: first of one.
  SearchRequest one;
  one.facet_size = 1;
  EXPECT_EQ((Counts{{"Donald Trump", 12}}), values(one, "t"));
}

TEST_F(NameMergesTest, TheMergeFollowsTheCollection) {
  std::unique_ptr<Searcher> searcher = Open();
  ASSERT_NE(nullptr, searcher);
  EXPECT_EQ(12u, Persons(Search(*searcher, {}))["Donald Trump"]);
  // Two more Ivanka Trump articles: Donald Trump has 10 of 13 (77%).
  ScratchDir more;
  WriteJsonLines(more.Path("more.jsonl"),
                 {Named("i1", {"Ivanka Trump"}), Named("i2", {"Ivanka Trump"})});
  IndexWithTool(Db(), {more.Path("more.jsonl")});
  ASSERT_TRUE(searcher->Reopen().ok());
  const std::map<std::string, std::uint64_t> unmerged = {{"Donald Trump", 10},
                                                         {"Ivanka Trump", 3},
                                                         {"Trump", 3},
                                                         {"Emmanuel Macron", 1},
                                                         {"Macron", 1}};
  SearchResult result = Search(*searcher, {});
  EXPECT_EQ(unmerged, Persons(result));
  EXPECT_TRUE(result.merges.empty());
  // Deleted again: merged again.
  Measured deleted =
      RunMeasured({IndexBinary(), "--db", Db(), "--quiet", "--delete", "i1", "--delete", "i2"}, 60);
  ASSERT_EQ(0, deleted.exit_status) << deleted.err;
  ASSERT_TRUE(searcher->Reopen().ok());
  result = Search(*searcher, {});
  EXPECT_EQ(12u, Persons(result)["Donald Trump"]);
  EXPECT_EQ(0u, Persons(result).count("Trump"));
  EXPECT_EQ(1u, result.merges.size());
}

TEST_F(NameMergesTest, SearchersOfOneRevisionShareTheNameIndex) {
  std::unique_ptr<Searcher> first = Open();
  std::unique_ptr<Searcher> second = Open();
  ASSERT_NE(nullptr, first);
  ASSERT_NE(nullptr, second);
  const std::uint64_t before = RevisionNames::Reads();
  Search(*first, {});
  Search(*second, {});
  EXPECT_EQ(before + 1, RevisionNames::Reads());
  // Another revision: read again, once for both.
  ScratchDir more;
  WriteJsonLines(more.Path("more.jsonl"), {Named("s1", {"Someone Else"})});
  IndexWithTool(Db(), {more.Path("more.jsonl")});
  ASSERT_TRUE(first->Reopen().ok());
  ASSERT_TRUE(second->Reopen().ok());
  Search(*first, {});
  Search(*second, {});
  EXPECT_EQ(before + 2, RevisionNames::Reads());
  ASSERT_EQ(
      0, RunMeasured({IndexBinary(), "--db", Db(), "--quiet", "--delete", "s1"}, 60).exit_status);
}

}  // namespace
}  // namespace facette::test
