// SPDX-License-Identifier: GPL-2.0-or-later
// facette: writing a database — articles upserted and deleted one at a
// time from memory, or imported in bulk from files and streams.
//
//   auto indexer = facette::Indexer::Open("news.db");  // created when missing
//   if (!indexer.ok()) return Fail(indexer.status());
//   facette::Article article;
//   article.id = "a1";
//   article.title = "Un titre";
//   article.body = "Le texte de l'article.";
//   facette::Result<facette::UpsertResult> upserted = (*indexer)->Upsert(article);
//   facette::Status committed = (*indexer)->Commit();  // now searchable
//
// One Indexer per database at a time, across processes: Open takes the
// database's writer lock (kLocked for a second writer) and the destructor
// releases it. An Indexer is not thread-safe: one thread uses it at a time
// (a server gives it to one writer thread); searchers, in this process or
// others, read the database while it writes.
#ifndef FACETTE_INDEX_H_
#define FACETTE_INDEX_H_

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facette/article.h"
#include "facette/export.h"
#include "facette/status.h"

namespace facette {

/// What extraction finds in an article's own text (persons, organisations,
/// locations, dates mentioned) before it is indexed. kAuto: only what the
/// article does not give (entities when none of the three entity lists is
/// given, dates when dates_mentioned is not); kAlways: added to what it
/// gives; kNever: nothing.
enum class ExtractMode { kAuto, kAlways, kNever };

/// "auto", "always" or "never"; nullopt for anything else.
FACETTE_EXPORT std::optional<ExtractMode> ParseExtractMode(std::string_view name);

/// How Indexer::Open opens a database.
struct IndexOptions {
  /// Create the database when there is none at the path (atomically: a
  /// crash leaves no database or an empty whole one), or in an empty
  /// directory. false: kNotFound instead, and nothing is created. Default:
  /// true.
  bool create_if_missing = true;
  /// What Upsert and Import extract. Default: kAuto.
  ExtractMode extract = ExtractMode::kAuto;
  /// Upsert, Delete and Import commit by themselves every this many changed
  /// articles; 0: only Commit() (and the end of an Import) commits. A
  /// parallel import also writes its shards in runs of at most this many
  /// articles per shard (and at most 5,000). Default: 10,000.
  std::uint64_t batch_size = 10000;
  /// An alias table (UTF-8 TSV, one alias a line: ALIAS<TAB>CANONICAL
  /// NAME[<TAB>person|organization|location], '#' for comments) added to
  /// the built-in one. It is stored in the database and replaces the table
  /// an earlier Indexer stored; "" keeps the stored one. Default: "".
  std::string aliases_path;
  /// Write the rank slots a sharded search counts facets with
  /// (docs/scale-out.md), for a database meant to be listed in a stub file
  /// as a shard: the database records it, and every later Indexer of it
  /// writes them too, whatever its options. A database whose articles were
  /// indexed without them is refused (kInvalidArgument): index them again
  /// into a new one. Default: false (one that records it still gets them).
  bool rank_slots = false;
};

/// Where a record came from: a file as named to the user, and its line
/// (1-based; 0 for a whole file, or for an article upserted from memory).
struct FACETTE_EXPORT SourcePosition {
  std::string file;
  std::uint64_t line = 0;
  /// "FILE:LINE", or "FILE" when line is 0, on one line: the control
  /// characters of the file name are written as JSON escapes ("\u000a").
  std::string ToString() const;
};

/// A record an import could not use.
struct Rejection {
  SourcePosition position;
  /// What is wrong, naming the field when there is one ("field \"date\":
  /// month 13 does not exist").
  std::string reason;
  /// A JSON Lines record as read, byte for byte, without its newline (what
  /// ImportOptions::rejects_path gets). Empty for a whole file (a text or
  /// Markdown article, a file that cannot be read).
  std::string raw;
};

/// A problem that did not stop a record from being indexed (repaired
/// UTF-8, an unknown field, a name too long to be a facet value...).
struct Warning {
  SourcePosition position;
  std::string message;
};

/// What Upsert did with an article.
struct UpsertResult {
  enum class Outcome {
    kAdded,      ///< no article had its id
    kReplaced,   ///< the article with its id had other content
    kUnchanged,  ///< the same id with the same content: nothing written
    kRejected,   ///< not an article: `reason` says why; nothing written
  };
  Outcome outcome = Outcome::kRejected;
  /// kRejected: the reason, the very words an import reports for the same
  /// record ("field \"id\": is empty").
  std::string reason;
  /// What was repaired or left out of an indexed article (invalid UTF-8
  /// replaced, a name too long to be a facet value).
  std::vector<std::string> warnings;
};

/// "added", "replaced", "unchanged" or "rejected".
FACETTE_EXPORT const char* OutcomeName(UpsertResult::Outcome outcome);

/// What an import is doing, for progress displays.
enum class ImportStage : std::uint8_t {
  /// Reading, validating, extracting and writing the records.
  kReading,
  /// A parallel import's shards write their last runs and are merged: no
  /// progress until it ends, and from here the import no longer stops at
  /// ImportOptions::stop.
  kMerging,
  /// A parallel import upserts the later versions of articles it set aside.
  kUpserting,
};

/// The counts of an import, so far (ImportObserver::OnProgress) or in all.
struct ImportSummary {
  ImportStage stage = ImportStage::kReading;
  /// kUpserting: later versions upserted so far, of stage_total.
  std::uint64_t stage_done = 0;
  std::uint64_t stage_total = 0;
  std::uint64_t read = 0;  ///< records read, good and rejected
  std::uint64_t added = 0;
  std::uint64_t replaced = 0;
  std::uint64_t unchanged = 0;  ///< same id, same content: left as it was
  /// Records rejected, and files that could not be read.
  std::uint64_t rejected = 0;
  std::uint64_t warnings = 0;
  std::uint64_t repaired_utf8 = 0;  ///< invalid UTF-8 sequences replaced
  /// Good records left out because their id belongs to another shard
  /// (ImportOptions::shard).
  std::uint64_t other_shards = 0;
  std::uint64_t documents = 0;  ///< articles in the database at the end
  double seconds = 0;
  /// The import stopped early at ImportOptions::stop: what it read is
  /// committed (one thread), or kept for the next import (parallel shards).
  bool interrupted = false;
};

/// Told what an import meets, on the importing thread, as it happens.
class FACETTE_EXPORT ImportObserver {
 public:
  virtual ~ImportObserver() = default;
  virtual void OnRejection(const Rejection& rejection) = 0;
  virtual void OnWarning(const Warning& warning) = 0;
  /// About every 256 records (and every 256 later versions upserted), and
  /// when a stage begins.
  virtual void OnProgress(const ImportSummary& so_far) = 0;
  /// Each article upserted on the importing thread, with its outcome (never
  /// kRejected: rejections go to OnRejection). Articles handed to parallel
  /// shards are counted in the summary only, unless
  /// ImportOptions::shard_article_results. Default: nothing.
  virtual void OnArticle(const SourcePosition& position, const std::string& id,
                         const UpsertResult& result);
};

/// How Indexer::Import and ImportStream run.
struct ImportOptions {
  /// Threads for parallel shards (merged at the end and swapped in for the
  /// database): from the start on an empty database; on one that has
  /// articles, once the import has added a twentieth as many new articles
  /// as it held, on one writer thread. 0: one per core, at most 4; 1: one
  /// writer thread. Default: 0.
  int jobs = 0;
  /// Threads that extract and build the documents of the one writer thread
  /// (with jobs 1, and before parallel shards start), beside it, while it
  /// writes them in input order: each record still gets its outcome, and
  /// the observer hears of every record in input order. 0: the writer
  /// builds them itself; -1: one per core beside the writer's, at most 3.
  /// Default: -1.
  int build_threads = -1;
  /// OnArticle hears of the articles parallel shards write too: once the
  /// shards are merged and swapped in (those added or unchanged), and as the
  /// later versions of articles they set aside are upserted (kUpserting):
  /// after the records of the one writer thread, not in input order (the
  /// position tells). Each such article's position and id are kept in
  /// memory until the merge, and the import resumes nothing an interrupted
  /// one left. Default: false.
  bool shard_article_results = false;
  /// How many records the input holds, when the caller knows it (a
  /// server's request body): on a database that has articles, whether
  /// parallel shards pay is then decided before the first record (they do
  /// when the records are at least a twentieth as many as the articles it
  /// holds), so that nothing is committed before the shards are merged and
  /// swapped in: the records appear in searches together. 0: not known,
  /// the switch above. Default: 0.
  std::uint64_t records_expected = 0;
  /// The date of plain-text and Markdown articles, instead of the one found
  /// at their top: a full day ("2025-02-07", "7 février 2025"). "": none.
  std::string text_date;
  /// Rejected JSON Lines records are appended to this file, byte for byte,
  /// one a line; "": nowhere. Failing to write it fails the import, once
  /// the good records are committed.
  std::string rejects_path;
  /// What the path "-" reads (JSON Lines named "<stdin>"): the library never
  /// reads standard input by itself. nullptr: "-" is kInvalidArgument.
  std::istream* standard_input = nullptr;
  /// When it becomes true (set from a signal handler, another thread), the
  /// import stops before its next record: on one thread what it read is
  /// committed; parallel shards keep their complete runs beside the
  /// database for the next import, unmerged. nullptr: never.
  const std::atomic<bool>* stop = nullptr;
  /// One shard of a collection split shard_count ways (docs/scale-out.md):
  /// only the records ShardOfId puts in shard `shard` (1 to shard_count)
  /// are indexed, the others are counted in ImportSummary::other_shards.
  /// shard_count 0: every record. A shard out of range is kInvalidArgument
  /// (field() "shard").
  std::uint32_t shard = 0;
  std::uint32_t shard_count = 0;
};

/// The shard (1 to shard_count) of the article `id` in a collection split
/// shard_count ways: the CRC-32C (Castagnoli) of the id's bytes, modulo
/// shard_count, plus one. Stable across runs, hosts and versions, so that
/// every shard host can read the same export; 1 when shard_count is 0 or 1.
FACETTE_EXPORT std::uint32_t ShardOfId(std::string_view id, std::uint32_t shard_count);

/// Writes the facet columns (docs/schema.md) of the revision of the
/// database at `path` open now, without opening it for writing: for a read
/// replica, which only xapian-replicate writes and which gets the database
/// but not its column file (docs/scale-out.md), so that its searches count
/// facets from columns again after each replicated revision. Nothing is
/// written when the file already describes that revision. Returns the
/// revision the file describes. kNotFound when there is no database,
/// kVersionMismatch for another schema version, kIOError when the file
/// cannot be written, kDatabaseError otherwise.
FACETTE_EXPORT Result<std::uint64_t> RefreshFacetColumns(const std::string& path);

/// What Import checks before reading anything, without opening a database:
/// every path exists (kNotFound naming it; "-" needs standard_input,
/// kInvalidArgument), text_date is a full day (kInvalidArgument, field()
/// "text_date"), and the rejects file opens for appending (kIOError naming
/// it; it is created, empty, when missing). A caller that must not create a
/// database for an import that cannot start calls it before Indexer::Open.
FACETTE_EXPORT Status ValidateImport(const std::vector<std::string>& paths,
                                     const ImportOptions& options);

/// An open database, for writing.
class FACETTE_EXPORT Indexer {
 public:
  /// Opens the database at `path` for writing, and reads options.aliases_path
  /// first. Fails with kInvalidArgument naming the alias table (or its
  /// FILE:LINE) when it cannot be read or has a bad line (nothing is
  /// opened then); kNotFound when there is no database and
  /// !options.create_if_missing (or something other than an empty
  /// directory is at the path); kPermissionDenied naming the path this process may
  /// not read or write; kLocked when another Indexer, in any process, has
  /// it open; kVersionMismatch when it was written by another schema
  /// version, or (when creating if missing) another analyzer;
  /// kDatabaseError when it is not a facette database.
  ///
  /// With create_if_missing false, a database written by another analyzer
  /// opens (Delete and Commit analyse nothing), and Upsert and Import fail
  /// with kVersionMismatch instead. Storing the alias table then waits for
  /// the first Upsert or Import.
  static Result<std::unique_ptr<Indexer>> Open(const std::string& path,
                                               const IndexOptions& options = {});

