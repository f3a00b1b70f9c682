// The facet columns of a read replica (RefreshFacetColumns, facette/index.h):
// xapian-replicate copies the database, not facette.facets, so after each
// replicated revision the replica's own column file is written from its
// copy, read-only (docs/scale-out.md).
#include <sys/stat.h>

#include <cerrno>

#include "facette/index.h"
#include "schema/facet_columns.h"
#include "schema/version.h"

namespace facette {
namespace {

// xapian-replicate may apply a changeset while the columns are read.
constexpr int kModifiedRetries = 5;

}  // namespace

Result<std::uint64_t> RefreshFacetColumns(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
    return Status::NotFound(path + ": no database here");
  }
  for (int attempt = 0;; ++attempt) {
    try {
      Xapian::Database db(path);
      Status version = CheckSchemaVersion(db, path, /*allow_empty=*/true);
      if (!version.ok()) return version;
      Status written = WriteFacetColumns(db, path);
      if (!written.ok()) return written;
      return std::uint64_t{db.get_revision()};
    } catch (const Xapian::DatabaseNotFoundError&) {
      return Status::NotFound(path + ": not a facette database (no Xapian database found)");
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kModifiedRetries)
        return Status::DatabaseError(path + ": " + e.get_description());
    } catch (const Xapian::Error& e) {
      return Status::DatabaseError(path + ": " + e.get_description());
    }
  }
}

}  // namespace facette
