// The bench's smoke mode (issue 7): the corpus generator and the harness on
// 300 articles, so that the bench cannot rot. It checks that every stage ran
// and gave sane figures, not how fast anything is.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
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

  std::string MakeCorpus(const std::string& name, int seed, const std::string& options = "") {
    std::string path = (dir_ / name).string();
    EXPECT_EQ(
        Run("'" + kBenchDir + "/facette_make_corpus' --articles " + std::to_string(kArticles) +
            " --seed " + std::to_string(seed) + " --out '" + path + "' " + options),
        0);
    return path;
  }

  // Runs facette_make_corpus with `options` and returns its curve: distinct
  // words by number of articles (the TSV rows it prints).
  std::map<std::int64_t, std::int64_t> Curve(const std::string& options) {
    std::string output = (dir_ / "curve.tsv").string();
    EXPECT_EQ(std::system(("'" + kBenchDir + "/facette_make_corpus' " + options + " >'" + output +
                           "' 2>/dev/null")
                              .c_str()),
              0);
    std::map<std::int64_t, std::int64_t> words;
    std::ifstream in(output);
    std::string line;
    while (std::getline(in, line)) {
      std::int64_t articles = 0, tokens = 0, distinct = 0;
      if (std::sscanf(line.c_str(), "%" SCNd64 "\t%" SCNd64 "\t%" SCNd64, &articles, &tokens,
                      &distinct) == 3) {
        words[articles] = distinct;
      }
    }
    return words;
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
  std::int64_t listed = 0;
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
    // Every listed entity is named in the text (renamed ones too).
    std::string text = std::string(article["title"].get_string().value()) + "\n" +
                       std::string(article["body"].get_string().value());
    for (const char* key : {"persons", "organizations", "locations"}) {
      for (simdjson::dom::element name : article[key].get_array()) {
        std::string_view value = name.get_string().value();
        EXPECT_NE(text.find(value), std::string::npos) << key << ": " << value;
        ++listed;
      }
    }
    start = end + 1;
  }
  EXPECT_EQ(lines, kArticles);
  EXPECT_EQ(static_cast<std::int64_t>(ids.size()), kArticles);
  EXPECT_GT(with_persons, kArticles / 2);  // entity lists follow the sentences used
  EXPECT_GT(listed, kArticles);
}

// Distinct person names over a corpus.
std::set<std::string> PersonNames(const std::string& corpus) {
  simdjson::dom::parser parser;
  std::set<std::string> names;
  std::size_t start = 0;
  while (start < corpus.size()) {
    std::size_t end = corpus.find('\n', start);
    simdjson::dom::element article = parser.parse(corpus.substr(start, end - start));
    for (simdjson::dom::element name : article["persons"].get_array()) {
      names.emplace(name.get_string().value());
    }
    start = end + 1;
  }
  return names;
}

// The old mode stays selectable and deterministic; the default (heaps)
// varies its sentences, persons included.
TEST_F(BenchSmokeTest, RecombineModeIsKeptAndHeapsModeNamesNewPersons) {
  std::string recombine = ReadFile(MakeCorpus("r1.jsonl", 7, "--vocabulary recombine"));
  EXPECT_EQ(recombine, ReadFile(MakeCorpus("r2.jsonl", 7, "--vocabulary recombine")));
  std::string heaps = ReadFile(MakeCorpus("h.jsonl", 7));
  EXPECT_NE(recombine, heaps);
  // Same articles, same sentences: the same number of lines.
  EXPECT_EQ(std::count(recombine.begin(), recombine.end(), '\n'),
            std::count(heaps.begin(), heaps.end(), '\n'));
  std::set<std::string> old_names = PersonNames(recombine);
  std::set<std::string> new_names = PersonNames(heaps);
  std::size_t invented = 0;
  for (const std::string& name : new_names) invented += old_names.count(name) == 0 ? 1 : 0;
  EXPECT_GT(invented, old_names.size() / 4);
}

// Heaps' law on a small N: distinct words at 2,000 articles against 500
// grow by 4^β, β the generator's exponent (0.55, rare_words.h), within ±0.1
// of β for the source sentences' own words, which are mostly seen by then.
// The old mode grows by less. The curve of the written file is the same as
// the one counted while generating.
TEST_F(BenchSmokeTest, VocabularyGrowsLikeHeapsLaw) {
  constexpr double kBeta = 0.55;
  std::map<std::int64_t, std::int64_t> heaps = Curve("--curve --articles 2000 --seed 3");
  ASSERT_EQ(heaps.count(500), 1u);
  ASSERT_EQ(heaps.count(2000), 1u);
  const double growth = static_cast<double>(heaps[2000]) / static_cast<double>(heaps[500]);
  EXPECT_GT(growth, std::pow(4.0, kBeta - 0.1));
  EXPECT_LT(growth, std::pow(4.0, kBeta + 0.1));

  std::map<std::int64_t, std::int64_t> old =
      Curve("--curve --articles 2000 --seed 3 --vocabulary recombine");
  ASSERT_EQ(old.count(2000), 1u);
  EXPECT_LT(static_cast<double>(old[2000]) / static_cast<double>(old[500]),
            std::pow(4.0, kBeta - 0.1));

  std::string corpus = MakeCorpus("curve.jsonl", 3);
  std::map<std::int64_t, std::int64_t> of_file = Curve("--curve-input '" + corpus + "'");
  std::map<std::int64_t, std::int64_t> generated = Curve("--curve --articles 300 --seed 3");
  ASSERT_EQ(of_file.count(kArticles), 1u);
  EXPECT_EQ(of_file[kArticles], generated[kArticles]);
  EXPECT_GT(generated[kArticles], 1000);
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
  EXPECT_EQ(latencies, 6 * 3);  // six classes, three engines

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
                "' --repeat 1 --reuse-indexes --queries '" + first + "' --details '" + again + "'"),
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
