// The files of a database directory as the file system sees them: who owns
// them and with which modes, giving another directory or file the same
// (a database that replaces another, a file written into one), and whether
// this process may read or write them (to say "permission denied, on this
// path" instead of what Xapian makes of it).
#ifndef FACETTE_SCHEMA_DATABASE_FILES_H_
#define FACETTE_SCHEMA_DATABASE_FILES_H_

#include <sys/types.h>

#include <string>
#include <string_view>

#include "facette/status.h"

namespace facette {

// The names Xapian's glass backend gives the files of a database, the
// revision file (`iamglass`) first. While it creates one it writes the lock
// file, the tables and `v.tmp`, which it renames to `iamglass` last.
inline constexpr std::string_view kGlassFiles[] = {
    "iamglass",      "flintlock",      "v.tmp",          "postlist.glass", "termlist.glass",
    "docdata.glass", "position.glass", "spelling.glass", "synonym.glass"};

// Owners and permission bits of a database's directory and of its files.
struct DatabaseModes {
  mode_t directory_mode = 0;  // permission bits (07777) of the directory
  uid_t directory_uid = 0;
  gid_t directory_gid = 0;
  mode_t file_mode = 0;  // permission bits of its files
  uid_t file_uid = 0;
  gid_t file_gid = 0;
};

// The modes of the directory `db_path` and of its files. The files' are
// those of postlist.glass, a table Xapian updates in place (it writes
// some other files anew, with the umask's modes); without one (an empty
// directory), the directory's without the execute bits, and its owner.
Result<DatabaseModes> ReadDatabaseModes(const std::string& db_path);

// Gives the directory `dir` and every regular file directly in it (a
// database has no subdirectories) `modes`: permission bits always, owners
// where the process may (changing an owner needs privileges: the process's
// own stays otherwise).
Status ApplyDatabaseModes(const std::string& dir, const DatabaseModes& modes);

// Gives the open file `fd` (`path`, for messages) the files' mode and,
// where the process may, owner.
Status ApplyFileModes(int fd, const std::string& path, const DatabaseModes& modes);

// `db_path` without trailing slashes ("db/" is "db", "/" stays): the name
// that files made beside the database (a build, a work folder) extend.
std::string DatabaseDirectoryName(const std::string& db_path);

// Writes the entries of the directory `dir` (names, renames) to the disk;
// best effort ("" is the current directory).
void SyncFolderEntries(const std::string& dir);

// Ok when nothing is at `db_path`, or when this process may read the
// database there (enter the directory, read its tables) and, when `write`,
// write it (write in the directory, its tables and lock file). Otherwise a
// PermissionDenied naming the first path it may not use: "PATH: permission denied
// (cannot read it)".
Status CheckDatabaseAccess(const std::string& db_path, bool write);

}  // namespace facette

#endif  // FACETTE_SCHEMA_DATABASE_FILES_H_
