// The schema version and the database metadata keys facette uses.
#ifndef FACETTE_SCHEMA_VERSION_H_
#define FACETTE_SCHEMA_VERSION_H_

#include <string>
#include <string_view>

#include <xapian.h>

#include "schema/status.h"

namespace facette {

// Bump whenever terms, values or document data change meaning: an index
// written by another version is refused by both tools.
inline constexpr int kSchemaVersion = 1;

// Metadata key holding kSchemaVersion as decimal text.
inline constexpr std::string_view kSchemaVersionKey = "facette.schema_version";

// Metadata key prefix of entity display labels: kLabelKeyPrefix + field
// prefix + canonical key -> label (see docs/schema.md).
inline constexpr std::string_view kLabelKeyPrefix = "facette.label.";

// The version stored in `db`, or 0 when it has none.
int StoredSchemaVersion(const Xapian::Database& db);

// Ok when `db` was written with kSchemaVersion; a SchemaMismatch naming both
// versions and `path` otherwise. An empty database without a version is ok
// only when `allow_empty` (the indexer is about to stamp it).
Status CheckSchemaVersion(const Xapian::Database& db, const std::string& path,
                          bool allow_empty);

}  // namespace facette

#endif  // FACETTE_SCHEMA_VERSION_H_
