// The write stage of an import: where each validated article goes. With one
// writer it is extracted and built on helper threads (document_pipeline.h;
// at once on this thread when there are none, article_upsert.h) and
// upserted on this thread, in input order; with parallel shards
// (sharded_writer.h) it goes to its shard, whose thread extracts, builds and
// writes it.
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

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facette/status.h"
#include "indexer/article.h"
#include "indexer/document_pipeline.h"
#include "indexer/index_state.h"
#include "indexer/sharded_writer.h"

namespace facette {

inline constexpr std::uint64_t kShardFraction = 20;

// Articles being built for the one writer at a time, at most: enough to keep
// the helpers busy while the writer commits, little memory.
inline constexpr std::size_t kBuildWindow = 128;

// An article the write stage is done with.
struct WrittenArticle {
  SourcePosition position;
  std::string id;
  // Its outcome when it was upserted on this thread; nullopt when it went
  // to the shards.
  std::optional<IndexWriter::Outcome> outcome;
  // What its build left out (BuiltDocument::warnings).
  std::vector<Warning> warnings;
};

class WriteStage {
 public:
  // Writes into `index` with `jobs` threads (1: never any shard); the one
  // writer has `build_threads` helpers building its documents (0: it builds
  // them itself). `shard_records`: the shards keep a record of each article
  // (ShardedWriter::KeepRecords), and resume nothing an interrupted import
  // left (its articles would be recorded unchanged, yet new to the
  // database).
  // `records_expected`: how many records the import holds (0: not known);
  // when known, a database that has articles gets its shards from the
  // first article, or none (ImportOptions::records_expected).
  WriteStage(IndexState& index, int jobs, int build_threads, bool shard_records = false,
             std::uint64_t records_expected = 0);

  // Before the first article: removes what an earlier import left beside a
  // database that has articles, and starts the shards on an empty one.
  Status Start();

  // Takes `article`, and appends to `written` the articles it is done with
  // by now, in the order they were given (each exactly once, this one
  // perhaps later). Fails on a write error, which stops the import: the
  // articles given after the one that failed are dropped.
  Status Write(ParsedArticle&& article, std::vector<WrittenArticle>& written);

  // Writes the articles still being built, appended to `written`: before
  // the merge stage, the finish stage, or a switch to shards.
  Status Flush(std::vector<WrittenArticle>& written);

  // The shards, if the import started them: the merge stage takes them.
  std::unique_ptr<ShardedWriter> TakeShards() { return std::move(shards_); }

  // Where the shards write, beside the database ("db/" too: inside it, the
  // exchange would fail).
  const std::string& work_dir() const { return work_dir_; }

 private:
  Status StartShards();
  // Upserts one built article on this thread.
  Status WriteBuilt(BuiltArticle& built, std::vector<WrittenArticle>& written);

  IndexState& index_;
  int jobs_;
  int build_threads_;
  bool shard_records_;
  std::uint64_t records_expected_;
  // Started with the first article the one writer gets, when it has
  // helpers.
  std::unique_ptr<DocumentPipeline> pipeline_;
  std::string work_dir_;
  std::unique_ptr<ShardedWriter> shards_;
  // Switch to shards once this many articles were added on this thread
  // (0: never).
  std::uint64_t shard_after_ = 0;
  std::uint64_t added_ = 0;  // on this thread
};

}  // namespace facette

#endif  // FACETTE_INDEXER_IMPORT_WRITE_H_
