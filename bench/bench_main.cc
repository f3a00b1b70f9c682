// facette_bench: the harness of the bench. For one corpus it indexes with
// each engine in a child process (wall time, peak RSS from wait4, index size
// on disk), runs the query mix against each engine in this process (a
// warm-up pass, then three timed passes, the median of each query kept),
// checks that totals agree where they should, and prints markdown tables
// (with --json, the figures as JSON for bench_smoke_test; with --details,
// every query with each engine's total and time).
//
//   facette_bench run --input corpus.jsonl --work DIR [--json FILE]
//   facette_bench index --engine facette|xapian|sqlite --input F --db DIR
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/engines.h"
#include "bench/query_mix.h"
#include "bench/stats.h"

namespace fs = std::filesystem;

namespace facette::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uint64_t DirectorySize(const fs::path& dir) {
  std::uint64_t size = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) size += entry.file_size();
  }
  return size;
}

struct IndexFigures {
  EngineId engine;
  double seconds = 0;
  std::uint64_t peak_rss_kb = 0;
  std::uint64_t index_bytes = 0;
  std::uint64_t documents = 0;
};

// Runs `facette_bench index` for one engine in a child process.
IndexFigures MeasureIndexing(EngineId engine, const std::string& input, const fs::path& db) {
  fs::remove_all(db);
  fs::create_directories(db);
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string engine_name(EngineName(engine));
  std::string db_string = db.string();
  std::vector<const char*> args = {self.c_str(), "index",       "--engine", engine_name.c_str(),
                                   "--input",    input.c_str(), "--db",     db_string.c_str(),
                                   nullptr};
  Clock::time_point start = Clock::now();
  pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    execv(self.c_str(), const_cast<char* const*>(args.data()));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(child, &status, 0, &usage) != child) throw std::runtime_error("wait4 failed");
  IndexFigures figures;
  figures.engine = engine;
  figures.seconds = SecondsSince(start);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("indexing with " + engine_name + " failed");
  }
  figures.peak_rss_kb = static_cast<std::uint64_t>(usage.ru_maxrss);
  figures.index_bytes = DirectorySize(db);
  figures.documents = OpenEngine(engine, db_string)->DocumentCount();
  return figures;
}

struct QueryFigures {
  std::vector<double> millis;  // per query of the mix
  std::vector<QueryOutcome> outcomes;
};

// A warm-up pass (unless !warm_up), then `repeat` timed passes over the mix;
// each query's time is its median over the timed passes, which keeps one
// slow moment of a shared machine from becoming a p95.
QueryFigures MeasureQueries(EngineId engine, const std::string& db,
                            const std::vector<BenchQuery>& mix, bool warm_up, int repeat) {
  std::unique_ptr<QueryEngine> searcher = OpenEngine(engine, db);
  QueryFigures figures;
  if (warm_up) {
    for (const BenchQuery& query : mix) searcher->Run(query);
  }
  std::vector<std::vector<double>> times(mix.size());
  for (int pass = 0; pass < std::max(1, repeat); ++pass) {
    for (std::size_t q = 0; q < mix.size(); ++q) {
      Clock::time_point start = Clock::now();
      QueryOutcome outcome = searcher->Run(mix[q]);
      times[q].push_back(SecondsSince(start) * 1000);
      if (pass == 0) figures.outcomes.push_back(std::move(outcome));
    }
  }
  for (const std::vector<double>& query_times : times)
    figures.millis.push_back(Median(query_times));
  return figures;
}

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

struct RunOptions {
  std::string input;
  std::string work;
  std::string json_path;
  std::string details_path;
  std::vector<std::string> engines = {"xapian", "sqlite", "facette"};
  std::uint64_t seed = 1;
  bool warm_up = true;
  int repeat = 3;
  bool variants = true;  // also index with kFacetteVariants (not queried)
  // Query the indexes an earlier run left in `work` (no indexing figures).
  bool reuse_indexes = false;
  // Read the query mix from an earlier run's --details file instead of
  // choosing it from the corpus (same queries, and no pass over the corpus).
  std::string queries_path;
};

