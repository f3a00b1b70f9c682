// A merge of glass databases as one Xapian::Database::compact writes it, in
// two threads: Xapian's compactor writes every table but the position
// table, while the other thread writes the position table, which is then
// moved into the new database and its root recorded in the version file.
//
// The position table comes either from a second compaction by Xapian of
// the sources' postlist and position tables (any sources; each table is
// then the one a single compaction writes, byte for byte), or, for
// databases facette's glass writer wrote, from a merge of their position
// items here: for each term, the sources' items in turn, their docids
// renumbered. That merge reads no postlist table and skips Xapian's
// per-item work. tests/indexer/split_compact_test.cc compares both with a
// single compaction.
//
// Why: merging the runs of a parallel import is one-threaded in Xapian, and
// the position table is two thirds of it (bench/README.md).
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

// Makes the compactor of one of the two compactions (each gets its own:
// they run at the same time). It decides duplicate metadata as for a single
// compaction.
using CompactorFactory = std::function<std::unique_ptr<Xapian::Compactor>()>;

// Where the position table of a merge comes from.
enum class PositionSources {
  // Xapian's compactor of the sources' postlist and position tables: any
  // glass databases.
  kXapian,
  // A merge of the position tables' items here, without the postlist
  // table, for databases that DatabaseBuilder wrote (documents 1 to n,
  // leaves in key order); Xapian's compactor for any other.
  kBuilder,
};

// Compacts the glass databases `sources` (in their docid order, renumbered
// as Database::compact with no flags does) into the new database `out`, in
// two threads; `*used` (when given) says how its position table was made.
// `scratch` is a folder this may create and removes (on the file system of
// `out`). Errors name the database and what failed.
Status CompactInTwoThreads(const std::vector<std::string>& sources, const std::string& out,
                           const std::string& scratch, const CompactorFactory& make_compactor,
                           PositionSources position_sources, PositionSources* used = nullptr);

// Open files the two compactions of `sources` sources may need at once.
std::size_t FilesForTwoThreads(std::size_t sources);

// The version file `into` with the root of `table` taken from the version
// file `from` (both of the same format); an error when either is not a
// glass version file or when they differ in anything but the tables' roots
// and the uuid (they must describe the same documents).
Result<std::string> SpliceVersionFile(std::string_view into, std::string_view from, Table table);

}  // namespace facette::glass

#endif  // FACETTE_INDEXER_SPLIT_COMPACT_H_
