// facette_delta_bench: the query mix while articles stream in through the
// public Indexer, the way a server writes (schema/facet_delta.h).
//
//   facette_delta_bench --input corpus.jsonl --articles 100000 --upserts 10000 --work DIR
//
// From a bench corpus (facette_make_corpus) of at least articles + upserts
// lines: indexes the first `articles` (Indexer::Import, as facette-index),
// then upserts `upserts` articles one by one through Indexer::Upsert, half
// of them new (the next lines) and half replacing a random earlier article
// (its id, the content of a later line), with Indexer::Commit every
// --commit-every upserts. It indexes the same final articles into a fresh
// database, and runs the scale bench's query mix (bench/query_mix.h) on
// three states: fresh (columns of the revision), after the upserts (the
// column file of the import plus the delta) and the same without the delta
// (the value streams, what a stale file gave before the delta). Also one
// pass of the mix every --checkpoint upserts during the stream. Prints
// markdown tables: p50 / p95 per query class, and the commits' times.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/corpus_reader.h"
#include "bench/engines.h"
#include "bench/query_mix.h"
#include "bench/stats.h"
#include "facette/format.h"
#include "facette/index.h"
#include "schema/facet_delta.h"

namespace fs = std::filesystem;

namespace facette::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Options {
  std::string input;
  std::string work;
  std::uint64_t articles = 100000;
  std::uint64_t upserts = 10000;
  std::uint64_t commit_every = 100;
  std::uint64_t checkpoint = 2000;
  std::uint64_t seed = 1;
  int repeat = 3;
};

Article ToArticle(const BenchArticle& in) {
  Article article;
  article.id = std::string(in.id);
  article.title = std::string(in.title);
  article.body = std::string(in.body);
  article.date = std::string(in.date);
  for (std::size_t type = 0; type < 3; ++type) {
    article.entities[type] =
        std::vector<std::string>(in.entities[type].begin(), in.entities[type].end());
  }
  return article;
}

// The article as one line of JSON Lines, its newline included.
std::string Line(const Article& article) {
  std::string line = FormatArticleJson(article);
  if (line.empty() || line.back() != '\n') line += '\n';
  return line;
}

class Observer : public ImportObserver {
 public:
  void OnRejection(const Rejection& rejection) override {
    throw std::runtime_error("rejected: " + rejection.reason);
  }
  void OnWarning(const Warning& /*warning*/) override {}
  void OnProgress(const ImportSummary& /*so_far*/) override {}
};

void Import(const std::string& input, const std::string& db) {
  fs::remove_all(db);
  Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(db);
  if (!indexer.ok()) throw std::runtime_error(indexer.status().message());
  Observer observer;
  Result<ImportSummary> summary = (*indexer)->Import({input}, observer);
  if (!summary.ok()) throw std::runtime_error(summary.status().message());
}

// Each query's time over the mix: one warm-up pass, then the median of
// `repeat` timed passes (the scale bench's rule).
std::vector<double> TimeMix(const std::string& db, const std::vector<BenchQuery>& mix, int repeat,
                            std::vector<std::uint64_t>* totals = nullptr) {
  std::unique_ptr<QueryEngine> engine = OpenFacette(db);
  for (const BenchQuery& query : mix) {
    QueryOutcome outcome = engine->Run(query);
    if (totals != nullptr) totals->push_back(outcome.total);
  }
  std::vector<std::vector<double>> times(mix.size());
  for (int pass = 0; pass < repeat; ++pass) {
    for (std::size_t q = 0; q < mix.size(); ++q) {
      Clock::time_point start = Clock::now();
      engine->Run(mix[q]);
      times[q].push_back(MillisSince(start));
    }
  }
  std::vector<double> millis;
  for (const std::vector<double>& t : times) millis.push_back(Median(t));
  return millis;
}

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

