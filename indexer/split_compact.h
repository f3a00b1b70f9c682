// A merge of glass databases as one Xapian::Database::compact writes it, in
// up to three threads: Xapian's compactor writes the postlist table (with
// the spelling and synonym tables), while the other threads write the
// position table and the two tables keyed by docid (document data, term
// lists), which are then moved into the new database and their roots
// recorded in the version file.
//
// For databases facette's glass writer wrote, those three tables are
// merged here: the position table's items for each term, the sources' in
// turn, and the docid-keyed tables' items one source after the other,
// docids renumbered and tags copied as they are stored. These merges read
// no postlist table and skip Xapian's per-item work. For any other
// sources (or when a merge here fails), the document data and term list
// tables are left to the main compaction, and the position table comes
// from a second compaction by Xapian of the sources' postlist and position
// tables (each table is then the one a single compaction writes, byte for
// byte). tests/indexer/split_compact_test.cc compares both with a single
// compaction.
//
// Why: merging the runs of a parallel import is one-threaded in Xapian; the
// position table is two thirds of it at 100k articles, and the docid-keyed
// tables are more than half of the rest at 1M (bench/README.md).
//
// How the sources are split: a source is shown to each compaction as a
// folder of symbolic links to some of its table files. Glass opens the
// position, spelling, synonym, term list and document data tables lazily: a
// table whose file is missing is an empty one.
#ifndef FACETTE_INDEXER_SPLIT_COMPACT_H_
#define FACETTE_INDEXER_SPLIT_COMPACT_H_

#include <xapian.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "facette/status.h"
#include "indexer/glass_table_builder.h"

namespace facette::glass {

// Makes the compactor of one of the compactions (each gets its own: they
// may run at the same time). It decides duplicate metadata as for a single
// compaction.
using CompactorFactory = std::function<std::unique_ptr<Xapian::Compactor>()>;

// Who merges the position, document data and term list tables.
enum class MergeWith {
  // Xapian's compactor: any glass databases.
  kXapian,
  // The merges here, without the postlist table, for databases that
  // DatabaseBuilder wrote (documents 1 to n, leaves in key order);
  // Xapian's compactor for any other.
  kBuilder,
};

// Who made the tables of a merge that may be merged here.
struct MergedBy {
  MergeWith positions = MergeWith::kXapian;
  MergeWith docids = MergeWith::kXapian;  // document data and term lists
};

// Compacts the glass databases `sources` (in their docid order, renumbered
// as Database::compact with no flags does) into the new database `out`, in
// threads; `*merged_by` (when given) says how its tables were made.
// `merge_with` kBuilder asks for the merges here. `scratch` is a folder this may
// create and removes (on the file system of `out`). Errors name the
// database and what failed.
Status CompactInThreads(const std::vector<std::string>& sources, const std::string& out,
                        const std::string& scratch, const CompactorFactory& make_compactor,
                        MergeWith merge_with, MergedBy* merged_by = nullptr);

// Open files the compactions and merges of `sources` sources may need at
// once.
std::size_t FilesForThreads(std::size_t sources);

// The version file `into` with the root of `table` taken from the version
// file `from` (both of the same format); an error when either is not a
// glass version file or when they differ in anything but the tables' roots
// and the uuid (they must describe the same documents).
Result<std::string> SpliceVersionFile(std::string_view into, std::string_view from, Table table);

// Gives the glass database `db` (closed) the revision `at_least` when its
// own is lower: its version file rewritten with it (renamed over the old
// one; not synced). Every block keeps its revision, which is then older
// than the database's, as in any database changed since: a compacted
// database swapped in for another keeps its revision numbers going up.
Status RaiseRevision(const std::string& db, std::uint64_t at_least);

}  // namespace facette::glass

#endif  // FACETTE_INDEXER_SPLIT_COMPACT_H_
