// The write stage of an import (import_write.h).
#include "indexer/import_write.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "schema/database_files.h"

namespace facette {

WriteStage::WriteStage(IndexState& index, int jobs, int build_threads, bool shard_records,
                       std::uint64_t records_expected)
    : index_(index),
      jobs_(jobs),
      build_threads_(build_threads),
      shard_records_(shard_records),
      records_expected_(records_expected),
      work_dir_(DatabaseDirectoryName(index.path) + ".facette-tmp") {}

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
  const std::uint64_t worth = std::max<std::uint64_t>(1, existing / kShardFraction);
  if (records_expected_ > 0) {
    // Known in advance: all on one side, nothing committed half way.
    return records_expected_ >= worth ? StartShards() : Status::Ok();
  }
  shard_after_ = worth;
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
  if (shard_records_) {
    std::error_code ignored;
    std::filesystem::remove_all(work_dir_, ignored);  // nothing to resume
  }
  Result<std::unique_ptr<ShardedWriter>> started =
      ShardedWriter::Start(work_dir_, jobs_, index_.aliases, index_.user, index_.extract,
                           index_.writer_options, empty ? std::string() : index_.path);
  if (!started.ok()) return started.status();
  shards_ = std::move(started.value());
  if (shard_records_) shards_->KeepRecords();
  return Status::Ok();
}

Status WriteStage::Write(ParsedArticle&& article, std::vector<WrittenArticle>& written) {
  if (shards_ == nullptr && shard_after_ > 0 &&
      added_ + (pipeline_ != nullptr ? pipeline_->InFlight() : 0) >= shard_after_) {
    // The switch may be due: it is decided on the articles written so far,
    // as without helpers.
    Status flushed = Flush(written);
    if (!flushed.ok()) return flushed;
    if (added_ >= shard_after_) {
      Status started = StartShards();
      if (!started.ok()) return started;
    }
  }
  if (shards_ != nullptr) {
    WrittenArticle handed{article.position, article.id, std::nullopt, {}};
    Status added = shards_->Add(std::move(article));
    if (!added.ok()) return added;
    written.push_back(std::move(handed));
    return Status::Ok();
  }
  if (build_threads_ <= 0) {
    WrittenArticle done{article.position, article.id, std::nullopt, {}};
    Result<IndexWriter::Outcome> outcome =
        index_.upserter->Upsert(article, *index_.writer, done.warnings);
    if (!outcome.ok()) return outcome.status();
    if (outcome.value() == IndexWriter::Outcome::kAdded) ++added_;
    done.outcome = outcome.value();
    written.push_back(std::move(done));
    return Status::Ok();
  }
  if (pipeline_ == nullptr) {
    pipeline_ = std::make_unique<DocumentPipeline>(index_.aliases, index_.writer->RankSlots(),
                                                   index_.extract, build_threads_, kBuildWindow);
  }
  pipeline_->Push(std::move(article));
  // Writes what is built already, and waits for the oldest when the window
  // is full.
  while (std::optional<BuiltArticle> built = pipeline_->Take(pipeline_->Full())) {
    Status status = WriteBuilt(*built, written);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Status WriteStage::Flush(std::vector<WrittenArticle>& written) {
  if (pipeline_ == nullptr) return Status::Ok();
  while (std::optional<BuiltArticle> built = pipeline_->Take(/*wait=*/true)) {
    Status status = WriteBuilt(*built, written);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Status WriteStage::WriteBuilt(BuiltArticle& built, std::vector<WrittenArticle>& written) {
  Result<IndexWriter::Outcome> outcome = index_.writer->Upsert(built.document);
  if (!outcome.ok()) return outcome.status();
  if (outcome.value() == IndexWriter::Outcome::kAdded) ++added_;
  written.push_back(WrittenArticle{std::move(built.article.position), std::move(built.article.id),
                                   outcome.value(), std::move(built.document.warnings)});
  return Status::Ok();
}

}  // namespace facette