ino_t Inode(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// The documents of the delta that describes the database's revision (0
// when none does).
std::uint64_t DeltaDocuments(const std::string& db_path) {
  Xapian::Database db(db_path);
  Result<ColumnStamp> now = StampOf(db);
  if (!now.ok()) return 0;
  Result<std::shared_ptr<const FacetDelta>> delta = FacetDelta::Load(db_path, now.value());
  return delta.ok() && delta.value() != nullptr ? delta.value()->docids().size() : 0;
}

int Run(const Options& options) {
  fs::create_directories(options.work);
  const std::string base_path = options.work + "/base.jsonl";
  const std::string final_path = options.work + "/final.jsonl";
  const std::uint64_t added = (options.upserts + 1) / 2;  // the even ones
  const std::uint64_t replaced = options.upserts - added;

  // Which earlier articles are replaced, and by what.
  std::mt19937_64 random(options.seed);
  std::vector<std::uint64_t> order(options.articles);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), random);
  std::map<std::uint64_t, std::uint64_t> replacement_of;  // base line -> upsert index
  std::vector<Article> upserts;
  std::vector<std::string> base_ids;
  {
    std::ofstream base(base_path, std::ios::binary | std::ios::trunc);
    std::uint64_t line = 0;
    ForEachArticle(options.input, [&](const BenchArticle& in) {
      if (line < options.articles) {
        base << Line(ToArticle(in));
        base_ids.emplace_back(in.id);
      } else if (line < options.articles + options.upserts) {
        upserts.push_back(ToArticle(in));
      }
      ++line;
    });
    if (upserts.size() < options.upserts) {
      throw std::runtime_error(options.input + ": fewer than articles + upserts lines");
    }
  }
  // Upserts alternate: a new article, then one replacing an earlier one.
  std::vector<Article> stream;
  for (std::uint64_t i = 0; i < options.upserts; ++i) {
    const bool replace = i % 2 == 1;
    Article article = upserts[i];
    if (replace) {
      const std::uint64_t target = order[i / 2];
      article.id = base_ids[target];
      replacement_of[target] = stream.size();
    }
    stream.push_back(std::move(article));
  }
  {
    std::ofstream final_file(final_path, std::ios::binary | std::ios::trunc);
    std::uint64_t line = 0;
    std::ifstream base(base_path, std::ios::binary);
    std::string text;
    while (std::getline(base, text)) {
      auto found = replacement_of.find(line++);
      final_file << (found == replacement_of.end() ? text + '\n' : Line(stream[found->second]));
    }
    for (std::uint64_t i = 0; i < stream.size(); i += 2) {
      final_file << Line(stream[i]);
    }
  }

  const std::string live = options.work + "/live";
  const std::string fresh = options.work + "/fresh";
  std::cerr << "facette_delta_bench: indexing " << options.articles << " articles...\n";
  Import(base_path, live);
  std::cerr << "facette_delta_bench: choosing the query mix...\n";
  QueryMixOptions mix_options;
  mix_options.seed = options.seed;
  const std::vector<BenchQuery> mix = MakeQueryMix(final_path, mix_options);

  std::cerr << "facette_delta_bench: " << options.upserts << " upserts...\n";
  std::vector<double> commit_millis;
  std::vector<std::pair<std::uint64_t, std::vector<double>>> checkpoints;
  std::uint64_t rewrites = 0;
  double upsert_millis = 0;
  const std::string columns_file = live + "/facette.facets";
  {
    Result<std::unique_ptr<Indexer>> indexer = Indexer::Open(live);
    if (!indexer.ok()) throw std::runtime_error(indexer.status().message());
    ino_t inode = Inode(columns_file);
    for (std::uint64_t i = 0; i < stream.size(); ++i) {
      Clock::time_point start = Clock::now();
      Result<UpsertResult> upserted = (*indexer)->Upsert(stream[i]);
      if (!upserted.ok()) throw std::runtime_error(upserted.status().message());
      upsert_millis += MillisSince(start);
      if ((i + 1) % options.commit_every == 0 || i + 1 == stream.size()) {
        start = Clock::now();
        Status committed = (*indexer)->Commit();
        if (!committed.ok()) throw std::runtime_error(committed.message());
        commit_millis.push_back(MillisSince(start));
        const ino_t now = Inode(columns_file);
        rewrites += now != inode;
        inode = now;
      }
      if (options.checkpoint > 0 && (i + 1) % options.checkpoint == 0) {
        checkpoints.emplace_back(i + 1, TimeMix(live, mix, 1));
      }
    }
  }
  const std::uint64_t delta_documents = DeltaDocuments(live);
  std::cerr << "facette_delta_bench: indexing the same articles into a fresh database...\n";
  Import(final_path, fresh);

  std::cerr << "facette_delta_bench: the query mix on each...\n";
  std::vector<std::uint64_t> fresh_totals, delta_totals, slow_totals;
  const std::vector<double> fresh_ms = TimeMix(fresh, mix, options.repeat, &fresh_totals);
  const std::vector<double> delta_ms = TimeMix(live, mix, options.repeat, &delta_totals);
  const std::string delta_file = live + "/facette.facets.delta";
  fs::rename(delta_file, delta_file + ".aside");
  const std::vector<double> slow_ms = TimeMix(live, mix, options.repeat, &slow_totals);
  fs::rename(delta_file + ".aside", delta_file);
  std::size_t disagree = 0;
  for (std::size_t q = 0; q < mix.size(); ++q) {
    disagree += fresh_totals[q] != delta_totals[q] || delta_totals[q] != slow_totals[q];
  }

  std::cout << "\n### " << options.articles << " articles, then " << options.upserts << " upserts ("
            << added << " new, " << replaced << " replacing), a commit every "
            << options.commit_every << "\n\n"
            << "Delta at the end: " << delta_documents << " documents; full rewrites of the "
            << "column file during the stream: " << rewrites << "; totals that differ between "
            << "the three states: " << disagree << " of " << mix.size() << ".\n\n"
            << "| class | queries | fresh p50 | fresh p95 | delta p50 | delta p95 | delta/fresh "
               "p95 | value streams p50 | value streams p95 | streams/fresh p95 |\n"
            << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  std::vector<std::string> classes(std::begin(kQueryClasses), std::end(kQueryClasses));
  classes.push_back("all");
  for (const std::string& query_class : classes) {
    std::vector<double> f, d, s;
    for (std::size_t q = 0; q < mix.size(); ++q) {
      if (query_class != "all" && mix[q].query_class != query_class) continue;
      f.push_back(fresh_ms[q]);
      d.push_back(delta_ms[q]);
      s.push_back(slow_ms[q]);
    }
    const double fp95 = std::max(Percentile(f, 95), 1e-9);
    std::cout << "| " << query_class << " | " << f.size() << " | "
              << Format("%.2f", Percentile(f, 50)) << " | " << Format("%.2f", fp95) << " | "
              << Format("%.2f", Percentile(d, 50)) << " | " << Format("%.2f", Percentile(d, 95))
              << " | " << Format("%.2fx", Percentile(d, 95) / fp95) << " | "
              << Format("%.2f", Percentile(s, 50)) << " | " << Format("%.2f", Percentile(s, 95))
              << " | " << Format("%.2fx", Percentile(s, 95) / fp95) << " |\n";
  }
  std::cout << "\nDuring the stream (one pass of the mix, searcher opened at that revision):\n\n"
            << "| upserts | p50 ms | p95 ms | broad p95 ms |\n|---:|---:|---:|---:|\n";
  for (const auto& [done, millis] : checkpoints) {
    std::vector<double> broad;
    for (std::size_t q = 0; q < mix.size(); ++q) {
      if (mix[q].query_class == std::string("broad")) broad.push_back(millis[q]);
    }
    std::cout << "| " << done << " | " << Format("%.2f", Percentile(millis, 50)) << " | "
              << Format("%.2f", Percentile(millis, 95)) << " | "
              << Format("%.2f", Percentile(broad, 95)) << " |\n";
  }
  std::cout << "\nWrites: " << Format("%.2f", upsert_millis / static_cast<double>(stream.size()))
            << " ms per upsert; commits (" << commit_millis.size() << "): p50 "
            << Format("%.1f", Percentile(commit_millis, 50)) << " ms, p95 "
            << Format("%.1f", Percentile(commit_millis, 95)) << " ms, max "
            << Format("%.1f", Percentile(commit_millis, 100)) << " ms.\n";
  return 0;
}

}  // namespace
}  // namespace facette::bench

int main(int argc, char** argv) try {
  facette::bench::Options options;
  CLI::App app{"The query mix while articles stream in through the Indexer (facet delta)."};
  app.add_option("--input", options.input, "Bench corpus (JSON Lines)")->required();
  app.add_option("--work", options.work, "Folder for the databases (overwritten)")->required();
  app.add_option("--articles", options.articles, "Articles indexed first");
  app.add_option("--upserts", options.upserts, "Articles upserted then, half new");
  app.add_option("--commit-every", options.commit_every, "Upserts between two commits");
  app.add_option("--checkpoint", options.checkpoint, "Upserts between two passes (0: none)");
  app.add_option("--seed", options.seed, "Seed of the replacements and the query mix");
  app.add_option("--repeat", options.repeat, "Timed passes over the queries (median)");
  CLI11_PARSE(app, argc, argv);
  return facette::bench::Run(options);
} catch (const std::exception& e) {
  std::cerr << "facette_delta_bench: " << e.what() << "\n";
  return 1;
}
