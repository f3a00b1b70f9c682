// One indexing run: reads every input, builds and upserts the documents,
// commits in batches, writes rejected records to the rejects file, and
// returns the counts. Also the `--delete` run. Reports go to an observer so
// that the caller decides how to show them.
#ifndef FACETTE_INDEXER_INDEX_RUN_H_
#define FACETTE_INDEXER_INDEX_RUN_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "indexer/article.h"
#include "indexer/extraction.h"
#include "schema/dates.h"
#include "facette/status.h"

namespace facette {

struct IndexOptions {
  std::string db_path;
  std::vector<std::string> inputs;  // files, directories, "-"
  // Date for text and Markdown articles (`--date`). Default: none.
  std::optional<Date> text_date;
  // Commit every this many changed documents. Default: 10,000.
  std::uint64_t batch_size = 10000;
  // Where rejected JSON Lines records are appended byte for byte (a
  // rejected text file is only reported). Default: none.
  std::string rejects_path;
  // A TSV alias table added to the default one (alias_table.h); it replaces
  // the one an earlier run stored. Default: the stored one, if any.
  std::string aliases_path;
  // What to extract from the text (extraction.h). Default: auto.
  ExtractMode extract = ExtractMode::kAuto;
  // Threads for parallel shards (sharded_writer.h): from the start on an
  // empty database, after a one-thread start on one that has articles
  // (index_run.cc); 0 = one per core, at most 4.
  int jobs = 0;
  // When set (by a signal handler, another thread), the run stops before
  // the next record: on one thread what was read is committed; parallel
  // shards write their last runs and are not merged (a re-run on the empty
  // database takes them up again). The summary is then `interrupted`.
  // Default: none.
  const std::atomic<bool>* stop = nullptr;
};

// What a run is doing, for progress displays.
enum class IndexStage : std::uint8_t {
  kReading,    // reading, analysing and writing the records
  kMerging,    // a parallel run's shards write their last runs, which are merged (no
               // progress until it ends; the run can no longer stop at a record)
  kUpserting,  // a parallel run upserts the later versions of articles it deferred
};

struct IndexSummary {
  IndexStage stage = IndexStage::kReading;
  // kUpserting: later versions upserted so far, of stage_total.
  std::uint64_t stage_done = 0;
  std::uint64_t stage_total = 0;
  std::uint64_t read = 0;  // records read (good and rejected)
  std::uint64_t added = 0;
  std::uint64_t replaced = 0;
  std::uint64_t unchanged = 0;  // same id, same content: left as it was
  std::uint64_t rejected = 0;
  std::uint64_t warnings = 0;
  std::uint64_t repaired_utf8 = 0;  // invalid UTF-8 sequences replaced
  std::uint64_t deleted = 0;
  std::uint64_t not_found = 0;  // ids given to --delete that were not there
  std::uint64_t documents = 0;  // documents in the database at the end
  double seconds = 0;
  bool interrupted = false;  // stopped early (IndexOptions::stop)
};

// What a run tells its caller while it works.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void OnRejection(const Rejection& rejection) = 0;
  virtual void OnWarning(const Warning& warning) = 0;
  // Called about every `kProgressEvery` records or upserts, and when a stage
  // begins.
  virtual void OnProgress(const IndexSummary& so_far) = 0;
};

inline constexpr std::uint64_t kProgressEvery = 256;

// Indexes options.inputs into options.db_path. Fails (with nothing
// indexed) when an input does not exist, the alias table cannot be read or
// the database cannot be opened. A failure while writing stops the run: the
// articles written before it are committed, none after it is. A write
// error on the rejects file fails the run at its end, once the good records
// are committed.
Result<IndexSummary> RunIndex(const IndexOptions& options, RunObserver& observer);

// Deletes the articles with these ids from the database at `db_path`.
Result<IndexSummary> RunDelete(const std::string& db_path, const std::vector<std::string>& ids);

}  // namespace facette

#endif  // FACETTE_INDEXER_INDEX_RUN_H_
