// The entity names of one revision of a database (entity_names.h) and the
// merges decided from them (name_merges.h), read once per revision per
// process and shared read-only by every searcher that opens that revision
// (a SearcherPool's searchers, each on its own thread).
#ifndef FACETTE_QUERY_REVISION_NAMES_H_
#define FACETTE_QUERY_REVISION_NAMES_H_

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>

#include "query/entity_names.h"
#include "query/name_merges.h"

namespace facette {

struct RevisionNames {
  EntityNames names;
  NameMerges merges;

  // The names of `db`, whose revision `revision_key` identifies (database
  // uuids and revisions): those a searcher of this process read already
  // when one still holds them, read now otherwise. An empty key (a backend
  // without revisions) reads them every time. Throws Xapian's errors.
  static std::shared_ptr<const RevisionNames> Get(const Xapian::Database& db,
                                                  const std::string& revision_key);
  // Reads them from `db`, for no one else.
  static std::shared_ptr<const RevisionNames> Read(const Xapian::Database& db);
  // How many times the process read names (Read), for tests and benches.
  static std::uint64_t Reads();
};

}  // namespace facette

#endif  // FACETTE_QUERY_REVISION_NAMES_H_
