// The searches facette-serve runs at once. A search is CPU work: with more
// running than there are cores, the cores are shared between all of them,
// and each takes its own time multiplied by the searches per core (a 10 ms
// search takes 80 ms under sixteen connections on two cores). With a few
// running per core and the others waiting their turn in order of arrival,
// a search's latency is the queue's wait plus its own time, about the same
// for long and short ones. The total work and the throughput do not change.
// Twice as many slots as cores by default (server_options.h): with one
// per core, a core idles while its search waits for a disk read or while
// the next search's thread is woken. /search and /multi-search take a slot;
// facet value searches, which are shorter than a hand-over, do not.
#ifndef FACETTE_SERVER_SEARCH_SLOTS_H_
#define FACETTE_SERVER_SEARCH_SLOTS_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace facette::server {

class SearchSlots {
 public:
  /// `slots` searches at once (at least 1).
  explicit SearchSlots(unsigned slots);
  SearchSlots(const SearchSlots&) = delete;
  SearchSlots& operator=(const SearchSlots&) = delete;

  /// A slot held until destroyed (or moved from); empty when the wait for
  /// it passed its deadline.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (slots_ != nullptr) slots_->Release();
    }
    explicit operator bool() const { return slots_ != nullptr; }

   private:
    friend class SearchSlots;
    explicit Slot(SearchSlots* slots) : slots_(slots) {}
    SearchSlots* slots_ = nullptr;
  };

  /// Waits for a slot, after every search that asked before, until
  /// `deadline` at the latest (then an empty Slot).
  Slot Take(std::chrono::steady_clock::time_point deadline);

  /// Searches waiting for a slot now.
  std::size_t waiting() const;
  unsigned slots() const { return slots_; }

 private:
  // One search waiting; `granted` is set (under mutex_) by the Release that
  // hands it its slot.
  struct Waiter {
    std::condition_variable wake;
    bool granted = false;
  };
  void Release();

  const unsigned slots_;
  mutable std::mutex mutex_;
  unsigned free_;
  std::deque<Waiter*> waiting_;  // in order of arrival
};

}  // namespace facette::server

#endif  // FACETTE_SERVER_SEARCH_SLOTS_H_
