// Search slots (search_slots.h).
#include "server/search_slots.h"

#include <algorithm>

namespace facette::server {

SearchSlots::SearchSlots(unsigned slots) : slots_(std::max(1u, slots)), free_(slots_) {}

SearchSlots::Slot SearchSlots::Take(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  // A free slot goes to the first waiter, never past it.
  if (free_ > 0 && waiting_.empty()) {
    --free_;
    return Slot(this);
  }
  Waiter waiter;
  waiting_.push_back(&waiter);
  if (waiter.wake.wait_until(lock, deadline, [&waiter] { return waiter.granted; })) {
    return Slot(this);
  }
  // Not granted by the deadline: leave the line (a Release hands a slot
  // only to a waiter still in it, under the lock held here).
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &waiter));
  return Slot();
}

void SearchSlots::Release() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (waiting_.empty()) {
    ++free_;
    return;
  }
  // The slot passes straight to the first in line: a search arriving
  // meanwhile cannot take it.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->granted = true;
  next->wake.notify_one();
}

std::size_t SearchSlots::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

}  // namespace facette::server
