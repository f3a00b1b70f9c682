// End to end over the committed corpus: facette-index writes a real on-disk
// database from corpus/, facette-query answers in JSON, and every expected
// value is computed by the test from the input file itself (its own JSON
// reading, its own name folding), never pasted from the program's output.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

constexpr int kPerson = 0, kOrganization = 1, kLocation = 2;
const char* kFacetName[] = {"person", "organization", "location"};
const char* kHitKey[] = {"persons", "organizations", "locations"};

struct FacetOut {
  std::uint64_t distinct = 0;
  bool exact = false;
  bool selection_excluded = false;
  std::vector<std::pair<std::string, std::uint64_t>> values;
};

struct HitOut {
  std::string id, title, date;
  double score = 0;
  std::array<std::vector<std::string>, 3> entities;
};

struct QueryOut {
  int exit_status = -1;
  std::string err;
  std::uint64_t total = 0;
  std::vector<HitOut> hits;
  std::map<std::string, FacetOut> facets;
};

class CorpusE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    articles_ = new std::vector<CorpusArticle>(ReadCorpusArticles(CorpusDir() + "/articles.jsonl"));
    merges_ = new std::map<std::string, std::string>(PersonMerges(*articles_));
    // The counts here are checked against the input's own entity lists:
    // no extraction, so that the raw articles have no entities
    // (extraction_e2e_test.cc covers extraction).
    CommandResult r = RunCommand(
        {IndexBinary(), "--db", JsonlDb(), "--extract", "never", CorpusDir() + "/articles.jsonl"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete merges_;
    delete articles_;
    delete dir_;
  }
  static std::string JsonlDb() { return dir_->Path("jsonl.db"); }
  static const std::vector<CorpusArticle>& Articles() { return *articles_; }
  // An article's keys as the facets and filters count them: with the
  // collection's person merges (a hit's own lists are ResolvedKeys).
  static std::set<std::string> Keys(const CorpusArticle& a, int t) {
    return MergedKeys(a, t, *merges_);
  }
  static std::map<std::string, int> Counts(int t) {
    return MergedArticleCounts(Articles(), t, *merges_);
  }
  static bool Names(const CorpusArticle& a, int type, const std::string& key) {
    return Keys(a, type).count(key) > 0;
  }

  // Runs facette-query --format json on `db` with `args` and parses its
  // answer, which must come with the exit status documented for it (0 some
  // match, 1 none): anything else (a refusal, a crash, a sanitizer report
  // after the output) fails the test. Refusals are checked with Refused().
  static QueryOut Query(const std::vector<std::string>& args, const std::string& db = JsonlDb()) {
    std::vector<std::string> argv = {QueryBinary(), "--db", db, "--format", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = RunCommand(argv);
    QueryOut q;
    q.exit_status = r.exit_status;
    q.err = r.err;
    std::string what;
    for (const std::string& a : args) what += a + " ";
    if (r.exit_status != 0 && r.exit_status != 1) {
      ADD_FAILURE() << what << ": exit status " << r.exit_status << "\n" << r.err;
      return q;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    auto error = parser.parse(r.out).get(root);
    EXPECT_EQ(error, simdjson::SUCCESS) << "not JSON: " << r.out;
    if (error) return q;
    q.total = uint64_t(root["total"]);
    for (simdjson::dom::element h : root["hits"]) {
      HitOut hit;
      hit.id = std::string(std::string_view(h["id"]));
      hit.title = std::string(std::string_view(h["title"]));
      if (!h["date"].is_null()) hit.date = std::string(std::string_view(h["date"]));
      hit.score = double(h["score"]);
      for (int t = 0; t < 3; ++t) {
        for (simdjson::dom::element n : h[kHitKey[t]]) {
          hit.entities[t].emplace_back(std::string_view(n));
        }
      }
      q.hits.push_back(std::move(hit));
    }
    for (auto [name, f] : simdjson::dom::object(root["facets"])) {
      FacetOut facet;
      facet.distinct = uint64_t(f["distinct"]);
      facet.exact = bool(f["exact"]);
      facet.selection_excluded = bool(f["selection_excluded"]);
      for (simdjson::dom::element v : f["values"]) {
        facet.values.emplace_back(std::string(std::string_view(v["value"])), uint64_t(v["count"]));
      }
      q.facets[std::string(name)] = std::move(facet);
    }
    EXPECT_EQ(q.total == 0 ? 1 : 0, q.exit_status) << what << ": total " << q.total;
    return q;
  }

  // Runs facette-query on JsonlDb() with `args`, which it must refuse:
  // exit status 2, a message on stderr, no answer on stdout.
  static CommandResult Refused(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {QueryBinary(), "--db", JsonlDb(), "--format", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = RunCommand(argv);
    std::string what;
    for (const std::string& a : args) what += a + " ";
    EXPECT_EQ(2, r.exit_status) << what << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << what;
    EXPECT_TRUE(r.out.empty()) << what << "\n" << r.out;
    return r;
  }

  static TempDir* dir_;
  static std::vector<CorpusArticle>* articles_;
  static std::map<std::string, std::string>* merges_;
};

TempDir* CorpusE2E::dir_ = nullptr;
std::vector<CorpusArticle>* CorpusE2E::articles_ = nullptr;
std::map<std::string, std::string>* CorpusE2E::merges_ = nullptr;

// Keys named by at least `min` articles, in key order.
std::vector<std::string> FrequentKeys(const std::map<std::string, int>& counts, int min) {
  std::vector<std::string> keys;
  for (const auto& [k, c] : counts) {
    if (c >= min) keys.push_back(k);
  }
  return keys;
}

TEST_F(CorpusE2E, EveryArticleIsIndexedOnce) {
  QueryOut q = Query({"--limit", "0"});
  EXPECT_EQ(q.exit_status, 0);
  EXPECT_EQ(q.total, Articles().size());
}

TEST_F(CorpusE2E, PersonFilterTotalEqualsArticlesNamingThePersonAndItsFacetCount) {
  auto counts = Counts(kPerson);
  std::vector<std::string> keys = FrequentKeys(counts, 3);
  ASSERT_GE(keys.size(), 5u) << "the corpus should have recurring persons";
  for (const std::string& key : keys) {
    // Filter with a spelling as found in the input (the first one seen), or
    // the key itself when the key is an alias's canonical name.
    std::string spelling;
    for (const CorpusArticle& a : Articles()) {
      for (const std::string& n : a.entities[kPerson]) {
        if (spelling.empty() && TestFold(n) == key) spelling = n;
      }
    }
    if (spelling.empty()) spelling = key;
    // A single word is a part of a name: every article naming a person
    // with that word; a full name is that person's articles.
    std::uint64_t expected = static_cast<std::uint64_t>(counts[key]);
    if (key.find(' ') == std::string::npos) {
      expected = 0;
      for (const CorpusArticle& a : Articles()) {
        bool names = false;
        for (const std::string& k : Keys(a, kPerson)) {
          names = names || (" " + k + " ").find(" " + key + " ") != std::string::npos;
        }
        expected += names;
      }
    }
    // The person facet is counted without its own selection (multi-select),
    // so ask for all its values.
    QueryOut q = Query({"--limit", "0", "--facet-size", "100000", "--person", spelling});
    EXPECT_EQ(q.total, expected) << spelling;
    bool found = false;
    for (const auto& [value, count] : q.facets["person"].values) {
      if (TestFold(value) == key) {
        found = true;
        EXPECT_EQ(count, static_cast<std::uint64_t>(counts[key])) << spelling;
      }
    }
    EXPECT_TRUE(found) << spelling << " missing from its own facet";
  }
}

// Each --person takes one value: the words after it are the query.
TEST_F(CorpusE2E, WordsAfterAFilterOptionAreTheQuery) {
  auto counts = Counts(kPerson);
  std::string key = FrequentKeys(counts, 3).front();
  EXPECT_EQ(Query({"--limit", "0", "--person", key}).total,
            static_cast<std::uint64_t>(counts[key]));
  EXPECT_EQ(Query({"--limit", "0", "--person", key, "zzqxwvkjh"}).total, 0u);
}

TEST_F(CorpusE2E, FilterAcceptsAnySpellingThatFoldsToTheName) {
  auto counts = Counts(kPerson);
  std::string key = "francois hollande";
  ASSERT_GT(counts[key], 0);
  for (const char* spelling : {"François Hollande", "francois hollande", "FRANÇOIS  HOLLANDE",
                               "M. François Hollande", "le président François Hollande"}) {
    EXPECT_EQ(Query({"--limit", "0", "--person", spelling}).total,
              static_cast<std::uint64_t>(counts[key]))
        << spelling;
  }
}

TEST_F(CorpusE2E, FacetCountsOverAllMatchesEqualIndependentCounts) {
  QueryOut q = Query({"--limit", "0", "--facet-size", "25"});
  for (int t : {kPerson, kOrganization, kLocation}) {
    auto counts = Counts(t);
    const FacetOut& facet = q.facets[kFacetName[t]];
    EXPECT_TRUE(facet.exact);
    EXPECT_EQ(facet.distinct, counts.size()) << kFacetName[t];
    ASSERT_EQ(facet.values.size(), std::min<std::size_t>(25, counts.size()));
    std::uint64_t previous = UINT64_MAX;
    for (const auto& [value, count] : facet.values) {
      EXPECT_EQ(count, static_cast<std::uint64_t>(counts[TestFold(value)])) << value;
      EXPECT_LE(count, previous) << "values must come most frequent first";
      previous = count;
    }
    // The top value really is the most frequent.
    int best = 0;
    for (const auto& [k, c] : counts) best = std::max(best, c);
    EXPECT_EQ(facet.values.front().second, static_cast<std::uint64_t>(best));
  }
}

TEST_F(CorpusE2E, MonthFacetCountsEveryMatchingArticle) {
  std::map<std::string, std::uint64_t> months;
  for (const CorpusArticle& a : Articles()) ++months[a.date.substr(0, 7)];
  QueryOut q = Query({"--limit", "0", "--date-granularity", "month"});
  const FacetOut& facet = q.facets["date"];
  EXPECT_EQ(facet.distinct, months.size());
  std::map<std::string, std::uint64_t> got(facet.values.begin(), facet.values.end());
  EXPECT_EQ(got, months);
}

// Without a granularity the date facet drills down: years over several
// years, months within one year, days within one month.
TEST_F(CorpusE2E, DateFacetDrillsDownFromYearsToMonthsToDays) {
  struct Case {
    std::vector<std::string> args;
    std::size_t length;  // of the ISO prefix that makes a bucket
    std::string lo, hi;
  } cases[] = {
      {{}, 4, "0000", "9999"},
      {{"--from", "2016", "--to", "2016"}, 7, "2016-01-01", "2016-12-31"},
      {{"--from", "2017-03", "--to", "2017-03"}, 10, "2017-03-01", "2017-03-31"},
      {{"--date-granularity", "year", "--from", "2017-03", "--to", "2017-03"},
       4,
       "2017-03-01",
       "2017-03-31"},
  };
  for (const Case& c : cases) {
    std::map<std::string, std::uint64_t> expected;
    for (const CorpusArticle& a : Articles()) {
      if (a.date >= c.lo && a.date <= c.hi) ++expected[a.date.substr(0, c.length)];
    }
    ASSERT_FALSE(expected.empty());
    std::vector<std::string> args = {"--limit", "0"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    QueryOut q = Query(args);
    const FacetOut& facet = q.facets["date"];
    std::map<std::string, std::uint64_t> got(facet.values.begin(), facet.values.end());
    EXPECT_EQ(got, expected) << c.lo << ".." << c.hi;
  }
}

TEST_F(CorpusE2E, FiltersOnDifferentFacetsAreAndedAndValuesOfOneFacetOred) {
  auto persons = Counts(kPerson);
  auto orgs = Counts(kOrganization);
  std::vector<std::string> p = FrequentKeys(persons, 3), o = FrequentKeys(orgs, 3);
  ASSERT_GE(p.size(), 2u);
  ASSERT_GE(o.size(), 1u);
  for (std::size_t i = 0; i + 1 < std::min<std::size_t>(p.size(), 6); ++i) {
    int either = 0, both = 0;
    for (const CorpusArticle& a : Articles()) {
      bool first = Names(a, kPerson, p[i]), second = Names(a, kPerson, p[i + 1]);
      either += first || second;
      both += (first || second) && Names(a, kOrganization, o[0]);
    }
    EXPECT_EQ(Query({"--limit", "0", "--person", p[i], "--person", p[i + 1]}).total,
              static_cast<std::uint64_t>(either));
    EXPECT_EQ(Query({"--limit", "0", "--person", p[i], "--person", p[i + 1], "--org", o[0]}).total,
              static_cast<std::uint64_t>(both));
  }
}

TEST_F(CorpusE2E, DateRangesIncludeWholeMonthsAndYears) {
  struct Case {
    const char* from;
    const char* to;
    std::string lo, hi;  // inclusive ISO bounds the test compares against
  } cases[] = {
      {"2016-06", "2016-08", "2016-06-01", "2016-08-31"},
      {"2017", "2017", "2017-01-01", "2017-12-31"},
      {"2016-02-29", "2016-03-15", "2016-02-29", "2016-03-15"},
      {"2016", "2016-01", "2016-01-01", "2016-01-31"},
  };
  for (const Case& c : cases) {
    std::uint64_t expected = 0;
    for (const CorpusArticle& a : Articles()) expected += a.date >= c.lo && a.date <= c.hi;
    QueryOut q = Query({"--limit", "0", "--from", c.from, "--to", c.to});
    EXPECT_EQ(q.total, expected) << c.from << ".." << c.to;
  }
  // Open ends: up to the first or last date of the database (whatever it
  // is: the expected counts only use the articles' own dates).
  for (const char* from : {"2016-06", "2017-03-15", "1990", "2030"}) {
    std::uint64_t expected = 0;
    std::string lo = std::string(from) + std::string("-01-01").substr(std::string(from).size() - 4);
    for (const CorpusArticle& a : Articles()) expected += a.date >= lo;
    EXPECT_EQ(Query({"--limit", "0", "--from", from}).total, expected) << from << "..";
  }
  for (const char* to : {"2016-06", "2017-03-15", "1990", "2030"}) {
    std::uint64_t expected = 0;
    std::string hi = std::string(to) + std::string("-12-31").substr(std::string(to).size() - 4);
    for (const CorpusArticle& a : Articles()) expected += a.date <= hi;
    EXPECT_EQ(Query({"--limit", "0", "--to", to}).total, expected) << ".." << to;
  }
  // A range that ends before it starts is an error, not an empty result.
  CommandResult bad = Refused({"--from", "2017", "--to", "2016"});
  EXPECT_NE(bad.err.find("before it starts"), std::string::npos) << bad.err;
}

TEST_F(CorpusE2E, EmptyQueryListsNewestFirstAndLimitZeroGivesOnlyTotals) {
  QueryOut q = Query({"--limit", "20"});
  ASSERT_EQ(q.hits.size(), 20u);
  for (std::size_t i = 1; i < q.hits.size(); ++i) {
    EXPECT_GE(q.hits[i - 1].date, q.hits[i].date);
  }
  std::string newest;
  for (const CorpusArticle& a : Articles()) newest = std::max(newest, a.date);
  EXPECT_EQ(q.hits.front().date, newest);
  QueryOut totals = Query({"--limit", "0"});
  EXPECT_TRUE(totals.hits.empty());
  EXPECT_FALSE(totals.facets["person"].values.empty());
}

TEST_F(CorpusE2E, PagesNeitherOverlapNorLeaveGaps) {
  std::vector<std::string> all;
  for (QueryOut page :
       {Query({"--limit", "7", "--offset", "0"}), Query({"--limit", "7", "--offset", "7"}),
        Query({"--limit", "7", "--offset", "14"})}) {
    for (const HitOut& h : page.hits) all.push_back(h.id);
  }
  QueryOut one = Query({"--limit", "21"});
  ASSERT_EQ(one.hits.size(), 21u);
  ASSERT_EQ(all.size(), 21u);
  for (std::size_t i = 0; i < 21; ++i) EXPECT_EQ(all[i], one.hits[i].id);
}

TEST_F(CorpusE2E, HitsCarryTheArticlesEntitiesAndDate) {
  std::map<std::string, const CorpusArticle*> by_id;
  for (const CorpusArticle& a : Articles()) by_id[a.id] = &a;
  QueryOut q = Query({"--limit", "200"});
  ASSERT_EQ(q.hits.size(), Articles().size());
  for (const HitOut& hit : q.hits) {
    auto found = by_id.find(hit.id);
    ASSERT_NE(found, by_id.end()) << hit.id << " is not a corpus article";
    const CorpusArticle& a = *found->second;
    EXPECT_EQ(hit.date, a.date);
    for (int t = 0; t < 3; ++t) {
      std::set<std::string> expected = ResolvedKeys(a, t), got;
      for (const std::string& n : hit.entities[t]) got.insert(TestFold(n));
      EXPECT_EQ(got, expected) << hit.id << " " << kHitKey[t];
    }
  }
}

// The whitespace-separated tokens of `text`, with ASCII punctuation around
// them stripped; a token that is not made only of a-z becomes "".
std::vector<std::string> PlainLowercaseTokens(const std::string& text) {
  std::vector<std::string> tokens;
  std::istringstream in(text);
  std::string token;
  while (in >> token) {
    auto punct = [](char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; };
    while (!token.empty() && punct(token.back())) token.pop_back();
    while (!token.empty() && punct(token.front())) token.erase(token.begin());
    bool plain = !token.empty();
    for (char c : token) plain = plain && c >= 'a' && c <= 'z';
    tokens.push_back(plain ? token : "");
  }
  return tokens;
}

// A word that occurs in exactly one article (found by the test in the raw
// text) finds that article; a phrase taken from an article finds it.
TEST_F(CorpusE2E, FreeTextAndPhrasesFindTheArticlesTheyComeFrom) {
  std::map<std::string, std::set<std::string>> word_articles;
  for (const CorpusArticle& a : Articles()) {
    for (const std::string& word : PlainLowercaseTokens(a.title + " " + a.body)) {
      if (word.size() >= 9) word_articles[word].insert(a.id);
    }
  }
  int checked = 0;
  for (const auto& [word, ids] : word_articles) {
    if (ids.size() != 1 || checked >= 15) continue;
    ++checked;
    QueryOut q = Query({word, "--limit", "50"});
    bool found = false;
    for (const HitOut& h : q.hits) found = found || h.id == *ids.begin();
    EXPECT_TRUE(found) << word << " should find " << *ids.begin();
    if (!q.hits.empty()) {
      EXPECT_GT(q.hits.front().score, 0);
    }
  }
  EXPECT_EQ(checked, 15);

  // A phrase: three consecutive plain words of at least four letters.
  int phrases = 0;
  for (const CorpusArticle& a : Articles()) {
    std::vector<std::string> tokens = PlainLowercaseTokens(a.body);
    std::string phrase;
    for (std::size_t i = 0; i + 2 < tokens.size() && phrase.empty(); ++i) {
      if (tokens[i].size() >= 4 && tokens[i + 1].size() >= 4 && tokens[i + 2].size() >= 4) {
        phrase = "\"" + tokens[i] + " " + tokens[i + 1] + " " + tokens[i + 2] + "\"";
      }
    }
    if (phrase.empty()) continue;
    QueryOut q = Query({phrase, "--limit", "100"});
    bool found = false;
    for (const HitOut& h : q.hits) found = found || h.id == a.id;
    EXPECT_TRUE(found) << phrase << " should find " << a.id;
    if (++phrases == 10) break;
  }
  EXPECT_EQ(phrases, 10);
}

TEST_F(CorpusE2E, BodyFieldSearchesTheTextLikeAPlainWord) {
  QueryOut plain = Query({"gouvernement", "--limit", "0"});
  ASSERT_GT(plain.total, 0u);
  EXPECT_EQ(Query({"body:gouvernement", "--limit", "0"}).total, plain.total);
}

TEST_F(CorpusE2E, AnEntityValueWithNothingToSearchForIsAnError) {
  CommandResult q = Refused({"person:\"!!!\""});
  EXPECT_NE(q.err.find("no letter or digit"), std::string::npos) << q.err;
  CommandResult flag = Refused({"--person", "!!!"});
  EXPECT_NE(flag.err.find("no letter or digit"), std::string::npos) << flag.err;
}

TEST_F(CorpusE2E, PagingBeyondXapiansRangeIsAUsageError) {
  Refused({"--limit", "4294967296"});
  Refused({"--limit", "-1"});
}

TEST_F(CorpusE2E, ThreadsAreAnOptionFromZeroToFour) {
  QueryOut one = Query({"--limit", "100", "--threads", "1"});
  EXPECT_EQ(one.exit_status, 0) << one.err;
  QueryOut four = Query({"--limit", "100", "--threads", "4"});
  EXPECT_EQ(four.exit_status, 0) << four.err;
  EXPECT_EQ(one.total, Articles().size());
  EXPECT_EQ(one.total, four.total);
  ASSERT_EQ(one.hits.size(), four.hits.size());
  for (std::size_t h = 0; h < one.hits.size(); ++h) EXPECT_EQ(one.hits[h].id, four.hits[h].id);
  Refused({"--threads", "5"});
  Refused({"--threads", "-1"});
}

// Multi-select: a facet with a selection is counted without it (so every
// value shows what it would add), the other facets over the matches.
TEST_F(CorpusE2E, MultiSelectCountsAFacetWithoutItsOwnSelection) {
  auto persons = Counts(kPerson);
  auto orgs = Counts(kOrganization);
  std::vector<std::string> p = FrequentKeys(persons, 3), o = FrequentKeys(orgs, 3);
  ASSERT_GE(p.size(), 2u);
  ASSERT_GE(o.size(), 1u);
  const std::string &a = p[0], &b = p[1], &org = o[0];

  // Without an organisation filter, the person facet is the whole collection's.
  QueryOut q = Query({"--limit", "0", "--facet-size", "100000", "--person", a, "--person", b});
  EXPECT_TRUE(q.facets["person"].selection_excluded);
  EXPECT_FALSE(q.facets["organization"].selection_excluded);
  EXPECT_FALSE(q.facets["date"].selection_excluded);
  for (const auto& [value, count] : q.facets["person"].values) {
    EXPECT_EQ(count, static_cast<std::uint64_t>(persons[TestFold(value)])) << value;
  }
  EXPECT_EQ(q.facets["person"].distinct, persons.size());
  // The organisation facet counts the articles naming a or b.
  std::map<std::string, std::uint64_t> org_counts;
  for (const CorpusArticle& art : Articles()) {
    if (!Names(art, kPerson, a) && !Names(art, kPerson, b)) continue;
    for (const std::string& k : Keys(art, kOrganization)) ++org_counts[k];
  }
  EXPECT_EQ(q.facets["organization"].distinct, org_counts.size());
  for (const auto& [value, count] : q.facets["organization"].values) {
    EXPECT_EQ(count, org_counts[TestFold(value)]) << value;
  }

  // With an organisation filter too: persons are counted among the articles
  // naming the organisation, organisations among those naming a or b.
  QueryOut both =
      Query({"--limit", "0", "--facet-size", "100000", "--person", a, "--person", b, "--org", org});
  std::map<std::string, std::uint64_t> person_counts;
  for (const CorpusArticle& art : Articles()) {
    if (!Names(art, kOrganization, org)) continue;
    for (const std::string& k : Keys(art, kPerson)) ++person_counts[k];
  }
  EXPECT_EQ(both.facets["person"].distinct, person_counts.size());
  for (const auto& [value, count] : both.facets["person"].values) {
    EXPECT_EQ(count, person_counts[TestFold(value)]) << value;
  }
  std::uint64_t org_count = 0;
  for (const auto& [value, count] : both.facets["organization"].values) {
    if (TestFold(value) == org) org_count = count;
  }
  EXPECT_EQ(org_count, org_counts[org]);
}

TEST_F(CorpusE2E, NegativeFiltersAndExplicitAndWithinAFacet) {
  auto persons = Counts(kPerson);
  std::vector<std::string> p = FrequentKeys(persons, 3);
  ASSERT_GE(p.size(), 2u);
  std::uint64_t all = Articles().size();
  EXPECT_EQ(Query({"--limit", "0", "--not-person", p[0]}).total, all - persons[p[0]]);
  // "--" ends the options: the query starts with "-".
  EXPECT_EQ(Query({"--limit", "0", "--", "-person:\"" + p[0] + "\""}).total, all - persons[p[0]]);
  // The pair of frequent persons named together most often.
  std::vector<std::set<std::string>> keys;
  for (const CorpusArticle& art : Articles()) keys.push_back(Keys(art, kPerson));
  std::string a, b;
  std::uint64_t best = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t j = i + 1; j < p.size(); ++j) {
      std::uint64_t together = 0;
      for (const auto& k : keys) together += k.count(p[i]) && k.count(p[j]);
      if (together > best) best = together, a = p[i], b = p[j];
    }
  }
  ASSERT_GT(best, 0u);
  EXPECT_EQ(Query({"--limit", "0", "person:\"" + a + "\" AND person:\"" + b + "\""}).total, best);
  std::uint64_t a_not_b = 0;
  for (const CorpusArticle& art : Articles()) {
    a_not_b += Names(art, kPerson, a) && !Names(art, kPerson, b);
  }
  EXPECT_EQ(Query({"--limit", "0", "--person", a, "--not-person", b}).total, a_not_b);
}

// Facet value search: every value with a word starting with the text, with
// its count under the query and filters, the collection's person merges
// applied as in the person facet (docs/json-output.md, "Merged names").
TEST_F(CorpusE2E, FacetSearchFindsEveryValueWithAWordStartingWithTheText) {
  auto persons = Counts(kPerson);
  auto starts = [](const std::string& key, const std::string& prefix) {
    return (" " + key).find(" " + prefix) != std::string::npos;
  };
  // How many names a merge takes away the texts find: some, so that the
  // merges are seen to apply.
  std::size_t merged_found = 0;
  for (std::string prefix : {"fra", "le", "b", "hollande"}) {
    std::map<std::string, std::uint64_t> expected;
    for (const auto& [key, count] : persons) {
      if (starts(key, prefix)) expected[key] = static_cast<std::uint64_t>(count);
    }
    ASSERT_FALSE(expected.empty()) << prefix;
    for (const auto& [key, into] : *merges_) merged_found += starts(key, prefix);
    CommandResult r = RunCommand({QueryBinary(), "--db", JsonlDb(), "--format", "json",
                                  "--facet-size", "100000", "--facet-search", "person", prefix});
    EXPECT_EQ(r.exit_status, 0) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(r.out);
    EXPECT_EQ(std::string_view(root["facet"]), "person");
    std::map<std::string, std::uint64_t> got;
    for (simdjson::dom::element v : root["values"]) {
      got[TestFold(std::string(std::string_view(v["value"])))] = uint64_t(v["count"]);
    }
    EXPECT_EQ(got, expected) << prefix;
  }
  EXPECT_GT(merged_found, 0u);
  // Under a filter: counts among the matching articles only.
  std::string year = "2017";
  std::map<std::string, std::uint64_t> in_year;
  for (const CorpusArticle& art : Articles()) {
    if (art.date.compare(0, 4, year) != 0) continue;
    for (const std::string& k : Keys(art, kPerson)) {
      if (starts(k, "fra")) ++in_year[k];
    }
  }
  CommandResult r =
      RunCommand({QueryBinary(), "--db", JsonlDb(), "--format", "json", "--from", year, "--to",
                  year, "--facet-size", "100000", "--facet-search", "person", "Fra"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(r.out);
  std::map<std::string, std::uint64_t> got;
  for (simdjson::dom::element v : root["values"]) {
    got[TestFold(std::string(std::string_view(v["value"])))] = uint64_t(v["count"]);
  }
  EXPECT_EQ(got, in_year);
}

// Aliases: the default table merges acronyms with their expansions, on the
// index side and in filters.
TEST_F(CorpusE2E, AliasesMergeAnAcronymWithItsExpansion) {
  auto orgs = Counts(kOrganization);
  std::string key = TestFold("Organisation des Nations unies");
  ASSERT_GT(orgs[key], 0);
  int with_acronym = 0;
  for (const CorpusArticle& art : Articles()) {
    for (const std::string& n : art.entities[kOrganization]) {
      if (n == "ONU") {
        ++with_acronym;
        break;
      }
    }
  }
  ASSERT_GT(with_acronym, 0) << "the corpus should name the ONU by its acronym";
  for (const char* spelling : {"ONU", "onu", "Organisation des Nations unies", "Nations unies"}) {
    EXPECT_EQ(Query({"--limit", "0", "--org", spelling}).total,
              static_cast<std::uint64_t>(orgs[key]))
        << spelling;
  }
}

TEST_F(CorpusE2E, SortOrdersByDateEitherWay) {
  std::string oldest = "9999", newest;
  for (const CorpusArticle& a : Articles()) {
    oldest = std::min(oldest, a.date);
    newest = std::max(newest, a.date);
  }
  QueryOut up = Query({"--sort", "oldest", "--limit", "50"});
  ASSERT_EQ(up.hits.size(), 50u);
  EXPECT_EQ(up.hits.front().date, oldest);
  for (std::size_t i = 1; i < up.hits.size(); ++i) EXPECT_LE(up.hits[i - 1].date, up.hits[i].date);
  // A word query is ranked by relevance unless asked otherwise.
  QueryOut down = Query({"gouvernement", "--sort", "newest", "--limit", "50"});
  ASSERT_GT(down.hits.size(), 1u);
  for (std::size_t i = 1; i < down.hits.size(); ++i) {
    EXPECT_GE(down.hits[i - 1].date, down.hits[i].date);
  }
  QueryOut ranked = Query({"gouvernement", "--limit", "50"});
  for (std::size_t i = 1; i < ranked.hits.size(); ++i) {
    EXPECT_GE(ranked.hits[i - 1].score, ranked.hits[i].score);
  }
}

// jsonl and ids print the same hits as json, one per line.
TEST_F(CorpusE2E, JsonLinesAndIdsFormatsPrintTheSameHits) {
  std::vector<std::string> args = {"--db",     JsonlDb(), "--limit",     "7",
                                   "--offset", "3",       "gouvernement"};
  QueryOut json = Query({"--limit", "7", "--offset", "3", "gouvernement"});
  ASSERT_EQ(json.hits.size(), 7u);
  std::vector<std::string> jsonl_args = {QueryBinary(), "--format", "jsonl"};
  jsonl_args.insert(jsonl_args.end(), args.begin(), args.end());
  CommandResult jsonl = RunCommand(jsonl_args);
  EXPECT_EQ(jsonl.exit_status, 0) << jsonl.err;
  std::istringstream lines(jsonl.out);
  std::string line;
  std::size_t n = 0;
  simdjson::dom::parser parser;
  while (std::getline(lines, line)) {
    ASSERT_LT(n, json.hits.size());
    simdjson::dom::element hit = parser.parse(line);
    EXPECT_EQ(std::string_view(hit["id"]), json.hits[n].id);
    ++n;
  }
  EXPECT_EQ(n, json.hits.size());
  std::vector<std::string> ids_args = {QueryBinary(), "--format", "ids"};
  ids_args.insert(ids_args.end(), args.begin(), args.end());
  CommandResult ids = RunCommand(ids_args);
  EXPECT_EQ(ids.exit_status, 0) << ids.err;
  std::string expected;
  for (const HitOut& h : json.hits) expected += h.id + "\n";
  EXPECT_EQ(ids.out, expected);
}

TEST_F(CorpusE2E, ExplainShowsTheParsedQueryAndTheFilters) {
  CommandResult r = RunCommand({QueryBinary(), "--db", JsonlDb(), "--explain", "--limit", "0",
                                "--person", "François Hollande", "title:attentat"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Query: ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("XPERfrancois hollande"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ZSattentat"), std::string::npos) << r.out;
}

TEST_F(CorpusE2E, NoMatchExitsWithOneAndAnEmptyResult) {
  QueryOut q = Query({"zzqxwvkjh"});
  EXPECT_EQ(q.exit_status, 1);
  EXPECT_EQ(q.total, 0u);
  EXPECT_TRUE(q.hits.empty());
}

TEST_F(CorpusE2E, QueryLanguageFieldsMatchTheCommandLineFilters) {
  auto persons = Counts(kPerson);
  std::string key = FrequentKeys(persons, 3).front();
  EXPECT_EQ(Query({"person:\"" + key + "\"", "--limit", "0"}).total,
            static_cast<std::uint64_t>(persons[key]));
  std::uint64_t in_2016 = 0;
  for (const CorpusArticle& a : Articles()) in_2016 += a.date.compare(0, 4, "2016") == 0;
  EXPECT_EQ(Query({"date:2016", "--limit", "0"}).total, in_2016);
  const CorpusArticle& first = Articles().front();
  QueryOut by_id = Query({"id:" + first.id});
  ASSERT_EQ(by_id.hits.size(), 1u);
  EXPECT_EQ(by_id.hits[0].title, first.title);
}

}  // namespace
}  // namespace facette::e2e
