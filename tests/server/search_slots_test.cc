// facette-serve's search slots (server/search_slots.h): no more searches at
// once than slots, the others served in order of arrival, and a wait that
// ends at its deadline without taking a slot with it.
#include "server/search_slots.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace facette::server {
namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point Later() { return Clock::now() + std::chrono::seconds(30); }

// Waits (polling) until `slots` has `n` searches waiting; false after 10 s.
bool WaitUntilWaiting(const SearchSlots& slots, std::size_t n) {
  const auto give_up = Clock::now() + std::chrono::seconds(10);
  while (slots.waiting() != n) {
    if (Clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(SearchSlotsTest, NoMoreSearchesAtOnceThanSlots) {
  SearchSlots slots(3);
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        SearchSlots::Slot slot = slots.Take(Later());
        ASSERT_TRUE(slot);
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --running;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(most.load(), 3);
  EXPECT_EQ(slots.waiting(), 0u);
}

TEST(SearchSlotsTest, WaitersAreServedInOrderOfArrival) {
  SearchSlots slots(1);
  std::mutex mutex;
  std::vector<int> order;
  std::vector<std::thread> threads;
  {
    SearchSlots::Slot held = slots.Take(Later());
    ASSERT_TRUE(held);
    for (int t = 0; t < 5; ++t) {
      // Each starts waiting before the next arrives.
      threads.emplace_back([&, t] {
        SearchSlots::Slot slot = slots.Take(Later());
        ASSERT_TRUE(slot);
        std::lock_guard<std::mutex> lock(mutex);
        order.push_back(t);
      });
      ASSERT_TRUE(WaitUntilWaiting(slots, static_cast<std::size_t>(t) + 1));
    }
  }  // the held slot is released: the first waiter gets it, and so on
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(SearchSlotsTest, AReleasedSlotGoesToTheFirstWaiterNotToANewcomer) {
  SearchSlots slots(1);
  std::atomic<bool> waiter_ran{false};
  std::thread waiter;
  {
    SearchSlots::Slot held = slots.Take(Later());
    waiter = std::thread([&] {
      SearchSlots::Slot slot = slots.Take(Later());
      waiter_ran = slot ? true : false;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
    ASSERT_TRUE(WaitUntilWaiting(slots, 1));
  }
  // The slot was handed to the waiter on release, so a search arriving now
  // finds none free, whether or not the waiter has woken yet.
  SearchSlots::Slot late = slots.Take(Clock::now() + std::chrono::milliseconds(50));
  EXPECT_FALSE(late);
  waiter.join();
  EXPECT_TRUE(waiter_ran.load());
}

TEST(SearchSlotsTest, AWaitEndsAtItsDeadlineWithoutKeepingASlot) {
  SearchSlots slots(1);
  {
    SearchSlots::Slot held = slots.Take(Later());
    ASSERT_TRUE(held);
    const auto start = Clock::now();
    SearchSlots::Slot late = slots.Take(start + std::chrono::milliseconds(100));
    EXPECT_FALSE(late);
    EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(100));
    EXPECT_EQ(slots.waiting(), 0u);
  }
  // The slot released after the wait gave up is free, not handed to the
  // search that left.
  SearchSlots::Slot next = slots.Take(Clock::now());
  EXPECT_TRUE(next);
}

TEST(SearchSlotsTest, AtLeastOneSlot) {
  SearchSlots slots(0);
  EXPECT_EQ(slots.slots(), 1u);
  SearchSlots::Slot slot = slots.Take(Clock::now());
  EXPECT_TRUE(slot);
}

}  // namespace
}  // namespace facette::server