  /// Commits what is pending (an error is lost: call Commit to see it) and
  /// releases the lock.
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  /// Validates `article` by the rules of the JSON Lines input (same rules,
  /// same messages: corpus/README.md), extracts what IndexOptions::extract
  /// says, and adds it, or replaces the article with its id; the same
  /// content again is kUnchanged. A bad article is kRejected with its
  /// reason, and changes nothing. Commits by itself every
  /// IndexOptions::batch_size changes; searchers see the article after the
  /// next commit. Fails (a failed Result) on an error of the database, or
  /// kVersionMismatch (see Open).
  Result<UpsertResult> Upsert(const Article& article);

  /// Deletes the article `id` (read as Upsert keeps an id: without the white
  /// space around it); false when there was none. Visible after the next
  /// commit.
  Result<bool> Delete(const std::string& id);

  /// Makes every change so far durable and visible to searchers (at their
  /// next reopen), then writes the facet columns of this revision (failing
  /// to write them is no error: searches count without them, more slowly,
  /// until a later Commit writes them).
  Status Commit();

  /// Imports files and directories: JSON Lines (.jsonl, .ndjson), text
  /// (.txt) and Markdown (.md, .markdown); a file named with another
  /// extension is read as JSON Lines; a directory is walked for those
  /// extensions in sorted order, skipping hidden files and a folder's own
  /// README, LICENSE... (corpus/README.md); "-" reads
  /// options.standard_input. Reports to `observer` as it goes, then commits
  /// and writes the facet columns. A bad record or an unreadable file is a
  /// Rejection, never an error. Fails as ValidateImport does before reading
  /// anything; an error while writing stops the import, and what was
  /// committed before it stays; a write error on the rejects file fails it
  /// once the good records are committed. Reports first the warnings
  /// TakeWarnings would return.
  Result<ImportSummary> Import(const std::vector<std::string>& paths, ImportObserver& observer,
                               const ImportOptions& options = {});

  /// Imports JSON Lines from `in` (named `name` in positions) as Import
  /// does one file.
  Result<ImportSummary> ImportStream(std::istream& in, const std::string& name,
                                     ImportObserver& observer, const ImportOptions& options = {});

  /// Articles in the database, committed or not.
  std::uint64_t DocumentCount() const;

  /// The revision of the database last committed (searchers that reopen
  /// see it).
  std::uint64_t Revision() const;

  /// Warnings about the database itself that no Import has reported yet:
  /// the alias table differs from the one the database's articles were
  /// indexed with (they keep their old resolution until upserted again).
  std::vector<Warning> TakeWarnings();

 private:
  struct FACETTE_HIDDEN Rep;
  explicit Indexer(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace facette

#endif  // FACETTE_INDEX_H_
