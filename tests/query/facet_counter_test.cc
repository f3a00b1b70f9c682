// Tests of the facet counter (query/facet_counter.h) on an in-memory
// database built with the indexer's DocumentBuilder.
#include "query/facet_counter.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/document_builder.h"

namespace facette {
namespace {

using CountMap = std::map<std::string, std::uint64_t>;

struct TestArticle {
  const char* id;
  std::optional<Date> date;
  std::vector<std::string> persons;
  std::vector<std::string> organizations;
  std::vector<std::string> locations;
};

// Repeated names and spellings that fold together count once per article.
std::vector<TestArticle> Articles() {
  return {
      {"a1",
       Date{2016, 1, 5},
       {"François Hollande", "francois hollande", "Manuel Valls"},
       {"Parti socialiste"},
       {"Paris"}},
      {"a2",
       Date{2016, 1, 20},
       {"FRANÇOIS HOLLANDE", "Angela Merkel", "Angela Merkel"},
       {"Union européenne", "Union Européenne"},
       {"Berlin", "Paris"}},
      {"a3", Date{2016, 2, 29}, {"Donald Trump"}, {}, {"Washington"}},
      {"a4",
       Date{2017, 3, 1},
       {"Donald Trump", "Donald  Trump", "François Fillon"},
       {"Les Républicains"},
       {"Paris", "paris"}},
      {"a5", std::nullopt, {}, {"OpenAI", "Openai", "OPENAI"}, {}},
      {"a6", Date{2017, 3, 15}, {}, {}, {}},
  };
}

class FacetCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    AliasTable no_aliases;
    DocumentBuilder builder(no_aliases);
    for (const TestArticle& t : Articles()) {
      ParsedArticle a;
      a.id = t.id;
      a.title = std::string("ParsedArticle ") + t.id;
      a.body = "Un texte.";
      if (t.date) {
        a.has_date = true;
        a.date = *t.date;
      }
      a.entities[Index(EntityType::kPerson)] = t.persons;
      a.entities[Index(EntityType::kOrganization)] = t.organizations;
      a.entities[Index(EntityType::kLocation)] = t.locations;
      a.has_entity_lists = true;
      db_.add_document(builder.Build(a).ToXapian());
    }
  }

  // Runs `query` with a FacetCounter that sees every match.
  void Count(const Xapian::Query& query, FacetCounter& counter) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.add_matchspy(&counter);
    Xapian::MSet mset = enquire.get_mset(0, 0, db_.get_doccount());
    counter.Tally(db_);
    EXPECT_EQ(counter.documents(), mset.get_matches_estimated());
  }

  // The counts as a map; also checks that ForEach gives keys in order and
  // that distinct() is their number.
  static CountMap Sorted(const FacetCounter::Counts& counts) {
    CountMap map;
    std::string previous;
    counts.ForEach([&](std::string_view key, std::uint64_t count) {
      EXPECT_TRUE(map.empty() || previous < key) << key;
      previous = std::string(key);
      map.emplace(std::string(key), count);
    });
    EXPECT_EQ(map.size(), counts.distinct());
    return map;
  }

  // Day counts ("YYYYMMDD") summed per month ("YYYYMM").
  static CountMap Months(const FacetCounter::Counts& days) {
    CountMap months;
    for (const auto& [day, count] : Sorted(days)) months[day.substr(0, 6)] += count;
    return months;
  }

  Xapian::WritableDatabase db_;
};

TEST_F(FacetCounterTest, CountsEveryMatchingArticleOnce) {
  FacetCounter counter;
  Count(Xapian::Query::MatchAll, counter);
  EXPECT_EQ(6u, counter.documents());
  EXPECT_EQ((CountMap{{"francois hollande", 2},
                      {"manuel valls", 1},
                      {"angela merkel", 1},
                      {"donald trump", 2},
                      {"francois fillon", 1}}),
            Sorted(counter.entity_counts(EntityType::kPerson)));
  EXPECT_EQ((CountMap{{"parti socialiste", 1},
                      {"union europeenne", 1},
                      {"les republicains", 1},
                      {"openai", 1}}),
            Sorted(counter.entity_counts(EntityType::kOrganization)));
  EXPECT_EQ((CountMap{{"paris", 3}, {"berlin", 1}, {"washington", 1}}),
            Sorted(counter.entity_counts(EntityType::kLocation)));
  EXPECT_EQ((CountMap{{"201601", 2}, {"201602", 1}, {"201703", 2}}),
            Months(counter.day_counts()));
  EXPECT_EQ((CountMap{{"20160105", 1}, {"20160120", 1}, {"20160229", 1}, {"20170301", 1},
                      {"20170315", 1}}),
            Sorted(counter.day_counts()));
}

