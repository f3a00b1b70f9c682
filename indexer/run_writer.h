// One shard of a parallel import (sharded_writer.h) written as "runs": every
// `run_size` new articles (or fewer, when they hold 256 MB) become a small
// glass database of their own, built
// directly by the glass writer (glass_writer.h) instead of Xapian's writable
// database, and the merge compacts all runs into the final database.
//
// Upserts stay exact: the writer remembers every id it wrote (a 64-bit hash
// of the id and of the content). An id seen again with the same content as
// its last version is unchanged and skipped; with other content, the new
// version is "deferred": appended to the shard's deferred log
// (deferred_log.h, on disk) and upserted through Xapian, in order, once the
// merged database is in place (index_run.cc), where it replaces the version
// before it. Contents and counts are those of a one-thread import.
//
// Crash safety: a run is written in run-N.tmp and renamed to run-N once
// complete; a killed import leaves only complete runs, which a re-run in the
// same boot of the machine keeps (Open with `resume`): their articles are
// then unchanged and skipped. Runs are not synced to the disk (the merged
// database is, before it replaces the empty one).
#ifndef FACETTE_INDEXER_RUN_WRITER_H_
#define FACETTE_INDEXER_RUN_WRITER_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/deferred_log.h"
#include "indexer/document_builder.h"
#include "indexer/glass_writer.h"
#include "schema/alias_table.h"
#include "schema/entity_labels.h"
#include "schema/status.h"

namespace facette {

class RunWriter {
 public:
  enum class Outcome { kAdded, kUnchanged, kDeferred };

  // Opens the shard folder `dir` (created if missing). With `resume`, the
  // complete runs there are kept and their ids remembered; anything else in
  // the folder is removed. `aliases` (in effect) and `user` are recorded in
  // every run, as IndexWriter records them. `existing`, when not empty, is
  // the database the runs will be added to (opened read-only here): an id it
  // holds is unchanged when the content is the same, else deferred, like an
  // id already in a run.
  static Result<std::unique_ptr<RunWriter>> Open(const std::string& dir, bool resume,
                                                 const AliasTable& aliases, const AliasTable& user,
                                                 std::uint32_t run_size,
                                                 const std::string& existing = "");

  Result<Outcome> Add(BuiltDocument&& built);

  // Writes the articles not yet in a run (a shard without any article still
  // writes one empty run, which carries the metadata).
  Status Finish();

  // The complete runs, in order.
  const std::vector<std::string>& runs() const { return runs_; }
  // Articles the kept runs held when the writer opened.
  std::uint64_t resumed() const { return resumed_; }
  // Documents deferred (later versions of ids already written, and the
  // documents the glass writer refuses).
  std::uint64_t deferred() const { return deferred_->count(); }
  // After Finish: gives each deferred document to `apply`, in the order they
  // came; stops at the first error.
  Status ForEachDeferred(const std::function<Status(BuiltDocument&&)>& apply) const;

 private:
  RunWriter(std::string dir, std::uint32_t run_size) : dir_(std::move(dir)), run_size_(run_size) {}
  Status LoadRun(const std::string& path);
  // The content hash of `id_term`'s document in the existing database, if
  // it has one.
  Result<std::optional<std::string>> ExistingHash(const std::string& id_term);
  Status WriteRun();

  std::string dir_;
  std::uint32_t run_size_;
  std::string aliases_;
  std::string user_aliases_;
  std::vector<std::string> runs_;
  std::uint64_t resumed_ = 0;
  // Hash of each id written -> hash of its latest content.
  std::unordered_map<std::uint64_t, std::uint64_t> seen_;
  glass::DatabaseBuilder run_;
  std::unordered_map<std::string, SpellingCounts> spellings_;  // of the run being built
  std::unique_ptr<DeferredLog> deferred_;
  std::string existing_path_;
  std::optional<Xapian::Database> existing_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_RUN_WRITER_H_
