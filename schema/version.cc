// Reading and checking the schema version stamped in a database.
#include "schema/version.h"

#include <cstdlib>

namespace facette {

int StoredSchemaVersion(const Xapian::Database& db) {
  std::string text = db.get_metadata(std::string(kSchemaVersionKey));
  if (text.empty()) return 0;
  return std::atoi(text.c_str());
}

Status CheckSchemaVersion(const Xapian::Database& db, const std::string& path,
                          bool allow_empty) {
  int stored = StoredSchemaVersion(db);
  if (stored == kSchemaVersion) return Status::Ok();
  if (stored == 0) {
    if (allow_empty && db.get_doccount() == 0) return Status::Ok();
    return Status::SchemaMismatch(
        path + ": not a facette database (no schema version in its metadata); "
        "facette uses schema version " + std::to_string(kSchemaVersion));
  }
  return Status::SchemaMismatch(
      path + ": database has schema version " + std::to_string(stored) +
      " but this facette uses version " + std::to_string(kSchemaVersion) +
      "; re-index into a new database");
}

}  // namespace facette