TEST_F(FacetCounterTest, CountsOnlyMatchingArticles) {
  static const struct {
    const char* term;
    std::uint64_t documents;
    CountMap persons;
    CountMap locations;
    CountMap months;
  } kCases[] = {
      {"Y2016",
       3,
       {{"francois hollande", 2}, {"manuel valls", 1}, {"angela merkel", 1}, {"donald trump", 1}},
       {{"paris", 2}, {"berlin", 1}, {"washington", 1}},
       {{"201601", 2}, {"201602", 1}}},
      {"XPERdonald trump",
       2,
       {{"donald trump", 2}, {"francois fillon", 1}},
       {{"paris", 1}, {"washington", 1}},
       {{"201602", 1}, {"201703", 1}}},
      {"XORGopenai", 1, {}, {}, {}},
      {"M201703",
       2,
       {{"donald trump", 1}, {"francois fillon", 1}},
       {{"paris", 1}},
       {{"201703", 2}}},
      {"XLOCnowhere", 0, {}, {}, {}},
  };
  for (const auto& c : kCases) {
    FacetCounter counter;
    Count(Xapian::Query(c.term), counter);
    EXPECT_EQ(c.documents, counter.documents()) << c.term;
    EXPECT_EQ(c.persons, Sorted(counter.entity_counts(EntityType::kPerson))) << c.term;
    EXPECT_EQ(c.locations, Sorted(counter.entity_counts(EntityType::kLocation))) << c.term;
    EXPECT_EQ(c.months, Months(counter.day_counts())) << c.term;
  }
}

TEST_F(FacetCounterTest, CountsEqualTermFrequencies) {
  // Independently of the counter: over all documents, the count of a key is
  // the number of documents holding its filter term.
  FacetCounter counter;
  Count(Xapian::Query::MatchAll, counter);
  for (EntityType type : kEntityTypes) {
    const std::string prefix(EntityField(type).prefix);
    CountMap from_terms;
    for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
      from_terms[(*it).substr(prefix.size())] = it.get_termfreq();
    }
    EXPECT_EQ(from_terms, Sorted(counter.entity_counts(type))) << prefix;
  }
}

TEST_F(FacetCounterTest, TopIsMostFrequentFirstThenByKey) {
  FacetCounter counter;
  Count(Xapian::Query::MatchAll, counter);
  const FacetCounter::Counts& persons = counter.entity_counts(EntityType::kPerson);
  // Independently: every (key, count) sorted by count descending, then key.
  const CountMap all = Sorted(persons);
  std::vector<std::pair<std::string, std::uint64_t>> expected(all.begin(), all.end());
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t n : {0u, 1u, 2u, 3u, 5u, 10u}) {
    auto want = expected;
    want.resize(std::min(n, want.size()));
    EXPECT_EQ(want, persons.Top(n)) << n;
  }
  // With a filter: only the kept keys compete.
  auto kept = persons.Top(10, [](std::string_view key) { return key.find("francois") == 0; });
  EXPECT_EQ((std::vector<std::pair<std::string, std::uint64_t>>{{"francois hollande", 2},
                                                                 {"francois fillon", 1}}),
            kept);
}

TEST_F(FacetCounterTest, CountsOnlyTheFieldsAsked) {
  FacetCounter counter(std::vector<FacetKind>{FacetKind::kOrganization});
  Count(Xapian::Query::MatchAll, counter);
  EXPECT_EQ(4u, counter.entity_counts(EntityType::kOrganization).distinct());
  EXPECT_EQ(0u, counter.entity_counts(EntityType::kPerson).distinct());
  EXPECT_EQ(0u, counter.day_counts().distinct());
  // An in-memory database has no revision, hence no facet columns.
  EXPECT_FALSE(StampOf(db_).ok());
  EXPECT_FALSE(counter.used_columns());
}

TEST(FacetCounterNameTest, Name) { EXPECT_EQ("facette.FacetCounter", FacetCounter().name()); }

}  // namespace
}  // namespace facette
