// Facet columns: the counted slots of a database, one compact column per
// field, so that facets are counted by array lookups instead of value-stream
// walks (doc values / ordinals in Lucene's terms).
//
// The file `facette.facets` inside the database directory holds, for every
// kCounted field of the table that has a value slot (the entity fields, the
// publication date, the mentioned dates...), a sorted dictionary of the keys
// found in that slot (packed keys split on kPackedKeySeparator; a single
// value is a list of one key) and a CSR array docid -> key ids. The indexer
// writes it after the final commit of a run (WriteFacetColumns); the
// searcher uses it while it describes exactly the revision it has open
// (FacetColumns::Describes), or the base of a delta that brings it up to
// that revision (facet_delta.h), and counts from the value streams
// otherwise.
// The same file carries the database's word list (word_list.h), the
// dictionary of spelling suggestions, under the same consistency rule.
// Every section (each column, the word list) and the header carry a
// CRC-32C (crc32c.h): the header is checked when the file is loaded, a
// section at its first use, and a damaged part is never used (the searcher
// then counts from the value streams, exactly).
// docs/schema.md describes the format and the consistency rule.
#ifndef FACETTE_SCHEMA_FACET_COLUMNS_H_
#define FACETTE_SCHEMA_FACET_COLUMNS_H_

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"
#include "schema/fields.h"
#include "schema/word_list.h"