// Lines of the JSON Lines corpus: its article count when no engine indexed.
std::uint64_t CountLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t lines = 0;
  std::string line;
  while (std::getline(in, line)) lines += !line.empty();
  return lines;
}

int Run(const RunOptions& options) {
  std::vector<EngineId> engines;
  for (const std::string& name : options.engines) engines.push_back(ParseEngineName(name));
  const double input_mb = static_cast<double>(fs::file_size(options.input)) / 1e6;
  fs::create_directories(options.work);

  std::vector<IndexFigures> indexing;
  for (EngineId engine : options.reuse_indexes ? std::vector<EngineId>{} : engines) {
    std::cerr << "facette_bench: indexing with " << EngineName(engine) << "...\n";
    indexing.push_back(MeasureIndexing(engine, options.input,
                                       fs::path(options.work) / std::string(EngineName(engine))));
  }
  if (options.variants && !options.reuse_indexes &&
      std::find(engines.begin(), engines.end(), EngineId::kFacette) != engines.end()) {
    for (EngineId variant : kFacetteVariants) {
      std::cerr << "facette_bench: indexing with " << EngineName(variant) << "...\n";
      indexing.push_back(MeasureIndexing(
          variant, options.input, fs::path(options.work) / std::string(EngineName(variant))));
    }
  }
  const std::uint64_t articles =
      indexing.empty() ? CountLines(options.input) : indexing.front().documents;

  std::vector<BenchQuery> mix;
  if (options.queries_path.empty()) {
    std::cerr << "facette_bench: choosing the query mix...\n";
    QueryMixOptions mix_options;
    mix_options.seed = options.seed;
    mix = MakeQueryMix(options.input, mix_options);
  } else {
    mix = ReadQueryMix(options.queries_path);
  }
  std::vector<QueryFigures> queries;
  for (EngineId engine : engines) {
    std::cerr << "facette_bench: " << mix.size() << " queries with " << EngineName(engine)
              << "...\n";
    queries.push_back(
        MeasureQueries(engine, (fs::path(options.work) / std::string(EngineName(engine))).string(),
                       mix, options.warm_up, options.repeat));
  }

  // The baseline of the ratios: stock Xapian when it ran, else the first.
  std::size_t base = 0;
  for (std::size_t e = 0; e < engines.size(); ++e) {
    if (engines[e] == EngineId::kStockXapian) base = e;
  }

  std::cout << "\n### " << articles << " articles (" << Format("%.1f", input_mb)
            << " MB of JSON Lines)\n\n";
  if (indexing.empty()) std::cout << "Indexes reused from an earlier run: no indexing figures.\n";
  if (!indexing.empty()) {
    std::cout << "Indexing (ratios: to " << EngineName(engines[base]) << "; higher is faster)\n\n"
              << "| engine | articles | seconds | articles/s | MB/s | speed ratio | peak RSS MB "
                 "| index MB | index / input |\n"
              << "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const IndexFigures& f : indexing) {
      std::cout << "| " << EngineName(f.engine) << " | " << f.documents << " | "
                << Format("%.1f", f.seconds) << " | "
                << Format("%.0f", static_cast<double>(f.documents) / f.seconds) << " | "
                << Format("%.2f", input_mb / f.seconds) << " | "
                << Format("%.2fx", indexing[base].seconds / f.seconds) << " | "
                << Format("%.0f", static_cast<double>(f.peak_rss_kb) / 1024) << " | "
                << Format("%.0f", static_cast<double>(f.index_bytes) / 1e6) << " | "
                << Format("%.2f", static_cast<double>(f.index_bytes) / 1e6 / input_mb) << " |\n";
    }
  }

  std::cout << "\nQuery latency in ms (top 10, exact total, person/organisation/month facets "
               "over all matches; p95 ratio: to "
            << EngineName(engines[base]) << ", lower is faster)\n\n"
            << "| class | queries | engine | p50 | p95 | p99 | p95 ratio | mean total |\n"
            << "|---|---:|---|---:|---:|---:|---:|---:|\n";
  std::map<std::string, std::map<std::string, std::array<double, 3>>> percentiles;
  for (const char* query_class : kQueryClasses) {
    std::vector<std::size_t> members;
    for (std::size_t q = 0; q < mix.size(); ++q) {
      if (mix[q].query_class == query_class) members.push_back(q);
    }
    if (members.empty()) continue;
    double base_p95 = 0;
    for (std::size_t e = 0; e < engines.size(); ++e) {
      std::vector<double> millis;
      double total = 0;
      for (std::size_t q : members) {
        millis.push_back(queries[e].millis[q]);
        total += static_cast<double>(queries[e].outcomes[q].total);
      }
      std::array<double, 3> p = {Percentile(millis, 50), Percentile(millis, 95),
                                 Percentile(millis, 99)};
      if (e == base) base_p95 = p[1];
      percentiles[query_class][std::string(EngineName(engines[e]))] = p;
    }
    for (std::size_t e = 0; e < engines.size(); ++e) {
      const auto& p = percentiles[query_class][std::string(EngineName(engines[e]))];
      double total = 0;
      for (std::size_t q : members) total += static_cast<double>(queries[e].outcomes[q].total);
      std::cout << "| " << query_class << " | " << members.size() << " | " << EngineName(engines[e])
                << " | " << Format("%.2f", p[0]) << " | " << Format("%.2f", p[1]) << " | "
                << Format("%.2f", p[2]) << " | " << Format("%.2fx", p[1] / std::max(base_p95, 1e-9))
                << " | " << Format("%.0f", total / static_cast<double>(members.size())) << " |\n";
    }
  }

  // Agreement of totals, per class: queries where all engines agree, and
  // the sum of each engine's totals relative to the baseline's.
  std::cout << "\nTotals: queries on which all engines agree exactly; sum of totals relative to "
            << EngineName(engines[base]) << "\n\n| class | all agree |";
  for (EngineId engine : engines) std::cout << " " << EngineName(engine) << " |";
  std::cout << "\n|---|---:|";
  for (std::size_t e = 0; e < engines.size(); ++e) std::cout << "---:|";
  std::cout << "\n";
  std::map<std::string, std::pair<std::size_t, std::size_t>> agreement;  // class -> agree, all
  for (const char* query_class : kQueryClasses) {
    std::size_t agree = 0, count = 0;
    std::vector<double> sums(engines.size(), 0);
    for (std::size_t q = 0; q < mix.size(); ++q) {
      if (mix[q].query_class != query_class) continue;
      ++count;
      bool same = true;
      for (std::size_t e = 0; e < engines.size(); ++e) {
        sums[e] += static_cast<double>(queries[e].outcomes[q].total);
        same = same && queries[e].outcomes[q].total == queries[0].outcomes[q].total;
      }
      if (same) ++agree;
    }
    if (count == 0) continue;
    agreement[query_class] = {agree, count};
    std::cout << "| " << query_class << " | " << agree << "/" << count << " |";
    for (std::size_t e = 0; e < engines.size(); ++e) {
      std::cout << " " << Format("%.3f", sums[e] / std::max(sums[base], 1.0)) << " |";
    }
    std::cout << "\n";
  }

  if (!options.details_path.empty()) {
    std::ofstream details(options.details_path);
    details << "class\ttext\tperson\torganization\tfrom\tto";
    for (EngineId engine : engines) {
      details << "\t" << EngineName(engine) << " total\t" << EngineName(engine) << " ms";
    }
    details << "\n";
    for (std::size_t q = 0; q < mix.size(); ++q) {
      const BenchQuery& query = mix[q];
      details << query.query_class << "\t" << query.text << "\t" << query.person << "\t"
              << query.organization << "\t" << query.from << "\t" << query.to;
      for (std::size_t e = 0; e < engines.size(); ++e) {
        details << "\t" << queries[e].outcomes[q].total << "\t"
                << Format("%.3f", queries[e].millis[q]);
      }
      details << "\n";
    }
    if (!details) throw std::runtime_error("cannot write " + options.details_path);
  }

  if (!options.json_path.empty()) {
    std::ofstream json(options.json_path);
    json << "{\"articles\": " << articles << ", \"input_mb\": " << input_mb
         << ", \"queries\": " << mix.size() << ", \"indexing\": [";
    for (std::size_t e = 0; e < indexing.size(); ++e) {
      const IndexFigures& f = indexing[e];
      json << (e ? ", " : "") << "{\"engine\": \"" << EngineName(f.engine)
           << "\", \"documents\": " << f.documents << ", \"seconds\": " << f.seconds
           << ", \"peak_rss_kb\": " << f.peak_rss_kb << ", \"index_bytes\": " << f.index_bytes
           << "}";
    }
    json << "], \"latency\": [";
    bool first = true;
    for (const auto& [query_class, by_engine] : percentiles) {
      for (const auto& [engine, p] : by_engine) {
        json << (first ? "" : ", ") << "{\"class\": \"" << query_class << "\", \"engine\": \""
             << engine << "\", \"p50\": " << p[0] << ", \"p95\": " << p[1] << ", \"p99\": " << p[2]
             << "}";
        first = false;
      }
    }
    json << "], \"agreement\": [";
    first = true;
    for (const auto& [query_class, counts] : agreement) {
      json << (first ? "" : ", ") << "{\"class\": \"" << query_class
           << "\", \"agree\": " << counts.first << ", \"queries\": " << counts.second << "}";
      first = false;
    }
    json << "], \"facet_values\": [";
    for (std::size_t e = 0; e < engines.size(); ++e) {
      std::uint64_t values = 0, hits = 0;
      for (const QueryOutcome& outcome : queries[e].outcomes) {
        values += outcome.person_values + outcome.organization_values + outcome.month_values;
        hits += outcome.top.size();
      }
      json << (e ? ", " : "") << "{\"engine\": \"" << EngineName(engines[e])
           << "\", \"values\": " << values << ", \"hits\": " << hits << "}";
    }
    json << "]}\n";
    if (!json) throw std::runtime_error("cannot write " + options.json_path);
  }
  return 0;
}

}  // namespace
}  // namespace facette::bench

