// The versions a database records (schema, analyzer, ICU) and the metadata
// keys facette uses.
#ifndef FACETTE_SCHEMA_VERSION_H_
#define FACETTE_SCHEMA_VERSION_H_

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facette/status.h"

namespace facette {

// Bump whenever terms, values or document data change meaning: an index
// written by another version is refused by both tools.
inline constexpr int kSchemaVersion = 1;

// Metadata key holding kSchemaVersion as decimal text.
inline constexpr std::string_view kSchemaVersionKey = "facette.schema_version";

// Bump whenever the French analyzer (analysis/french_analyzer.h) gives other
// terms for the same text: words, elisions, folding, stems, limits. A
// query finds only what was analysed the way it is, so a database records
// the analyzer that wrote it and both tools refuse another one.
inline constexpr int kAnalyzerVersion = 1;

// Metadata keys holding kAnalyzerVersion and the major version of the ICU
// the analyzer ran on (IcuMajorVersion: its folding and character classes
// follow ICU's Unicode data), as decimal text.
inline constexpr std::string_view kAnalyzerVersionKey = "facette.analyzer_version";
inline constexpr std::string_view kIcuVersionKey = "facette.icu_version";

// Metadata key holding the version of the facette that last wrote the
// database (FACETTE_VERSION_STRING), for people and tools; never checked.
inline constexpr std::string_view kWrittenByKey = "facette.written_by";

// Metadata key prefix of entity display labels: kLabelKeyPrefix + field
// prefix + canonical key -> label (see docs/schema.md).
inline constexpr std::string_view kLabelKeyPrefix = "facette.label.";

// The longest entity term (prefix + key): its label key, kLabelKeyPrefix +
// term, is a metadata key, which Xapian stores as a B-tree key ("\0\xc0" +
// key) of at most 255 bytes. The name of a longer one is left out of the
// document, with a warning.
inline constexpr std::size_t kMaxEntityTermBytes = 255 - 2 - kLabelKeyPrefix.size();

// The major version of the ICU facette is built with (and runs on: ICU's
// libraries carry their major version in their names).
int IcuMajorVersion();

// A stored version: decimal digits only, as facette writes them (no sign,
// space, leading zero or other character), at least 1, fitting an int;
// nothing otherwise.
std::optional<int> ParseVersion(std::string_view text);

// The metadata every new database records, (key, value): the schema
// version, the analyzer version and the ICU major version.
std::vector<std::pair<std::string, std::string>> VersionMetadata();

// The schema version stored in `db`: 0 when it has none, -1 when its text
// is not a version (ParseVersion).
int StoredSchemaVersion(const Xapian::Database& db);

// Ok when `db` was written with kSchemaVersion; a VersionMismatch naming both
// versions and `path` otherwise. An empty database without a version is ok
// only when `allow_empty` (the indexer is about to stamp it).
Status CheckSchemaVersion(const Xapian::Database& db, const std::string& path, bool allow_empty);

// Whether `db` records an analyzer version or an ICU version.
bool RecordsAnalyzerVersion(const Xapian::Database& db);

// Ok when `db` records kAnalyzerVersion and IcuMajorVersion(), or neither
// (a database written before they were recorded is taken as written by
// this analyzer: docs/schema.md); otherwise a VersionMismatch naming both
// pairs of versions and `path`, saying to re-index into a new database.
Status CheckAnalyzerVersion(const Xapian::Database& db, const std::string& path);

}  // namespace facette

#endif  // FACETTE_SCHEMA_VERSION_H_