namespace facette {

// The file's name inside the database directory. Xapian's glass backend
// ignores files it does not know there (xapian-check passes).
inline constexpr std::string_view kFacetColumnsFile = "facette.facets";

// True for the fields that get a column: kCounted with a value slot.
bool HasFacetColumn(const FieldSpec& spec);

// The state of a database a file describes: the same uuid (a database
// rebuilt from scratch or compacted gets a new one) and the same revision
// (every commit that changes anything increases it), plus document counts as
// a sanity check.
struct ColumnStamp {
  std::string uuid;
  std::uint64_t revision = 0;
  std::uint64_t doccount = 0;
  std::uint64_t last_docid = 0;
  friend bool operator==(const ColumnStamp& a, const ColumnStamp& b) {
    return a.uuid == b.uuid && a.revision == b.revision && a.doccount == b.doccount &&
           a.last_docid == b.last_docid;
  }
};

// The stamp of the revision `db` has open. Unavailable for backends without
// revisions (in-memory databases, several shards).
Result<ColumnStamp> StampOf(const Xapian::Database& db);

// Writes the columns of the committed state of `db` (a database at
// `db_path` with no pending changes, e.g. a WritableDatabase right after
// commit) to db_path/facette.facets, atomically: temporary file, fsync,
// rename, fsync of the directory. Skips the work when the file already
// describes this state and every checksum in it holds. Readers never see a
// half-written file.
Status WriteFacetColumns(const Xapian::Database& db, const std::string& db_path);

// Replaces the file `name` of the database directory `db_path` by `data`,
// atomically (a reader sees the old file or the new one): a temporary file
// with the modes and owner of the database's files, fsync, rename, fsync of
// the directory.
Status ReplaceDatabaseFile(const std::string& db_path, std::string_view name,
                           const std::string& data);

// One field's column: keys sorted by bytes (so key ids order like keys) and
// the key ids of each document.
class FacetColumn {
 public:
  Xapian::valueno slot() const { return slot_; }
  std::uint32_t key_count() const { return key_count_; }
  // The key of id < key_count().
  std::string_view key(std::uint32_t id) const {
    // A column is used only once its checksum holds; offsets are clamped to
    // the key bytes all the same, so that even a file forged with matching
    // checksums gives wrong keys, never a read out of bounds.
    std::uint64_t begin = std::min<std::uint64_t>(key_offsets_[id], key_bytes_size_);
    std::uint64_t end = std::min<std::uint64_t>(key_offsets_[id + 1], key_bytes_size_);
    return std::string_view(key_bytes_ + begin, end > begin ? end - begin : 0);
  }
  // The first key id whose key is not below `key` (key_count() when none):
  // the id of `key` when the column has it.
  std::uint32_t LowerBound(std::string_view key) const;
  // The same, knowing that it is not below `from`: a search outward from
  // `from`, whose cost grows with the distance (for keys looked up in
  // order).
  std::uint32_t LowerBound(std::string_view key, std::uint32_t from) const;
  // The first key id whose key is above `key`.
  std::uint32_t UpperBound(std::string_view key) const;
  // Calls fn(std::uint32_t key_id) for each key of the documents `first`
  // to `last` (inclusive; those beyond the column have none). Every key_id
  // is < key_count(). The keys of consecutive documents are contiguous, so
  // a run of matching documents is one loop, without a branch per document.
  template <typename Fn>
  void ForEachKeyId(Xapian::docid first, Xapian::docid last, Fn&& fn) const {
    if (first > last_docid_ || first > last) return;
    last = std::min(last, last_docid_);
    // Bounds read once (fn may write through a uint32_t pointer, which the
    // compiler must otherwise assume can change rows_), and clamped like
    // the offsets above.
    const std::uint32_t keys = key_count_;
    const std::uint32_t* id = ids_ + std::min(rows_[first], id_count_);
    const std::uint32_t* const end = ids_ + std::min(rows_[last + 1], id_count_);
    for (; id < end; ++id) {
      if (*id < keys) fn(*id);
    }
  }
  // Adds one to counts[key_id] (counts has key_count() entries) for each key
  // of each of the `n` documents `docs` (ascending, not 0). Runs of
  // consecutive documents are one loop each (ForEachKeyId); scattered ones
  // prefetch the rows and key ids of the documents a few places ahead, so
  // that the two cache misses of each document overlap with the others'.
  void CountKeyIds(const Xapian::docid* docs, std::size_t n, std::uint32_t* counts) const;
  // Calls fn(const std::uint32_t* begin, const std::uint32_t* end) with the
  // key ids of each of the `n` documents `docs` (ascending, not 0; none for
  // those beyond the column), prefetching a few documents ahead as
  // CountKeyIds does. The ids are not checked: the caller skips those not
  // below key_count().
  template <typename Fn>
  void ForEachDocumentKeys(const Xapian::docid* docs, std::size_t n, Fn&& fn) const {
    constexpr std::size_t kRowsAhead = 16;
    constexpr std::size_t kIdsAhead = 8;
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kRowsAhead < n && docs[i + kRowsAhead] <= last_docid_) {
        __builtin_prefetch(rows_ + docs[i + kRowsAhead]);
      }
      if (i + kIdsAhead < n && docs[i + kIdsAhead] <= last_docid_) {
        __builtin_prefetch(ids_ + std::min(rows_[docs[i + kIdsAhead]], id_count_));
      }
      if (docs[i] > last_docid_) continue;
      fn(ids_ + std::min(rows_[docs[i]], id_count_),
         ids_ + std::min(rows_[docs[i] + 1], id_count_));
    }
  }

 private:
  friend class FacetColumns;
  Xapian::valueno slot_ = 0;
  std::uint32_t key_count_ = 0;
  Xapian::docid last_docid_ = 0;
  std::uint32_t id_count_ = 0;
  std::uint64_t key_bytes_size_ = 0;
  const std::uint32_t* key_offsets_ = nullptr;  // key_count_ + 1
  const char* key_bytes_ = nullptr;
  const std::uint32_t* rows_ = nullptr;  // last_docid_ + 2: ids of d are [rows_[d], rows_[d+1])
  const std::uint32_t* ids_ = nullptr;
};

