// The write path alone: the same facette documents (built once, untimed,
// from a bench corpus) written through Xapian::WritableDatabase as a shard
// of the parallel indexer writes them (add_document, a commit every 1,000,
// no fsync), and through the direct glass writer (indexer/glass_writer.h)
// in runs of --run documents, each run a database, all compacted into one
// as the parallel indexer merges its shards. One thread each; CPU and wall
// time, ratios to Xapian's writer in the same process; baseline first, then
// the glass writer, then both again (--rounds).
//
//   facette_glass_writer_bench CORPUS.jsonl [--limit N] [--run R] [--rounds K] [--work DIR]
#include <sys/resource.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/glass_writer.h"
#include "indexer/jsonl_reader.h"
#include "schema/alias_table.h"

namespace {

namespace fs = std::filesystem;

class Collector : public facette::RecordSink {
 public:
  explicit Collector(std::size_t limit) : limit_(limit) {}
  void OnArticle(facette::ParsedArticle&& article) override {
    if (articles.size() < limit_) articles.push_back(std::move(article));
  }
  void OnRejection(facette::Rejection&&) override {}
  void OnWarning(facette::Warning&&) override {}
  std::vector<facette::ParsedArticle> articles;

 private:
  std::size_t limit_;
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Timing {
  double wall = 0;
  double cpu = 0;
};

template <typename F>
Timing Measure(F&& f) {
  auto start = std::chrono::steady_clock::now();
  double cpu = CpuSeconds();
  f();
  Timing t;
  t.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  t.cpu = CpuSeconds() - cpu;
  return t;
}

std::uint64_t DirectoryBytes(const std::string& dir) {
  std::uint64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS.jsonl [--limit N] [--run R] [--rounds K] [--work DIR]\n",
                 argv[0]);
    return 2;
  }
  std::string corpus = argv[1];
  std::size_t limit = 30000;
  std::size_t run = 5000;
  int rounds = 2;
  std::string work = "/tmp/facette-glass-writer-bench";
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--limit") limit = std::stoul(argv[i + 1]);
    else if (flag == "--run") run = std::stoul(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::stoi(argv[i + 1]);
    else if (flag == "--work") work = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  if (argc % 2 != 0) {
    std::fprintf(stderr, "%s: a value is missing\n", argv[argc - 1]);
    return 2;
  }

  Collector collector(limit);
  facette::JsonLinesReader reader;
  facette::Status read = reader.ReadFile(corpus, corpus, collector);
  if (!read.ok()) {
    std::fprintf(stderr, "%s\n", read.message().c_str());
    return 1;
  }
  facette::DocumentBuilder builder(facette::AliasTable::Default());
  // Built once: facette's documents for the glass writer, the same as
  // Xapian::Documents for Xapian's writer.
  std::vector<facette::BuiltDocument> built;
  std::vector<Xapian::Document> documents;
  built.reserve(collector.articles.size());
  documents.reserve(collector.articles.size());
  for (const facette::ParsedArticle& article : collector.articles) {
    built.push_back(builder.Build(article));
    documents.push_back(built.back().ToXapian());
  }
  collector.articles.clear();
  const double n = static_cast<double>(documents.size());
  std::printf("%zu documents, runs of %zu\n", documents.size(), run);

  for (int round = 1; round <= rounds; ++round) {
    fs::remove_all(work);
    fs::create_directories(work);
    // Xapian's writer, as a shard writes.
    const std::string xapian_path = work + "/xapian";
    Timing xapian = Measure([&] {
      Xapian::WritableDatabase db(xapian_path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
      std::size_t pending = 0;
      for (const Xapian::Document& doc : documents) {
        db.add_document(doc);
        if (++pending == 1000) {
          db.commit();
          pending = 0;
        }
      }
      db.commit();
    });

    // The glass writer: runs, then one compaction.
    Timing write;
    Timing compact;
    const std::string merged = work + "/glass";
    write = Measure([&] {
      std::size_t next = 0;
      for (int r = 0; next < documents.size(); ++r) {
        facette::glass::DatabaseBuilder runs;
        for (; next < documents.size() && runs.DocumentCount() < run; ++next) {
          facette::Status added = runs.Add(built[next].terms, built[next].values, built[next].data);
          if (!added.ok()) std::abort();
        }
        std::string dir = work + "/run-" + std::to_string(r);
        fs::create_directories(dir);
        facette::Status written = runs.Write(dir);
        if (!written.ok()) {
          std::fprintf(stderr, "%s\n", written.message().c_str());
          std::exit(1);
        }
      }
    });
    compact = Measure([&] {
      Xapian::Database sources;
      for (int r = 0; fs::exists(work + "/run-" + std::to_string(r)); ++r) {
        sources.add_database(Xapian::Database(work + "/run-" + std::to_string(r)));
      }
      sources.compact(merged);
    });
    Xapian::Database check(merged);
    if (check.get_doccount() != documents.size()) {
      std::fprintf(stderr, "merged database has %u documents\n", check.get_doccount());
      return 1;
    }
    std::printf(
        "round %d: xapian writer %.1f s wall %.1f s cpu (%.0f docs/s, %.1f MB) | glass writer "
        "%.1f s wall %.1f s cpu + compaction %.1f s wall %.1f s cpu (%.0f docs/s, %.1f MB) | "
        "ratio wall %.2fx cpu %.2fx\n",
        round, xapian.wall, xapian.cpu, n / xapian.wall, DirectoryBytes(xapian_path) / 1e6,
        write.wall, write.cpu, compact.wall, compact.cpu, n / (write.wall + compact.wall),
        DirectoryBytes(merged) / 1e6, xapian.wall / (write.wall + compact.wall),
        xapian.cpu / (write.cpu + compact.cpu));
    std::fflush(stdout);
  }
  fs::remove_all(work);
  return 0;
}
