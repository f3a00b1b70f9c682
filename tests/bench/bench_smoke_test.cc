// The bench's smoke mode (issue 7): the corpus generator and the harness on
// 300 articles, so that the bench cannot rot. It checks that every stage ran
// and gave sane figures, not how fast anything is.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kArticles = 300;
const std::string kBenchDir = FACETTE_BINARY_DIR "/bench";

// A fresh folder under the test's temporary directory, removed at the end.
class BenchSmokeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("facette_bench_smoke_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs a command line; returns its exit status.
  static int Run(const std::string& command) {
    int status = std::system((command + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string MakeCorpus(const std::string& name, int seed) {
    std::string path = (dir_ / name).string();
    EXPECT_EQ(
        Run("'" + kBenchDir + "/facette_make_corpus' --articles " + std::to_string(kArticles) +
            " --seed " + std::to_string(seed) + " --out '" + path + "'"),
        0);
    return path;
  }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path dir_;
};

TEST_F(BenchSmokeTest, GeneratorIsDeterministicAndWritesValidArticles) {
  std::string first = ReadFile(MakeCorpus("a.jsonl", 7));
  std::string second = ReadFile(MakeCorpus("b.jsonl", 7));
  std::string other_seed = ReadFile(MakeCorpus("c.jsonl", 8));
  EXPECT_EQ(first, second);
  EXPECT_NE(first, other_seed);

  simdjson::dom::parser parser;
  std::int64_t lines = 0;
  std::int64_t with_persons = 0;
  std::set<std::string> ids;
  std::size_t start = 0;
  while (start < first.size()) {
    std::size_t end = first.find('\n', start);
    ASSERT_NE(end, std::string::npos);
    simdjson::dom::element article;
    ASSERT_EQ(parser.parse(first.substr(start, end - start)).get(article), simdjson::SUCCESS);
    ++lines;
    ids.insert(std::string(article["id"].get_string().value()));
    std::string_view date = article["date"].get_string().value();
    EXPECT_GE(date, "2000-01-01");
    EXPECT_LE(date, "2025-12-31");
    EXPECT_FALSE(article["title"].get_string().value().empty());
    EXPECT_GT(article["body"].get_string().value().size(), 50u);
    if (article["persons"].get_array().value().size() > 0) ++with_persons;
    start = end + 1;
  }
  EXPECT_EQ(lines, kArticles);
  EXPECT_EQ(static_cast<std::int64_t>(ids.size()), kArticles);
  EXPECT_GT(with_persons, kArticles / 2);  // entity lists follow the sentences used
}

TEST_F(BenchSmokeTest, HarnessRunsEveryStageAndTotalsAgreeOnFilters) {
  std::string corpus = MakeCorpus("corpus.jsonl", 1);
  std::string results = (dir_ / "results.json").string();
  ASSERT_EQ(Run("'" + kBenchDir + "/facette_bench' run --input '" + corpus + "' --work '" +
                (dir_ / "work").string() + "' --repeat 1 --json '" + results + "'"),
            0);

  simdjson::dom::parser parser;
  simdjson::dom::element figures;
  ASSERT_EQ(parser.load(results).get(figures), simdjson::SUCCESS);
  EXPECT_EQ(figures["articles"].get_int64().value(), kArticles);
  EXPECT_GE(figures["queries"].get_int64().value(), 60);

  std::set<std::string> engines;
  for (simdjson::dom::element engine : figures["indexing"].get_array()) {
    std::string name(engine["engine"].get_string().value());
    engines.insert(name);
    SCOPED_TRACE(name);
    EXPECT_EQ(engine["documents"].get_int64().value(), kArticles);
    EXPECT_GT(engine["seconds"].get_double().value(), 0);
    EXPECT_GT(engine["peak_rss_kb"].get_int64().value(), 1000);
    EXPECT_GT(engine["index_bytes"].get_int64().value(), 10000);
  }
  // The three engines, and facette's indexing variants (one thread, with
  // extraction).
  EXPECT_EQ(engines, (std::set<std::string>{"facette", "facette-1t", "facette-extract", "sqlite",
                                            "xapian"}));

  std::int64_t latencies = 0;
  for (simdjson::dom::element latency : figures["latency"].get_array()) {
    double p50 = latency["p50"].get_double().value();
    double p95 = latency["p95"].get_double().value();
    double p99 = latency["p99"].get_double().value();
    EXPECT_GT(p50, 0);
    EXPECT_LE(p50, p95);
    EXPECT_LE(p95, p99);
    EXPECT_LT(p99, 10000);
    ++latencies;
  }
  EXPECT_EQ(latencies, 4 * 3);  // four classes, three engines

  bool saw_filter_only = false;
  for (simdjson::dom::element agreement : figures["agreement"].get_array()) {
    if (agreement["class"].get_string().value() != "filter-only") continue;
    saw_filter_only = true;
    EXPECT_GE(agreement["queries"].get_int64().value(), 10);
    EXPECT_EQ(agreement["agree"].get_int64().value(), agreement["queries"].get_int64().value());
  }
  EXPECT_TRUE(saw_filter_only);

  for (simdjson::dom::element engine : figures["facet_values"].get_array()) {
    SCOPED_TRACE(std::string(engine["engine"].get_string().value()));
    EXPECT_GT(engine["values"].get_int64().value(), 0);
    EXPECT_GT(engine["hits"].get_int64().value(), 0);
  }
}

// An earlier run's --details file, read back by --queries and queried on
// the indexes it left (--reuse-indexes): the same queries, the same totals.
TEST_F(BenchSmokeTest, QueriesOfAnEarlierRunCanBeRunAgainOnItsIndexes) {
  std::string corpus = MakeCorpus("corpus.jsonl", 1);
  const std::string work = (dir_ / "work").string();
  const std::string first = (dir_ / "first.tsv").string();
  const std::string again = (dir_ / "again.tsv").string();
  ASSERT_EQ(Run("'" + kBenchDir + "/facette_bench' run --input '" + corpus + "' --work '" + work +
                "' --repeat 1 --no-variants --details '" + first + "'"),
            0);
  ASSERT_EQ(Run("'" + kBenchDir + "/facette_bench' run --input '" + corpus + "' --work '" + work +
                "' --repeat 1 --reuse-indexes --queries '" + first + "' --details '" + again +
                "'"),
            0);
  // Each line without its time columns (every other column after the six
  // of the query: "<engine> total", "<engine> ms").
  auto without_times = [](const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      std::string kept;
      std::size_t column = 0, from = 0;
      while (true) {
        std::size_t tab = line.find('\t', from);
        std::string cell = line.substr(from, tab == std::string::npos ? tab : tab - from);
        if (column < 6 || column % 2 == 0) kept += cell + "\t";
        ++column;
        if (tab == std::string::npos) break;
        from = tab + 1;
      }
      lines.push_back(kept);
      start = end + 1;
    }
    return lines;
  };
  std::vector<std::string> a = without_times(ReadFile(first));
  std::vector<std::string> b = without_times(ReadFile(again));
  EXPECT_GE(a.size(), 61u);  // a header and at least 60 queries
  EXPECT_EQ(a, b);
}

}  // namespace
