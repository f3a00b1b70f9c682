// Parallel bulk indexing (issue 7): when a run starts on an empty database
// (or adds many articles to one that has some, import_write.h), the articles
// are spread by id over N shards, each built by its own thread (extraction,
// analysis and writing all run in parallel), and the shards are then merged
// by Xapian's compaction (after the existing database, if any) into one
// database that replaces the old one in a single atomic step.
//
// A shard writes "runs" (run_writer.h): every 5,000 articles become a small
// glass database built directly by the glass writer (glass_writer.h), not
// through Xapian's WritableDatabase, whose inverter and commits take most of
// the indexing time (bench/README.md). The merge compacts every run of
// every shard.
//
// Upserts stay exact: an id always goes to the same shard, which remembers
// the ids it wrote; a later version of an article is kept aside (on disk)
// and upserted by the caller through Xapian once the merged database is in
// place, replacing the version before it (as a one-thread run would). Crash safety: the shards
// and the merged database live in DB.facette-tmp/ next to the database,
// which stays the committed empty database until the final exchange
// (renameat2 RENAME_EXCHANGE: readers see either the empty database or the
// whole result). A killed run leaves the empty database and the shards'
// complete runs; the next run with as many threads keeps them (those
// articles are skipped as unchanged) and finishes the job.
//
// Runs are written without fsync; the merged database is synced before the
// exchange. A killed process loses nothing a run holds (the kernel has it),
// but a machine crash may: runs are reused only in the boot of the machine
// that wrote them (recorded in DB.facette-tmp/boot-id).
//
// The glass writer writes Xapian 1.4's format itself: Start first checks
// that the linked Xapian reads a tiny database it writes (glass_check.h),
// and each shard's first run must pass Xapian's check (run_writer.h); when
// either fails the shards write through Xapian's own writer, the import
// completes with the same database, and glass_warning() says why.
#ifndef FACETTE_INDEXER_SHARDED_WRITER_H_
#define FACETTE_INDEXER_SHARDED_WRITER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"
#include "indexer/article.h"
#include "indexer/document_builder.h"
#include "indexer/extraction.h"
#include "indexer/index_writer.h"
#include "schema/alias_table.h"

namespace facette {

class RunFormat;

// Test-only switches of the glass writer's guards.
struct GlassGuardOptions {
  // Act as if the linked Xapian did not read the glass writer's databases:
  // every run goes through Xapian's writer.
  bool force_xapian_writer = false;
  // Called with the folder of each shard's first run written by the glass
  // writer, before Xapian's check of it (a test damages it).
  std::function<void(const std::string& run_dir)> before_first_check;
};

// What a shard did with one article (ShardedWriter::KeepRecords): added to
// a run, unchanged (the same content already there), or deferred (a later
// version, upserted once the shards are merged: ForEachDeferred).
struct ShardRecord {
  enum class Outcome { kAdded, kUnchanged, kDeferred };
  SourcePosition position;
  std::string id;
  Outcome outcome = Outcome::kAdded;
  std::vector<std::string> warnings;  // its BuiltDocument::warnings
};

// The outcome counts of the shards.
struct ShardCounts {
  std::uint64_t added = 0;
  std::uint64_t replaced = 0;
  std::uint64_t unchanged = 0;
  std::vector<Warning> warnings;  // BuiltDocument::warnings, shard by shard
  // Every article, shard by shard, each shard's in input order: only with
  // KeepRecords (else empty).
  std::vector<ShardRecord> records;
};

class ShardedWriter {
 public:
  static constexpr std::string_view kMergedName = "merged";
  // Where the merge's two compactions see their sources (split_compact.h).
  static constexpr std::string_view kMergeScratchName = "merge-scratch";

  // Opens `shards` shard folders in `work_dir`: the runs an interrupted run
  // left are reused when there are as many shards and the machine has not
  // been restarted since, else the folder is emptied. Each shard writes runs
  // of options.batch_size / shards articles, at most 5,000 (5,000 when
  // batch_size is 0).
  // Starts one thread per shard. `aliases` (the table in
  // effect) and `user` (the user's part) are recorded in every shard; they
  // must outlive the writer.
  //
  // `existing`, when not empty, is a database that has articles, which the
  // run adds to: the shards look up each id there (an article it holds
  // with the same content is unchanged, with other content deferred), the
  // work folder is always started over (what an interrupted run left may
  // already be in the database), and Merge merges the runs with it.
  static Result<std::unique_ptr<ShardedWriter>> Start(const std::string& work_dir, int shards,
                                                      const AliasTable& aliases,
                                                      const AliasTable& user, ExtractMode extract,
                                                      WriterOptions options,
                                                      const std::string& existing = "",
                                                      const GlassGuardOptions& guard = {});

  // Before the first Add: Finish returns a record of each article
  // (ShardCounts::records), for a caller that reports every article's
  // outcome. It costs memory for each article's position and id until then.
  void KeepRecords();

  // Hands an article to its shard's thread; blocks while that thread is
  // behind. Returns the first write error of any shard (the run must stop).
  Status Add(ParsedArticle&& article);

  // The shard of `id` among `shards` for a run whose spread is `spread`.
  // The spread is the hash of the first id a run is given (recorded in the
  // work folder, so that a resumed run spreads as the interrupted one did):
  // an input written in the order of a run's shards, as facette-export
  // writes a database that run built, is spread anew over the shards of the
  // next run instead of going to one shard at a time.
  static std::size_t ShardOf(std::string_view id, std::uint64_t spread, std::size_t shards);

  // Waits for the threads, writes the shards' last runs and returns their
  // counts, or the first write error (the complete runs are kept).
  Result<ShardCounts> Finish();

  // After Finish: how many documents the shards deferred (later versions of
  // articles already in a run, run_writer.h), and each of them, in the order
  // they came within its shard, for the caller to upsert into the merged
  // database (an id always goes to the same shard).
  std::uint64_t deferred() const;
  Status ForEachDeferred(const std::function<Status(BuiltDocument&&)>& apply) const;

  // After Finish: merges the shards' runs, after the existing database if
  // there is one, into a new database at `merged` (Xapian compaction; entity
  // spelling counts are summed) and syncs it. `revision_at_least`: the
  // revision it gets at least (glass::RaiseRevision; 0: as compacted, 1),
  // so that it follows the database it replaces.
  Status Merge(const std::string& merged, std::uint64_t revision_at_least = 0) const;

  // Where a run merges its shards inside `work_dir`.
  static std::string MergedPath(const std::string& work_dir);

  // Articles the shards already held when the run started (left by an
  // interrupted run).
  std::uint64_t resumed() const { return resumed_; }

  // Why the shards write (or wrote) through Xapian's writer instead of the
  // glass writer, naming the linked Xapian: a warning for the run to report
  // once; "" when the glass writer was used throughout.
  std::string glass_warning() const;

  ~ShardedWriter();

 private:
  class Shard;
  ShardedWriter() = default;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::string spread_file_;
  std::optional<std::uint64_t> spread_;  // from the first Add, or the run resumed
  std::uint64_t resumed_ = 0;
  std::string existing_;
  std::shared_ptr<RunFormat> format_;
};

// Atomically exchanges the directories `a` and `b` (Linux renameat2),
// after giving `b` and its files the modes and owners (where the process
// may) of `a` and its files (schema/database_files.h). When `a` is a
// symbolic link, the directory it leads to is exchanged.
Status ExchangeDirectories(const std::string& a, const std::string& b);

}  // namespace facette

#endif  // FACETTE_INDEXER_SHARDED_WRITER_H_