// The key id of each document of a column whose documents have one key at
// most (the publication date's), in one array indexed by docid: a filter
// that tests documents one at a time (query/date_range_source.h) reads one
// entry where the column's layout takes two dependent reads (the row, then
// the ids it points to), each a cache miss on a large database. Built from
// the column (FacetColumns::SingleKeys); two bytes per document.
class SingleKeyIds {
 public:
  // The id of documents without a key, or beyond the column: above every
  // key id (a column with this many keys has no SingleKeyIds).
  static constexpr std::uint16_t kNone = 0xFFFF;
  std::uint16_t operator[](Xapian::docid did) const {
    return did < ids_.size() ? ids_[did] : kNone;
  }
  // The ids of documents 0..size()-1 (0 unused), for loops that read them
  // all; documents from size() on have none.
  const std::uint16_t* data() const { return ids_.data(); }
  std::size_t size() const { return ids_.size(); }

 private:
  friend class FacetColumns;
  std::vector<std::uint16_t> ids_;  // by docid, 0 unused
};

// A loaded (memory-mapped) facette.facets file. Thread-safe: its sections
// are checked once, at first use, under a lock.
class FacetColumns {
 public:
  // The file of the database at `db_path` if it describes exactly the
  // revision `db` has open; nullptr when there is none that does (no file,
  // a stale one, another format or schema version). An error naming the
  // file and what is wrong when the file is damaged: its header fails its
  // checksum, or its sections are truncated or malformed. The sections'
  // checksums are checked at their first use (Column, words), not here:
  // checking them all would read the whole file at every open.
  static Result<std::shared_ptr<const FacetColumns>> Load(const std::string& db_path,
                                                          const Xapian::Database& db);
  // The same for the state `expected` (the base of a delta, facet_delta.h).
  static Result<std::shared_ptr<const FacetColumns>> Load(const std::string& db_path,
                                                          const ColumnStamp& expected);

  ~FacetColumns();
  FacetColumns(const FacetColumns&) = delete;
  FacetColumns& operator=(const FacetColumns&) = delete;

  const ColumnStamp& stamp() const { return stamp_; }
  // True when this file describes the revision `db` has open.
  bool Describes(const Xapian::Database& db) const;
  // The column of the field with this slot; nullptr when the file has none,
  // or when its section fails its checksum (damage() then says so).
  const FacetColumn* Column(Xapian::valueno slot) const;

  // The key ids of the column with this slot as SingleKeyIds, built at
  // the first call (one pass over the column) and kept with the file;
  // nullptr when Column(slot) is, when a document has several keys, or
  // when the column has kNone keys or more.
  const SingleKeyIds* SingleKeys(Xapian::valueno slot) const;

  // Every unprefixed word of the revision described, with its frequency;
  // nullptr when its section fails its checksum (damage() then says so).
  const WordList* words() const;

  // The first damage found so far in the sections used (ok while none).
  Status damage() const;
  // Checks every section now; the first damage, or ok.
  Status Verify() const;

 private:
  // A part of the file with its own checksum: a column, or the word list.
  struct Section {
    std::uint32_t slot;  // the column's, or kWordsSection
    std::uint32_t crc;
    std::uint64_t offset;
    std::uint64_t size;
  };
  enum class Check : std::uint8_t { kNotYet, kGood, kDamaged };

  FacetColumns() = default;
  // Reads the header and the sections' own headers (bounds only). Ok with
  // `described` false when the file does not describe `expected`; an error
  // when it is damaged.
  Status Parse(const ColumnStamp& expected, bool& described);
  // True when section i's checksum holds (checked once).
  bool Checked(std::size_t i) const;

  std::string path_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  ColumnStamp stamp_;
  std::vector<Section> sections_;     // the columns, then the word list
  std::vector<FacetColumn> columns_;  // one per section but the last
  WordList words_;
  mutable std::mutex mutex_;
  mutable std::vector<Check> checks_;  // per section
  mutable Status damage_;
  // Per column, once SingleKeys was asked for it (under mutex_): its
  // SingleKeyIds, or nullptr when it has none.
  struct Single {
    bool built = false;
    std::unique_ptr<const SingleKeyIds> ids;
  };
  mutable std::vector<Single> singles_;
};

}  // namespace facette

#endif  // FACETTE_SCHEMA_FACET_COLUMNS_H_
