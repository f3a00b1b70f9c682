// A bulk import, stage by stage (import_run.h).
#include "indexer/import_run.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "indexer/import_report.h"
#include "indexer/import_sink.h"
#include "indexer/import_write.h"
#include "indexer/rejects_file.h"
#include "indexer/shard_merge.h"
#include "indexer/shard_of_id.h"

namespace facette {
namespace {

// ImportOptions::jobs: 0 is one thread per core, at most 4.
int Threads(int jobs) {
  if (jobs > 0) return jobs;
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
}

// ImportOptions::build_threads: -1 is one per core beside the writer's, at
// most 3 (the writer, which runs Xapian's inverter and commits, takes about
// as long per article as extracting and building it: more helpers would
// wait for it).
int BuildThreads(int build_threads) {
  if (build_threads >= 0) return build_threads;
  return std::clamp(static_cast<int>(std::thread::hardware_concurrency()) - 1, 0, 3);
}

// The finish stage: the last commit, then the facet columns of that state
// (without them searches are only slower: a failure is a warning), and the
// rejects file closed.
Status Finish(IndexState& index, RejectsFile& rejects, ImportReport& report) {
  IndexWriter& writer = *index.writer;
  Status committed = writer.Commit();
  if (!committed.ok()) return committed;
  Status columns = writer.WriteFacetColumns();
  if (!columns.ok()) {
    report.Warn(Warning{
        SourcePosition{index.path, 0},
        "facet columns not written (" + columns.message() + "); facets are counted without them"});
  }
  report.summary().documents = writer.DocumentCount();
  report.summary().seconds = report.Seconds();
  return rejects.Close();
}

}  // namespace

Result<ImportSummary> RunImport(IndexState& index, const std::vector<ImportSource>& sources,
                                ImportObserver& observer, const ImportOptions& options) {
  Result<std::optional<Date>> text_date = ParseTextDate(options.text_date);
  if (!text_date.ok()) return text_date.status();
  RejectsFile rejects;
  if (!options.rejects_path.empty()) {
    Status opened = rejects.Open(options.rejects_path);
    if (!opened.ok()) return opened;
  }
  ImportReport report(observer);
  for (const Warning& warning : index.warnings) report.Warn(warning);
  index.warnings.clear();
  WriteStage write(index, Threads(options.jobs), BuildThreads(options.build_threads),
                   options.shard_article_results, options.records_expected);
  Status started = write.Start();
  if (!started.ok()) return started;

  // Read and validate; extract, build and write each article on the way.
  Status shard = ValidateShard(options.shard, options.shard_count);
  if (!shard.ok()) return shard;
  ImportSink sink(write, report, rejects, options.stop);
  sink.KeepOnlyShard(options.shard, options.shard_count);
  ReadSources(sources, text_date.value(), sink);
  sink.Finish();

  ImportSummary& summary = report.summary();
  std::unique_ptr<ShardedWriter> shards = write.TakeShards();
  if (shards != nullptr && !sink.AskedToStop()) {
    // From here the shards write what they hold and are merged: the import
    // can no longer stop at a record (the observer learns it from the
    // stage).
    summary.stage = ImportStage::kMerging;
    report.Progress();
  }
  summary.interrupted = sink.status().ok() && sink.AskedToStop();
  if (shards != nullptr && summary.interrupted) {
    Status stopped = StopShards(std::move(shards), report);
    if (!stopped.ok()) return stopped;
  } else if (shards != nullptr) {
    Status merged = MergeShards(std::move(shards), sink.status(), index, write.work_dir(), report);
    if (!merged.ok()) return merged;
  } else if (!sink.status().ok()) {
    return sink.status();
  }

  Status finished = Finish(index, rejects, report);
  if (!finished.ok()) return finished;
  return summary;
}

}  // namespace facette
