// The write stage of an import (import_write.h).
#include "indexer/import_write.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "schema/database_files.h"

namespace facette {

WriteStage::WriteStage(IndexState& index, int jobs)
    : index_(index), jobs_(jobs), work_dir_(DatabaseDirectoryName(index.path) + ".facette-tmp") {}

Status WriteStage::Start() {
  const std::uint64_t existing = index_.writer->DocumentCount();
  if (existing > 0) {
    // Left by an import killed after its final exchange, or by one adding
    // to this database: nothing to keep.
    std::error_code ignored;
    std::filesystem::remove_all(work_dir_, ignored);
  }
  if (jobs_ <= 1) return Status::Ok();
  if (existing == 0) return StartShards();
  shard_after_ = std::max<std::uint64_t>(1, existing / kShardFraction);
  return Status::Ok();
}

Status WriteStage::StartShards() {
  // The database is what a crash before the end leaves (the empty one
  // with its versions and alias tables, or the articles written so far);
  // the shards look up ids in it as it is committed.
  IndexWriter& writer = *index_.writer;
  Status committed = writer.Commit();
  if (!committed.ok()) return committed;
  const bool empty = writer.DocumentCount() == 0;
  Result<std::unique_ptr<ShardedWriter>> started =
      ShardedWriter::Start(work_dir_, jobs_, index_.aliases, index_.user, index_.extract,
                           index_.writer_options, empty ? std::string() : index_.path);
  if (!started.ok()) return started.status();
  shards_ = std::move(started.value());
  return Status::Ok();
}

Result<std::optional<IndexWriter::Outcome>> WriteStage::Write(ParsedArticle& article,
                                                              std::vector<Warning>& warnings) {
  if (shards_ == nullptr && shard_after_ > 0 && added_ >= shard_after_) {
    Status started = StartShards();
    if (!started.ok()) return started;
  }
  if (shards_ != nullptr) {
    Status added = shards_->Add(std::move(article));
    if (!added.ok()) return added;
    return std::optional<IndexWriter::Outcome>();
  }
  Result<IndexWriter::Outcome> outcome = index_.upserter->Upsert(article, *index_.writer, warnings);
  if (!outcome.ok()) return outcome.status();
  if (outcome.value() == IndexWriter::Outcome::kAdded) ++added_;
  return std::optional<IndexWriter::Outcome>(outcome.value());
}

}  // namespace facette
