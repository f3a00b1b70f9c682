// The writer: opens (or creates) a facette database for writing, upserts
// and deletes articles by id, and commits in batches. Each commit is atomic
// (Xapian's): a crash leaves the database as of the last commit, and
// re-running the same input completes it without duplicates.
#ifndef FACETTE_INDEXER_INDEX_WRITER_H_
#define FACETTE_INDEXER_INDEX_WRITER_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "facette/status.h"
#include "indexer/document_builder.h"
#include "schema/alias_table.h"
#include "schema/entity_labels.h"
#include "schema/facet_columns.h"

namespace facette {

struct WriterOptions {
  // Documents changed between two commits; 0: only Commit() commits.
  // Default: 10,000.
  std::uint64_t batch_size = 10000;
  // Whether each commit waits for the disk (fsync). Only databases that are
  // synced before they are kept, or rebuilt after a machine crash, may turn
  // it off (the merged database of a parallel run, sharded_writer.h):
  // Xapian::DB_NO_SYNC.
  bool sync = true;
  // Create the database when it is missing (new_database.h), and prepare
  // it for indexing at once (PrepareForIndexing). false: only a database
  // that exists opens, whatever its analyzer (deleting analyses nothing).
  // Default: true.
  bool create_if_missing = true;
  // The most documents the facet delta may hold (schema/facet_delta.h)
  // before UpdateFacetColumns rewrites the column file whole; 0: the
  // default, max(kFacetDeltaMinimum, documents / kFacetDeltaFraction).
  std::uint64_t facet_delta_limit = 0;
  // Mark the database as written with rank slots (schema/fields.h,
  // kRankSlotsKey: a shard) when it is not yet, with the next Commit. A
  // database with articles indexed without them cannot be marked
  // (kInvalidArgument). A marked database stays marked whatever this says.
  // Default: false.
  bool rank_slots = false;
};

// The default limit of the facet delta. Each searcher reads the value slots
// of the delta's documents once per revision (FacetDelta::Keys: a walk per
// slot) and each commit writes the delta file (4 bytes a document): a
// sixteenth of the database keeps both far below a broad search's cost,
// and the full rewrite of the column file (a pass over every value stream)
// rare. Below the minimum a rewrite is cheap, but not worth doing at every
// commit.
inline constexpr std::uint64_t kFacetDeltaMinimum = 4096;
inline constexpr std::uint64_t kFacetDeltaFraction = 16;

class IndexWriter {
 public:
  enum class Outcome { kAdded, kReplaced, kUnchanged };

  // Opens `path`, creating the database when it does not exist and
  // PrepareForIndexing when options.create_if_missing. Fails with
  // kPermissionDenied naming the path this process may not read or write,
  // kNotFound when there is no database and none is to be created (or a
  // directory with other files where one is to be created), kLocked when
  // another process writes it, kVersionMismatch when it was made by another
  // schema version (or analyzer: PrepareForIndexing), kDatabaseError when
  // it is not a facette database.
  static Result<std::unique_ptr<IndexWriter>> Open(const std::string& path,
                                                   WriterOptions options = {});

  // Before the first upsert: refuses a database written by another analyzer
  // (its articles and the new ones would be analysed two ways:
  // kVersionMismatch), and records the versions a database written before
  // they were recorded lacks (schema/version.h), committed at once. Once it
  // passed, does nothing.
  Status PrepareForIndexing();

  // Adds the document, or replaces the one with the same id. An identical
  // document (same content hash) is left as it is.
  Result<Outcome> Upsert(const BuiltDocument& built);

  // Deletes the article with this id; false when there was none.
  Result<bool> Delete(const std::string& id);

  // Commits pending changes. When the facet column file describes a
  // revision committed by this writer or before it (opened with a file and
  // its delta, or written since), the commit also records the documents
  // changed since that revision in the facet delta (schema/facet_delta.h),
  // so that searches stay fast: until the delta passes its limit
  // (WriterOptions::facet_delta_limit); from then on it records nothing
  // until the column file is written again.
  Status Commit();

  // Writes the facet columns file of the committed state (call after the
  // last Commit of a run; schema/facet_columns.h) and removes the delta.
  // Until it is written, searches count facets from the value streams,
  // exactly but slower.
  Status WriteFacetColumns();

  // After a Commit, for a writer that commits often (an embedder, a
  // server): nothing when the delta recorded by the commit keeps the
  // column file usable, else WriteFacetColumns (no column file to extend,
  // or the delta passed its limit).
  Status UpdateFacetColumns();

  // The documents in the delta of the last commit; nullopt when the commit
  // recorded none (see Commit).
  std::optional<std::uint64_t> FacetDeltaSize() const;

  // Number of documents in the database (committed or not).
  std::uint64_t DocumentCount() const;

  // The revision last committed.
  std::uint64_t Revision() const;

  // Whether the database is marked for rank slots (WriterOptions::
  // rank_slots): the documents upserted must be built with them.
  bool RankSlots() const { return rank_slots_; }

  // The user's alias table stored by an earlier run (TSV; "" when none).
  std::string StoredUserAliases() const;

  // Records the table in effect and the user's own table (written at the
  // next commit). True when the database already had articles indexed with
  // a different table in effect: they keep their old resolution until
  // re-indexed.
  Result<bool> StoreAliases(const AliasTable& in_effect, const AliasTable& user);

  ~IndexWriter();

 private:
  IndexWriter(Xapian::WritableDatabase db, std::string path, WriterOptions options);
  Status AfterChange();
  // Reads the rank slot mark, and sets it as options_ ask (WriterOptions::
  // rank_slots).
  Status MarkRankSlots();
  // Counts the spellings of a document in (+1) or out (-1).
  void CountSpellings(const BuiltDocument& built, int delta);
  void CountSpellings(const Xapian::Document& stored, int delta);
  void FlushSpellings();
  // The column file (and delta) this writer can extend, read at Open.
  void FindFacetBase();
  // Adds the documents changed by the commit to the delta and writes it.
  void RecordFacetDelta();

  Xapian::WritableDatabase db_;
  std::string path_;
  WriterOptions options_;
  std::uint64_t pending_ = 0;
  bool prepared_ = false;    // PrepareForIndexing passed
  bool rank_slots_ = false;  // marked with kRankSlotsKey
  // Changes to the spelling counts of entity terms since the last commit,
  // written to the metadata with the commit (entity_labels.h).
  std::unordered_map<std::string, SpellingCounts> spelling_deltas_;
  // The state the column file describes, when this writer extends it with
  // a delta; nullopt: no delta is recorded.
  std::optional<ColumnStamp> facet_base_;
  // Documents changed between facet_base_ and the last commit (sorted,
  // distinct), and since the last commit (in the order changed).
  std::vector<Xapian::docid> facet_delta_;
  std::vector<Xapian::docid> changed_;
  // The revision the delta on disk brings the column file up to, when it
  // is this writer's facet_delta_: a commit that changed nothing keeps it.
  std::optional<ColumnStamp> facet_written_;
};

}  // namespace facette

#endif  // FACETTE_INDEXER_INDEX_WRITER_H_
