// Values read once per revision of a database per process and shared
// read-only by every searcher that opens that revision (a SearcherPool's
// searchers, each on its own thread): the entity names (revision_names.h),
// the document lengths of the one-word passes (term_documents.h).
#ifndef FACETTE_QUERY_PER_REVISION_H_
#define FACETTE_QUERY_PER_REVISION_H_

#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace facette {

template <typename T>
class PerRevision {
 public:
  // The value of the revision `revision_key` identifies: the one a
  // searcher of this process made already when one still holds it, made by
  // read() (a std::shared_ptr<const T>) now otherwise. An empty key (a
  // backend without revisions) makes it every time. The lock is held while
  // reading: the searchers of one revision wait for the one reading it
  // rather than each reading it again. Entries nobody holds any more are
  // dropped.
  template <typename Read>
  static std::shared_ptr<const T> Get(const std::string& revision_key, Read&& read) {
    if (revision_key.empty()) return read();
    State& state = Shared();
    std::lock_guard<std::mutex> lock(state.mutex);
    auto found = state.values.find(revision_key);
    if (found != state.values.end()) {
      if (std::shared_ptr<const T> held = found->second.lock()) return held;
    }
    for (auto it = state.values.begin(); it != state.values.end();) {
      it = it->second.expired() ? state.values.erase(it) : std::next(it);
    }
    std::shared_ptr<const T> value = read();
    state.values[revision_key] = value;
    return value;
  }

 private:
  struct State {
    std::mutex mutex;
    std::map<std::string, std::weak_ptr<const T>> values;
  };
  // One per T, whatever the call site.
  static State& Shared() {
    static State state;
    return state;
  }
};

}  // namespace facette

#endif  // FACETTE_QUERY_PER_REVISION_H_
