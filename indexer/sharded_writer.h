// Parallel bulk indexing (issue 7): when a run starts on an empty database,
// the articles are spread by id over N shard databases, each built by its
// own thread (extraction, analysis and Xapian's inverter all run in
// parallel), and the shards are then merged by Xapian's compaction into one
// database that replaces the empty one in a single atomic step.
//
// Why shards and not threads around one database: a Xapian WritableDatabase
// takes one writer at a time, and most of the indexing time is spent inside
// it (add_document's inverter, then commit). Two shards keep both cores busy;
// the merge is a sequential copy of sorted B-trees.
//
// Upserts stay exact: an id always goes to the same shard, so a second record
// with the same id replaces the first there. Crash safety: the shards and the
// merged database live in DB.facette-tmp/ next to the database, which stays
// the committed empty database until the final exchange (renameat2
// RENAME_EXCHANGE: readers see either the empty database or the whole
// result). A killed run leaves the empty database and the shards; the next
// run with as many threads keeps what the shards committed (those articles
// are skipped as unchanged) and finishes the job.
//
// Speed: shards commit small batches (at most 1,000 articles each) without
// fsync (Xapian::DB_NO_SYNC); the merged database is synced before the
// exchange. A killed process loses nothing a shard committed (the kernel
// holds it), but a machine crash may: shards are reused only in the boot of
// the machine that wrote them (recorded in DB.facette-tmp/boot-id).
#ifndef FACETTE_INDEXER_SHARDED_WRITER_H_
#define FACETTE_INDEXER_SHARDED_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/article.h"
#include "indexer/extraction.h"
#include "indexer/index_writer.h"
#include "schema/alias_table.h"
#include "schema/status.h"

namespace facette {

// The outcome counts of the shards.
struct ShardCounts {
  std::uint64_t added = 0;
  std::uint64_t replaced = 0;
  std::uint64_t unchanged = 0;
};

class ShardedWriter {
 public:
  static constexpr std::string_view kMergedName = "merged";

  // Opens `shards` shard databases in `work_dir`: those an interrupted run
  // left are reused when there are as many and the machine has not been
  // restarted since, else the folder is emptied.
  // Starts one thread per shard. `aliases` (the table in
  // effect) and `user` (the user's part) are recorded in every shard; they
  // must outlive the writer.
  static Result<std::unique_ptr<ShardedWriter>> Start(const std::string& work_dir, int shards,
                                                      const AliasTable& aliases,
                                                      const AliasTable& user, ExtractMode extract,
                                                      WriterOptions options);

  // Hands an article to its shard's thread; blocks while that thread is
  // behind. Returns the first write error of any shard (the run must stop).
  Status Add(Article&& article);

  // Waits for the threads, commits the shards and returns their counts, or
  // the first write error (what was written before it is committed).
  Result<ShardCounts> Finish();

  // Merges the committed shards into a new database at `merged` (Xapian
  // compaction; entity spelling counts of the shards are summed).
  Status Merge(const std::string& merged) const;

  // Where a run merges its shards inside `work_dir`.
  static std::string MergedPath(const std::string& work_dir);

  // Articles the shards already held when the run started (left by an
  // interrupted run).
  std::uint64_t resumed() const { return resumed_; }

  ~ShardedWriter();

 private:
  class Shard;
  ShardedWriter() = default;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<std::string> paths_;
  std::uint64_t resumed_ = 0;
};

// Atomically exchanges the directories `a` and `b` (Linux renameat2).
Status ExchangeDirectories(const std::string& a, const std::string& b);

}  // namespace facette

#endif  // FACETTE_INDEXER_SHARDED_WRITER_H_
