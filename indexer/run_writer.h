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
// merged database is in place (shard_merge.cc), where it replaces the version
// before it. Contents and counts are those of a one-thread import.
//
// Crash safety: a run is written in run-N.tmp and renamed to run-N once
// complete; a killed import leaves only complete runs, which a re-run in the
// same boot of the machine keeps (Open with `resume`): their articles are
// then unchanged and skipped. Runs are not synced to the disk (the merged
// database is, before it replaces the empty one).
//
// Guards (glass_check.h): the first run a writer builds with the glass
// writer is small (kCheckedRunSize articles), its documents are kept as
// built, and it must pass Xapian's consistency check; if it fails, it is
// written again through Xapian's writer from those documents, and so is
// every later run of every shard of the import (RunFormat).
#ifndef FACETTE_INDEXER_RUN_WRITER_H_
#define FACETTE_INDEXER_RUN_WRITER_H_

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/document_terms.h"
#include "facette/status.h"
#include "indexer/deferred_log.h"
#include "indexer/document_builder.h"
#include "indexer/glass_writer.h"
#include "schema/alias_table.h"
#include "schema/entity_labels.h"

namespace facette {

// Which writer the runs of an import go through, shared by its shards:
// the glass writer, until the linked Xapian is found not to read what it
// writes (the check at the start of the import, or Xapian's check of a
// shard's first run); from then on Xapian's own writer (a WritableDatabase
// per run, the same content, slower), with one warning. Thread-safe.
class RunFormat {
 public:
  bool glass() const { return glass_.load(std::memory_order_acquire); }
  // Every run started from now on goes through Xapian's writer; the first
  // `why` is kept for the warning.
  void UseXapian(const std::string& why);
  // The warning for the import (it names the linked Xapian); "" while the
  // glass writer is used.
  std::string warning() const;

  // Test only: called with the folder of each writer's first run written by
  // the glass writer, before Xapian's check of it (a test damages it).
  std::function<void(const std::string& run_dir)> before_check;

 private:
  std::atomic<bool> glass_{true};
  mutable std::mutex mutex_;
  std::string why_;
};

class RunWriter {
 public:
  enum class Outcome { kAdded, kUnchanged, kDeferred };

  // Opens the shard folder `dir` (created if missing). With `resume`, the
  // complete runs there are kept and their ids remembered; anything else in
  // the folder is removed. `aliases` (in effect) and `user` are recorded in
  // every run, as IndexWriter records them. `existing`, when not empty, is
  // the database the runs will be added to (opened read-only here): an id it
  // holds is unchanged when the content is the same, else deferred, like an
  // id already in a run. `format` is shared by the writers of an import (a
  // format of its own when null).
  static Result<std::unique_ptr<RunWriter>> Open(const std::string& dir, bool resume,
                                                 const AliasTable& aliases, const AliasTable& user,
                                                 std::uint32_t run_size,
                                                 const std::string& existing = "",
                                                 std::shared_ptr<RunFormat> format = nullptr);

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
  // Documents in the run being built.
  std::uint32_t RunDocuments() const;
  // True when the run being built is full (articles or bytes).
  bool RunFull() const;
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
  // How many articles of the run being built spell each entity term each
  // way: one key per (term, spelling) (SpellingKey in run_writer.cc), its
  // wdf the count. One open-addressed table and a sort when the run is
  // written, instead of a map of maps (1-2% of an import's CPU).
  TermCollector spellings_;
  std::string spelling_key_;  // scratch
  std::shared_ptr<RunFormat> format_;
  // How the run being built is written (decided at its first document).
  bool glass_run_ = true;
  // True once a run this writer built with the glass writer passed
  // Xapian's check.
  bool checked_ = false;
  // The documents of the run being built, as built: all of them when it
  // goes through Xapian's writer, those of a glass run until it is checked.
  std::vector<BuiltDocument> kept_;
  std::size_t kept_bytes_ = 0;
  std::unique_ptr<DeferredLog> deferred_;
  std::string existing_path_;
  std::optional<Xapian::Database> existing_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_RUN_WRITER_H_
