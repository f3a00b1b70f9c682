// The change log of the facet columns: which documents a database changed
// since the revision its facet column file (facet_columns.h) describes.
//
// Rewriting facette.facets costs a pass over every value stream (seconds at
// a million articles), too much for a writer that commits every second. So
// each commit records instead, in the small file `facette.facets.delta`
// beside it, the ids of the documents added, replaced or deleted since the
// revision of the column file (its "base"), and the revision it brings that
// file up to (its "current" stamp). A searcher whose open revision is the
// delta's current one, and whose column file has the delta's base stamp,
// reads the columns for every other document and the value slots for the
// changed ones only, once per revision (FacetDelta::Keys): exact counts, at
// a cost that follows the change, not the database. When the delta grows past a limit, the writer
// rewrites the column file whole (index_writer.h).
//
// The file is written atomically after each commit and carries a CRC-32C
// of all its bytes. One that does not describe the revision open (a crash
// between the commit and the file, a writer that stopped recording), whose
// base is not the column file's, or that fails its checksum is never used:
// the searcher then counts from the value streams, exactly.
// docs/schema.md describes the format.
#ifndef FACETTE_SCHEMA_FACET_DELTA_H_
#define FACETTE_SCHEMA_FACET_DELTA_H_

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"
#include "schema/facet_columns.h"

namespace facette {

// The file's name inside the database directory (Xapian ignores it).
inline constexpr std::string_view kFacetDeltaFile = "facette.facets.delta";

// The keys the changed documents have now in one counted slot, as ids
// over the base revision's column of that slot: an id below
// column_keys is the column's key id; column_keys + i is extra_keys[i], a
// key the column lacks (sorted, distinct), so that ids order like keys
// within each group.
struct DeltaKeys {
  std::uint32_t column_keys = 0;
  std::vector<std::string> extra_keys;
  // The ids of changed document i (its index in FacetDelta::docids()) are
  // ids[rows[i] .. rows[i + 1]); none for a deleted document.
  std::vector<std::uint32_t> rows;
  std::vector<std::uint32_t> ids;

  template <typename Fn>
  void ForEachKeyId(std::size_t index, Fn&& fn) const {
    for (std::uint32_t at = rows[index]; at < rows[index + 1]; ++at) fn(ids[at]);
  }
  // The key of an id of this slot.
  std::string_view Key(const FacetColumn& column, std::uint32_t id) const {
    return id < column_keys ? column.key(id) : std::string_view(extra_keys[id - column_keys]);
  }
};

class FacetDelta {
 public:
  // The delta of the database at `db_path` if it brings a column file up to
  // exactly `current` (the stamp of the revision a searcher has open);
  // nullptr when there is none that does (no file, a stale one, another
  // format or schema version). An error naming the file when it is damaged
  // (checksum, truncation, ids out of order).
  static Result<std::shared_ptr<const FacetDelta>> Load(const std::string& db_path,
                                                        const ColumnStamp& current);

  FacetDelta(ColumnStamp base, ColumnStamp current, std::vector<Xapian::docid> docids);

  // The state the column file it extends describes.
  const ColumnStamp& base() const { return base_; }
  // The state it brings that file up to.
  const ColumnStamp& current() const { return current_; }
  // The documents changed between the two, sorted, distinct.
  const std::vector<Xapian::docid>& docids() const { return docids_; }
  bool Contains(Xapian::docid id) const {
    return std::binary_search(docids_.begin(), docids_.end(), id);
  }
  // The index of `id` in docids(); kAbsent when it is not there.
  static constexpr std::size_t kAbsent = ~std::size_t{0};
  std::size_t Find(Xapian::docid id) const {
    auto at = std::lower_bound(docids_.begin(), docids_.end(), id);
    return at != docids_.end() && *at == id ? static_cast<std::size_t>(at - docids_.begin())
                                            : kAbsent;
  }

  // The keys of the changed documents in the slot of `column` (a column of
  // the base revision), read from the value stream of `db` (a handle at the
  // revision current()) the first time they are asked for: one walk over
  // the changed documents per slot and per loaded delta, whatever the
  // number of searches. Thread-safe; throws Xapian's errors (nothing is
  // kept then).
  const DeltaKeys& Keys(const FacetColumn& column, const Xapian::Database& db) const;

 private:
  ColumnStamp base_;
  ColumnStamp current_;
  std::vector<Xapian::docid> docids_;
  mutable std::mutex mutex_;
  mutable std::map<Xapian::valueno, std::unique_ptr<const DeltaKeys>> keys_;
};

// The bytes of the file for this delta (`docids` sorted and distinct; the
// two stamps of one database).
std::string EncodeFacetDelta(const FacetDelta& delta);

// Writes db_path/facette.facets.delta atomically (ReplaceDatabaseFile).
Status WriteFacetDelta(const std::string& db_path, const FacetDelta& delta);

// Removes the file (once a new column file makes it useless); a missing
// file is fine.
void RemoveFacetDelta(const std::string& db_path);

}  // namespace facette

#endif  // FACETTE_SCHEMA_FACET_DELTA_H_
