// Guards on the glass writer (glass_writer.h), which writes Xapian 1.4's
// on-disk format with format constants of its own: the build refuses any
// Xapian but 1.4 (cmake/FacetteXapian.cmake, and glass_format.h at compile
// time), but the library linked at run time can still change under an
// installed binary. A parallel import therefore checks, before it writes
// with the glass writer, that the Xapian it runs with reads what the glass
// writer writes, and runs Xapian's own consistency check on the first run
// of each shard (run_writer.h); if either fails, it writes through Xapian's
// writer instead.
#ifndef FACETTE_INDEXER_GLASS_CHECK_H_
#define FACETTE_INDEXER_GLASS_CHECK_H_

#include <string>

#include "facette/status.h"

namespace facette::glass {

// The Xapian library linked at run time, as "1.4.22".
std::string LinkedXapianVersion();

// Ok when the linked Xapian reads the glass writer's databases as written:
// it is a 1.4 release, and a tiny database the glass writer writes into
// `dir` (created, then removed) reads back through it with the statistics,
// terms, postings, positions, values, data and metadata written. Otherwise
// an error saying what differs (IOError: `dir` could not be written).
Status CheckLinkedXapian(const std::string& dir);

// Xapian's consistency check (Xapian::Database::check) of the database in
// `dir`; an error with the start of its report when it finds a problem.
Status CheckDatabase(const std::string& dir);

}  // namespace facette::glass

#endif  // FACETTE_INDEXER_GLASS_CHECK_H_
