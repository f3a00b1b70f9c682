// The write stage of an import: where each validated article goes. On one
// thread it is extracted, built and upserted at once (article_upsert.h);
// with parallel shards (sharded_writer.h) it goes to its shard, whose
// thread extracts, builds and writes it.
//
// The shards start with the first article on an empty database. On one
// that has articles the import starts on one thread and switches to shards
// once it has added 1/kShardFraction as many new articles as the database
// held: merging rewrites the whole database (Xapian's compaction copies
// it), which pays only for many new articles. kShardFraction is how many
// times faster the merge copies an article than Xapian's writer adds one
// (at least; measured in bench/README.md, "Adding to a database that has
// articles"), so by the switch the one-thread part has cost about what the
// merge will at most: never more than about twice the better of the two,
// whatever is still to come (the rent-or-buy rule).
#ifndef FACETTE_INDEXER_IMPORT_WRITE_H_
#define FACETTE_INDEXER_IMPORT_WRITE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facette/status.h"
#include "indexer/article.h"
#include "indexer/index_state.h"
#include "indexer/sharded_writer.h"

namespace facette {

inline constexpr std::uint64_t kShardFraction = 20;

class WriteStage {
 public:
  // Writes into `index` with `jobs` threads (1: never any shard).
  WriteStage(IndexState& index, int jobs);

  // Before the first article: removes what an earlier import left beside a
  // database that has articles, and starts the shards on an empty one.
  Status Start();

  // Writes `article`: its outcome when it was upserted on this thread (its
  // warnings appended to `warnings`), nullopt when it went to the shards
  // (moved from). Fails on a write error, which stops the import.
  Result<std::optional<IndexWriter::Outcome>> Write(ParsedArticle& article,
                                                    std::vector<Warning>& warnings);

  // The shards, if the import started them: the merge stage takes them.
  std::unique_ptr<ShardedWriter> TakeShards() { return std::move(shards_); }

  // Where the shards write, beside the database ("db/" too: inside it, the
  // exchange would fail).
  const std::string& work_dir() const { return work_dir_; }

 private:
  Status StartShards();

  IndexState& index_;
  int jobs_;
  std::string work_dir_;
  std::unique_ptr<ShardedWriter> shards_;
  // Switch to shards once this many articles were added on this thread
  // (0: never).
  std::uint64_t shard_after_ = 0;
  std::uint64_t added_ = 0;  // on this thread
};

}  // namespace facette

#endif  // FACETTE_INDEXER_IMPORT_WRITE_H_
