// Entity names shared per revision (revision_names.h).
#include "query/revision_names.h"

#include <atomic>

#include "query/per_revision.h"

namespace facette {
namespace {
std::atomic<std::uint64_t> reads{0};
}  // namespace

std::uint64_t RevisionNames::Reads() { return reads.load(); }

std::shared_ptr<const RevisionNames> RevisionNames::Read(const Xapian::Database& db) {
  ++reads;
  auto read = std::make_shared<RevisionNames>();
  read->names = EntityNames::Read(db);
  read->merges = NameMerges::Compute(read->names);
  return read;
}

std::shared_ptr<const RevisionNames> RevisionNames::Get(const Xapian::Database& db,
                                                        const std::string& revision_key) {
  return PerRevision<RevisionNames>::Get(revision_key, [&db] { return Read(db); });
}

}  // namespace facette
