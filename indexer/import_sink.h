// Between the read stage and the write stage of an import: counts every
// record, reports progress, rejections and warnings, appends rejected
// records to the rejects file, and hands articles to the write stage. The
// observer hears of every record in input order: a rejection or warning
// read while articles before it are still being built waits for their
// outcomes. The first write error stops the import, and so does
// ImportOptions::stop.
#ifndef FACETTE_INDEXER_IMPORT_SINK_H_
#define FACETTE_INDEXER_IMPORT_SINK_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <utility>
#include <variant>
#include <vector>

#include "facette/status.h"
#include "indexer/import_report.h"
#include "indexer/import_sources.h"
#include "indexer/import_write.h"
#include "indexer/rejects_file.h"

namespace facette {

class ImportSink : public SourceSink {
 public:
  // `stop` may be null (never asked).
  ImportSink(WriteStage& write, ImportReport& report, RejectsFile& rejects,
             const std::atomic<bool>* stop)
      : write_(write), report_(report), rejects_(rejects), stop_(stop) {}

  // Hands on only the articles of shard `shard` of `count` (ShardOfId);
  // count 0: all of them.
  void KeepOnlyShard(std::uint32_t shard, std::uint32_t count) {
    shard_ = shard;
    shard_count_ = count;
  }
  void OnArticle(ParsedArticle&& article) override;
  void OnRejection(Rejection&& rejection) override;
  void OnWarning(Warning&& warning) override;
  void OnUnreadable(Rejection&& rejection) override;

  // Once the read stage is done: writes the articles still being built and
  // reports everything held back. A write error becomes status().
  void Finish();

  // After a write error, or once asked to stop.
  bool Stopping() const override { return !status_.ok() || AskedToStop(); }
  bool AskedToStop() const { return stop_ != nullptr && stop_->load(std::memory_order_relaxed); }

  // The first write error, which stops the import.
  const Status& status() const { return status_; }

 private:
  using Event = std::variant<Rejection, Warning>;
  // Reports `event` now when every article given before it is reported,
  // else holds it back.
  void Report(Event&& event);
  void ReportEvent(const Event& event);
  // Reports written_ (and the events held back behind them), and empties
  // it.
  void ReportWritten();

  WriteStage& write_;
  ImportReport& report_;
  RejectsFile& rejects_;
  const std::atomic<bool>* stop_;
  Status status_;
  std::vector<WrittenArticle> written_;  // reused
  std::uint64_t given_ = 0;              // articles given to the write stage
  std::uint64_t reported_ = 0;           // articles whose outcome is reported
  // Events held back, each with given_ at the time it was read: it is
  // reported once that many articles are.
  std::deque<std::pair<std::uint64_t, Event>> held_;
  std::uint32_t shard_ = 0;
  std::uint32_t shard_count_ = 0;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_IMPORT_SINK_H_
