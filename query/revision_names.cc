// Entity names shared per revision (revision_names.h).
#include "query/revision_names.h"

#include <atomic>
#include <map>
#include <mutex>

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
  if (revision_key.empty()) return Read(db);
  // Held while reading: the searchers of one revision wait for the one
  // reading it rather than each reading it again. Entries nobody holds
  // any more are dropped.
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const RevisionNames>> shared;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = shared.find(revision_key);
  if (found != shared.end()) {
    if (std::shared_ptr<const RevisionNames> held = found->second.lock()) return held;
  }
  for (auto it = shared.begin(); it != shared.end();) {
    it = it->second.expired() ? shared.erase(it) : std::next(it);
  }
  std::shared_ptr<const RevisionNames> read = Read(db);
  shared[revision_key] = read;
  return read;
}

}  // namespace facette
