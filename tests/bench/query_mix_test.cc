// The bench's query mix (bench/query_mix.h) asks every engine the same
// question: on a written corpus where a full person name ("Manuel Valls")
// also appears as its last word alone in other articles ("Valls"), which
// facette merges into the full name for the whole collection
// (query/name_merges.h) and the baselines do not, and a one-word person
// ("Alistair"), which facette reads as part of a name, the mix must filter
// on neither, and facette and SQLite FTS5 must give the same total for
// every filter-only query.
#include "bench/query_mix.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/engines.h"

namespace facette::bench {
namespace {

namespace fs = std::filesystem;

class QueryMixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/facette-query-mix-XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(pattern));
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
};

// One article: persons and organisations given, all in 2017.
std::string Line(int i, const std::vector<std::string>& persons,
                 const std::vector<std::string>& organizations) {
  auto list = [](const std::vector<std::string>& names) {
    std::string out = "[";
    for (const std::string& name : names) out += (out.size() > 1 ? ", \"" : "\"") + name + "\"";
    return out + "]";
  };
  char id[32], date[16];
  std::snprintf(id, sizeof id, "mix/%03d", i);
  std::snprintf(date, sizeof date, "2017-%02d-%02d", 1 + i % 12, 1 + i % 28);
  return std::string("{\"id\": \"") + id + "\", \"date\": \"" + date +
         "\", \"title\": \"Nouvelles du conseil municipal\", \"body\": \"Le conseil a voté "
         "le budget de la commune après un long débat.\", \"persons\": " +
         list(persons) + ", \"organizations\": " + list(organizations) + ", \"locations\": []}\n";
}

TEST_F(QueryMixTest, FiltersAreOnNamesEveryEngineReadsAlike) {
  const std::string corpus = dir_ + "/corpus.jsonl";
  {
    std::ofstream out(corpus);
    // 40 articles name Manuel Valls, 6 only "Valls"; 20 name "Alistair",
    // which facette reads as part of a name, and 4 "Alistair Brownlee";
    // Anne Hidalgo is never shortened.
    for (int i = 0; i < 80; ++i) {
      std::vector<std::string> persons;
      if (i < 40) persons.push_back("Manuel Valls");
      if (i >= 40 && i < 46) persons.push_back("Valls");
      if (i >= 50 && i < 70) persons.push_back("Alistair");
      if (i >= 70 && i < 74) persons.push_back("Alistair Brownlee");
      if (i % 2 == 0) persons.push_back("Anne Hidalgo");
      out << Line(i, persons, {i % 2 == 0 ? "Syndicat Alpha" : "Club Beta"});
    }
  }
  std::vector<BenchQuery> mix = MakeQueryMix(corpus, QueryMixOptions{});
  std::size_t filter_only = 0;
  for (const BenchQuery& query : mix) {
    EXPECT_NE("Manuel Valls", query.person) << query.query_class;
    EXPECT_NE("Valls", query.person) << query.query_class;
    EXPECT_NE("Alistair", query.person) << query.query_class;
    filter_only += query.query_class == "filter-only" ? 1 : 0;
  }
  ASSERT_GE(filter_only, 10u);

  fs::create_directories(dir_ + "/sqlite");
  IndexFacette(corpus, dir_ + "/facette");
  IndexSqliteFts5(corpus, dir_ + "/sqlite");
  std::unique_ptr<QueryEngine> facette = OpenFacette(dir_ + "/facette");
  std::unique_ptr<QueryEngine> sqlite = OpenSqliteFts5(dir_ + "/sqlite");
  for (const BenchQuery& query : mix) {
    if (query.query_class != "filter-only") continue;
    const std::uint64_t total = sqlite->Run(query).total;
    EXPECT_GT(total, 0u) << query.person << query.organization;
    EXPECT_EQ(total, facette->Run(query).total) << query.person << query.organization;
  }
}

}  // namespace
}  // namespace facette::bench
