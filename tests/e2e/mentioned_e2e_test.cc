// End to end: the "dates mentioned" field. Articles carry producer-given
// `dates_mentioned` lists (days, months, years); facette-query's
// --mentioned filters and `mentioned:` must select exactly the articles the
// test computes from those lists with its own calendar arithmetic, and the
// `mentioned` facet must count them the same way.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "e2e_support.h"

namespace facette::e2e {
namespace {

// A mention as the test reads it: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
struct Period {
  int first;  // YYYYMMDD of its first day
  int last;   // YYYYMMDD of its last day
};

Period PeriodOf(const std::string& text) {
  int year = std::stoi(text.substr(0, 4));
  if (text.size() == 4) return {year * 10000 + 101, year * 10000 + 1231};
  int month = std::stoi(text.substr(5, 2));
  if (text.size() == 7) {
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int days = kDays[month - 1];
    if (month == 2 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) days = 28;
    return {year * 10000 + month * 100 + 1, year * 10000 + month * 100 + days};
  }
  int day = year * 10000 + month * 100 + std::stoi(text.substr(8, 2));
  return {day, day};
}

// The articles of the test: id -> mentions.
const std::map<std::string, std::vector<std::string>> kArticles = {
    {"a1", {"2016-02-07", "2016-03"}},
    {"a2", {"2016-02"}},
    {"a3", {"2016"}},
    {"a4", {"2015-12-31", "2017-01-01"}},
    {"a5", {"2016-02-29", "2016-02-07"}},
    {"a6", {}},
    {"a7", {"2017-05", "2017"}},
};

// Articles with a mention inside [first, last], or, for a single date,
// mentions at or below its precision (a month finds its days too).
std::set<std::string> ExpectedInRange(int first, int last) {
  std::set<std::string> ids;
  for (const auto& [id, mentions] : kArticles) {
    for (const std::string& m : mentions) {
      Period p = PeriodOf(m);
      if (p.first >= first && p.last <= last) ids.insert(id);
    }
  }
  return ids;
}

std::set<std::string> Ids(const std::string& out) {
  std::set<std::string> ids;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ids.insert(line);
  }
  return ids;
}

class MentionedE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string input;
    for (const auto& [id, mentions] : kArticles) {
      input += "{\"id\": \"" + id + "\", \"title\": \"Titre " + id +
               "\", \"body\": \"Un texte sans date.\", \"date\": \"2018-06-01\", "
               "\"persons\": [], \"dates_mentioned\": [";
      for (std::size_t i = 0; i < mentions.size(); ++i) {
        input += (i ? ", \"" : "\"") + mentions[i] + "\"";
      }
      input += "]}\n";
    }
    WriteFile(dir_->Path("in.jsonl"), input);
    CommandResult r = RunCommand({IndexBinary(), "--db", dir_->Path("db"), dir_->Path("in.jsonl")});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::set<std::string> Query(std::vector<std::string> args) {
    std::vector<std::string> argv = {QueryBinary(), "--db", dir_->Path("db"), "--format", "ids",
                                     "--limit", "100"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = RunCommand(argv);
    std::set<std::string> ids = Ids(r.out);
    // 0 when some article matches, 1 when none: anything else (a crash, a
    // sanitizer report after the output) is a failure.
    EXPECT_EQ(ids.empty() ? 1 : 0, r.exit_status) << r.err;
    return ids;
  }

  static TempDir* dir_;
};

TempDir* MentionedE2E::dir_ = nullptr;

TEST_F(MentionedE2E, FiltersSelectTheArticlesMentioningADateOfThePeriod) {
  static const struct {
    const char* value;
    int first, last;  // the period the value covers, YYYYMMDD
  } kCases[] = {
      {"2016-02-07", 20160207, 20160207},
      {"2016-02", 20160201, 20160229},
      {"février 2016", 20160201, 20160229},
      {"2016", 20160101, 20161231},
      {"2016-02-01..2016-03-31", 20160201, 20160331},
      {"2015-12-31..2017-01-01", 20151231, 20170101},
      {"..2016-02", 0, 20160229},
      {"2017..", 20170101, 99991231},
      {"2016-02-08..2016-02-28", 20160208, 20160228},
  };
  for (const auto& c : kCases) {
    std::set<std::string> expected = ExpectedInRange(c.first, c.last);
    EXPECT_EQ(expected, Query({"--mentioned", c.value})) << c.value;
    EXPECT_EQ(expected, Query({std::string("mentioned:\"") + c.value + "\""})) << c.value;
  }
  // Several values: any of them.
  std::set<std::string> either = ExpectedInRange(20160207, 20160207);
  for (const std::string& id : ExpectedInRange(20170501, 20170531)) either.insert(id);
  EXPECT_EQ(either, Query({"--mentioned", "2016-02-07", "--mentioned", "2017-05"}));
}

TEST_F(MentionedE2E, TheFacetCountsArticlesPerDateAsWritten) {
  // Expected: for each distinct mention, the articles naming it (once per
  // article), under the filter used.
  for (const char* filter : {"", "2016"}) {
    std::map<std::string, std::uint64_t> expected;
    std::set<std::string> kept = *filter ? ExpectedInRange(20160101, 20161231)
                                          : std::set<std::string>{};
    for (const auto& [id, mentions] : kArticles) {
      if (*filter && kept.count(id) == 0) continue;
      std::set<std::string> distinct(mentions.begin(), mentions.end());
      for (const std::string& m : distinct) ++expected[m];
    }
    std::vector<std::string> argv = {
        QueryBinary(),  "--db", dir_->Path("db"), "--format", "json", "--facets", "mentioned",
        "--facet-size", "100",  "--limit",        "100"};
    if (*filter) argv.insert(argv.end(), {"--mentioned", filter});
    CommandResult r = RunCommand(argv);
    ASSERT_EQ(r.exit_status, 0) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element root = parser.parse(r.out);
    simdjson::dom::element facet = root["facets"]["mentioned"];
    std::map<std::string, std::uint64_t> counted;
    for (simdjson::dom::element v : facet["values"]) {
      counted[std::string(std::string_view(v["value"]))] = std::uint64_t(v["count"]);
    }
    EXPECT_EQ(expected, counted) << "filter " << filter;
    EXPECT_EQ(expected.size(), std::uint64_t(facet["distinct"])) << "filter " << filter;
    // Hits show their mentions as given, in input order, without repeats:
    // one hit per article under the filter.
    ASSERT_EQ(*filter ? kept.size() : kArticles.size(), root["hits"].get_array().size())
        << "filter " << filter;
    for (simdjson::dom::element hit : root["hits"]) {
      std::vector<std::string> shown;
      for (simdjson::dom::element d : hit["dates_mentioned"]) {
        shown.emplace_back(std::string_view(d));
      }
      std::string id{std::string_view(hit["id"])};
      std::vector<std::string> given;
      for (const std::string& m : kArticles.at(id)) {
        if (std::find(given.begin(), given.end(), m) == given.end()) given.push_back(m);
      }
      EXPECT_EQ(given, shown) << id;
    }
  }
}

TEST_F(MentionedE2E, BadDatesAreErrorsNamingTheOption) {
  CommandResult r = RunCommand({QueryBinary(), "--db", dir_->Path("db"), "--mentioned", "2016-13"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("--mentioned"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("13"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace facette::e2e