int main(int argc, char** argv) try {
  using facette::bench::EngineId;
  CLI::App app{"facette's benchmark harness: facette, stock Xapian and SQLite FTS5 side by side."};
  app.require_subcommand(1);
  facette::bench::RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Index with every engine, run the query mix, print");
  run->add_option("--input", run_options.input, "Corpus (JSON Lines)")->required();
  run->add_option("--work", run_options.work, "Folder for the indexes (overwritten)")->required();
  run->add_option("--json", run_options.json_path, "Also write the figures as JSON here");
  run->add_option("--details", run_options.details_path,
                  "Write each query with each engine's total and time here (TSV)");
  run->add_option("--engines", run_options.engines, "Engines (xapian, sqlite, facette)")
      ->delimiter(',');
  run->add_option("--seed", run_options.seed, "Seed of the query mix");
  run->add_option("--repeat", run_options.repeat, "Timed passes over the queries (median)");
  bool no_warm_up = false;
  run->add_flag("--no-warm-up", no_warm_up, "Time the first pass over the queries");
  run->add_flag("--reuse-indexes", run_options.reuse_indexes,
                "Query the indexes an earlier run left in --work; do not index");
  run->add_option("--queries", run_options.queries_path,
                  "Query mix of an earlier run (its --details file) instead of choosing one");
  bool no_variants = false;
  run->add_flag("--no-variants", no_variants,
                "Skip the facette indexing variants (one thread, with extraction)");

  std::string engine_name, input, db;
  CLI::App* index = app.add_subcommand("index", "Index a corpus with one engine (a child step)");
  index->add_option("--engine", engine_name, "facette, xapian or sqlite")->required();
  index->add_option("--input", input, "Corpus (JSON Lines)")->required();
  index->add_option("--db", db, "Index folder")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*index) {
    // The folder made for every engine (SQLite opens a file in it).
    std::filesystem::create_directories(db);
    facette::bench::IndexWith(facette::bench::ParseEngineName(engine_name), input, db);
    return 0;
  }
  run_options.warm_up = !no_warm_up;
  run_options.variants = !no_variants;
  return facette::bench::Run(run_options);
} catch (const std::exception& e) {
  std::cerr << "facette_bench: " << e.what() << "\n";
  return 1;
}
