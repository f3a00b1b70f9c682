// What the stages of one import report to: its observer and its counts
// (ImportSummary, facette/index.h).
#ifndef FACETTE_INDEXER_IMPORT_REPORT_H_
#define FACETTE_INDEXER_IMPORT_REPORT_H_

#include <chrono>
#include <cstdint>

#include "facette/index.h"
#include "indexer/index_writer.h"

namespace facette {

// Progress is reported every this many records read, or later versions
// upserted.
inline constexpr std::uint64_t kProgressEvery = 256;

class ImportReport {
 public:
  explicit ImportReport(ImportObserver& observer)
      : observer_(observer), start_(std::chrono::steady_clock::now()) {}

  ImportObserver& observer() { return observer_; }
  ImportSummary& summary() { return summary_; }

  // One more record read (good or rejected): progress every
  // kProgressEvery.
  void Read() {
    if (++summary_.read % kProgressEvery == 0) Progress();
  }
  // Tells the observer the counts so far.
  void Progress() {
    summary_.seconds = Seconds();
    observer_.OnProgress(summary_);
  }
  void Warn(const Warning& warning) {
    ++summary_.warnings;
    observer_.OnWarning(warning);
  }
  void Reject(const Rejection& rejection) {
    ++summary_.rejected;
    observer_.OnRejection(rejection);
  }
  void Count(IndexWriter::Outcome outcome);
  // Seconds since the import began.
  double Seconds() const;

 private:
  ImportObserver& observer_;
  ImportSummary summary_;
  std::chrono::steady_clock::time_point start_;
};

// The public outcome of a writer's one.
UpsertResult::Outcome PublicOutcome(IndexWriter::Outcome outcome);

}  // namespace facette

#endif  // FACETTE_INDEXER_IMPORT_REPORT_H_
