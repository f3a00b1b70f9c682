// The merge stage of a parallel import (shard_merge.h).
#include "indexer/shard_merge.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <system_error>
#include <utility>

#include "schema/facet_columns.h"
#include "schema/fields.h"

namespace facette {
namespace {

// The records of the articles the shards deferred (ShardedWriter::
// KeepRecords), by id, each id's in input order: the deferred documents of
// an id come back in that order.
using DeferredRecords = std::map<std::string, std::deque<ShardRecord>>;

// Tells the observer of one article the shards wrote.
void ReportArticle(ImportReport& report, ShardRecord& record, UpsertResult::Outcome outcome) {
  UpsertResult result;
  result.outcome = outcome;
  result.warnings = std::move(record.warnings);
  report.observer().OnArticle(record.position, record.id, result);
}

// The shards' last runs written; their counts and warnings reported, and
// the articles they added or left unchanged when they kept records (those
// they deferred are kept in `deferred`, reported once upserted). Fails with
// the first write error of a shard.
Status FinishShards(ShardedWriter& shards, const IndexState& index, ImportReport& report,
                    DeferredRecords& deferred) {
  Result<ShardCounts> counts = shards.Finish();
  if (!shards.glass_warning().empty()) {
    report.Warn(Warning{SourcePosition{index.path, 0}, shards.glass_warning()});
  }
  if (!counts.ok()) return counts.status();
  ImportSummary& summary = report.summary();
  summary.added += counts->added;
  summary.replaced += counts->replaced;
  summary.unchanged += counts->unchanged;
  for (const Warning& warning : counts->warnings) report.Warn(warning);
  // Articles an interrupted import had written are new to the database
  // (records are kept only by imports that resume nothing: import_write.cc).
  summary.added += shards.resumed();
  summary.unchanged -= std::min(summary.unchanged, shards.resumed());
  for (ShardRecord& record : counts->records) {
    switch (record.outcome) {
      case ShardRecord::Outcome::kAdded:
        ReportArticle(report, record, UpsertResult::Outcome::kAdded);
        break;
      case ShardRecord::Outcome::kUnchanged:
        ReportArticle(report, record, UpsertResult::Outcome::kUnchanged);
        break;
      case ShardRecord::Outcome::kDeferred:
        deferred[record.id].push_back(std::move(record));
        break;
    }
  }
  return Status::Ok();
}

// Later versions of articles already in a run or in the database, upserted
// into the merged database as a one-thread import upserts them: batched
// commits, and what is committed stays if one fails. An import killed here
// leaves the database as it was and the work folder, which the next import
// removes (on a database that has articles; on an empty one it takes up
// the complete runs again and removes the merged database): it redoes them.
Status UpsertDeferred(const ShardedWriter& shards, IndexWriter& writer, ImportReport& report,
                      DeferredRecords& deferred) {
  ImportSummary& summary = report.summary();
  summary.stage = ImportStage::kUpserting;
  summary.stage_done = 0;
  summary.stage_total = shards.deferred();
  if (summary.stage_total > 0) report.Progress();
  return shards.ForEachDeferred([&](BuiltDocument&& built) -> Status {
    Result<IndexWriter::Outcome> outcome = writer.Upsert(built);
    if (!outcome.ok()) return outcome.status();
    if (++summary.stage_done % kProgressEvery == 0) report.Progress();
    report.Count(outcome.value());
    auto records = deferred.find(built.id_term.substr(Field(FieldId::kId).prefix.size()));
    if (records != deferred.end() && !records->second.empty()) {
      ReportArticle(report, records->second.front(), PublicOutcome(outcome.value()));
      records->second.pop_front();
    }
    return Status::Ok();
  });
}

}  // namespace

Status MergeShards(std::unique_ptr<ShardedWriter> shards, Status stopped, IndexState& index,
                   const std::string& work_dir, ImportReport& report) {
  DeferredRecords deferred;
  Status finished = FinishShards(*shards, index, report, deferred);
  if (stopped.ok()) stopped = finished;
  // What the shards wrote is merged and kept even after a write error, as
  // a one-thread import keeps what it committed.
  const std::string merged_path = ShardedWriter::MergedPath(work_dir);
  // Its revision follows the database's: a revision number seen never
  // comes back (a server's `revision`, replicas).
  Status merged =
      shards->Merge(merged_path, index.writer != nullptr ? index.writer->Revision() + 1 : 0);
  if (merged.ok() && stopped.ok() && shards->deferred() > 0) {
    // The later versions go into the merged database before it is swapped
    // in, so that searches see the import's articles in one step. What is
    // upserted stays if one fails, and is swapped in with the rest.
    Result<std::unique_ptr<IndexWriter>> opened =
        IndexWriter::Open(merged_path, index.writer_options);
    if (opened.ok()) {
      stopped = UpsertDeferred(*shards, *opened.value(), report, deferred);
      Status committed = opened.value()->Commit();
      if (stopped.ok()) stopped = committed;
      if (committed.ok()) (void)opened.value()->WriteFacetColumns();  // else at the finish stage
    } else {
      stopped = opened.status();
    }
  } else if (merged.ok()) {
    // The facet columns go in before the exchange, so that the first search
    // of the new database already counts from them (the uuid and revision
    // they describe do not change with the directory's name).
    try {
      Status columns = WriteFacetColumns(Xapian::Database(merged_path), merged_path);
      (void)columns;  // a failure is retried, and reported, by the finish stage
    } catch (const Xapian::Error&) {
    }
  }
  if (merged.ok()) merged = ExchangeDirectories(index.path, merged_path);
  if (merged.ok()) {
    index.writer.reset();  // the database before the exchange, now in work_dir
    Result<std::unique_ptr<IndexWriter>> reopened =
        IndexWriter::Open(index.path, index.writer_options);
    if (reopened.ok()) {
      index.writer = std::move(reopened.value());
    } else if (stopped.ok()) {
      stopped = reopened.status();
    }
  }
  shards.reset();
  std::error_code ignored;
  std::filesystem::remove_all(work_dir, ignored);
  if (!merged.ok()) return merged;
  return stopped;
}

Status StopShards(std::unique_ptr<ShardedWriter> shards, ImportReport& report) {
  // No merge (it may take minutes). The database stays as it was
  // committed, and the shards' complete runs stay in the work folder, where
  // an import on the empty database takes them up again.
  Result<ShardCounts> counts = shards->Finish();
  if (!counts.ok()) return counts.status();
  for (const Warning& warning : counts->warnings) report.Warn(warning);
  return Status::Ok();
}

}  // namespace facette
