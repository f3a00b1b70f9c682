// Creating a database atomically. The new database (empty, its versions
// recorded and committed: schema/version.h) is built in a directory beside
// the path it is for and renamed into place, so that a process killed at
// any moment leaves no database or a whole one, never a half-created
// directory that every later run would refuse.
//
// A path that exists is made into a database only when it is an empty
// directory, or one holding only what a creation killed in place left
// (Xapian's own files and no `iamglass`: older versions of facette created
// databases in place), which are removed. The new database then takes that
// directory's modes and owner, and replaces it; a symbolic link to it stays
// and leads to the new one. Where it cannot be replaced (a mount point, a
// folder the process may not write in), the database is created in it
// instead. Anything else at the path is left for opening to accept or
// refuse, and a directory of the user's is never removed.
//
// A build a killed process left beside the path (PATH.facette-new-PID-N) is
// removed by the next creation once no process of that id runs.
#ifndef FACETTE_INDEXER_NEW_DATABASE_H_
#define FACETTE_INDEXER_NEW_DATABASE_H_

#include <string>

#include "facette/status.h"

namespace facette {

// Creates the database at `path` as above, when there is none; Ok without
// doing anything when a database or anything else is there. kLocked when
// another process is creating one in place.
Status CreateDatabaseIfMissing(const std::string& path);

}  // namespace facette

#endif  // FACETTE_INDEXER_NEW_DATABASE_H_
