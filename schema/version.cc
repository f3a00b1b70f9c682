// Reading and checking the versions stamped in a database.
#include "schema/version.h"

#include <unicode/uvernum.h>

#include <limits>

#include "facette/version.h"

namespace facette {
namespace {

// A stored version as a message shows it: the number, the text quoted when
// it is not a version, "none" when there is none.
std::string Shown(const std::string& text) {
  if (text.empty()) return "none";
  if (ParseVersion(text)) return text;
  return "\"" + text + "\"";
}

}  // namespace

const char* Version() { return FACETTE_VERSION_STRING; }

int IcuMajorVersion() { return U_ICU_VERSION_MAJOR_NUM; }

std::optional<int> ParseVersion(std::string_view text) {
  // The form std::to_string writes, and only it: no sign, space or leading 0.
  if (text.empty() || text[0] == '0') return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > std::numeric_limits<int>::max()) return std::nullopt;
  }
  return static_cast<int>(value);
}

std::vector<std::pair<std::string, std::string>> VersionMetadata() {
  return {{std::string(kSchemaVersionKey), std::to_string(kSchemaVersion)},
          {std::string(kAnalyzerVersionKey), std::to_string(kAnalyzerVersion)},
          {std::string(kIcuVersionKey), std::to_string(IcuMajorVersion())},
          {std::string(kWrittenByKey), Version()}};
}

int StoredSchemaVersion(const Xapian::Database& db) {
  std::string text = db.get_metadata(std::string(kSchemaVersionKey));
  if (text.empty()) return 0;
  return ParseVersion(text).value_or(-1);
}

Status CheckSchemaVersion(const Xapian::Database& db, const std::string& path, bool allow_empty) {
  int stored = StoredSchemaVersion(db);
  if (stored == kSchemaVersion) return Status::Ok();
  if (stored == 0) {
    if (allow_empty && db.get_doccount() == 0) return Status::Ok();
    return Status::DatabaseError(path +
                                 ": not a facette database (no schema version in its metadata); "
                                 "facette uses schema version " +
                                 std::to_string(kSchemaVersion));
  }
  if (stored < 0) {
    return Status::DatabaseError(path + ": not a facette database (its schema version " +
                                 Shown(db.get_metadata(std::string(kSchemaVersionKey))) +
                                 " is not a number); facette uses schema version " +
                                 std::to_string(kSchemaVersion));
  }
  return Status::VersionMismatch(path + ": database has schema version " + std::to_string(stored) +
                                 " but this facette uses version " +
                                 std::to_string(kSchemaVersion) + "; re-index into a new database");
}

bool RecordsAnalyzerVersion(const Xapian::Database& db) {
  return !db.get_metadata(std::string(kAnalyzerVersionKey)).empty() ||
         !db.get_metadata(std::string(kIcuVersionKey)).empty();
}

Status CheckAnalyzerVersion(const Xapian::Database& db, const std::string& path) {
  const std::string analyzer = db.get_metadata(std::string(kAnalyzerVersionKey));
  const std::string icu = db.get_metadata(std::string(kIcuVersionKey));
  if (analyzer.empty() && icu.empty()) return Status::Ok();
  if (ParseVersion(analyzer) == kAnalyzerVersion && ParseVersion(icu) == IcuMajorVersion()) {
    return Status::Ok();
  }
  return Status::VersionMismatch(
      path + ": database analysed with analyzer version " + Shown(analyzer) + " and ICU " +
      Shown(icu) + ", but this facette analyses with analyzer version " +
      std::to_string(kAnalyzerVersion) + " and ICU " + std::to_string(IcuMajorVersion()) +
      " (its words would not match); re-index into a new database");
}

}  // namespace facette
