// One conformance suite over every event-list implementation.
#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "sim/pairing_heap.hpp"
#include "sim/quaternary_heap.hpp"
#include "sim/random_stream.hpp"

using namespace tiaokuai::sim;

namespace {

struct KeyLess {
  bool operator()(const EventKey& a, const EventKey& b) const { return a < b; }
};

}  // namespace

TEST_CASE("event key orders by time, then priority, then sequence") {
  CHECK(EventKey::make(seconds(1), 5, 9) < EventKey::make(seconds(2), -5, 0));
  CHECK(EventKey::make(seconds(1), -1, 9) < EventKey::make(seconds(1), 0, 0));
  CHECK(EventKey::make(seconds(1), 0, 3) < EventKey::make(seconds(1), 0, 4));
  const EventKey key = EventKey::make(seconds(7), -32768, EventKey::max_sequence);
  CHECK(key.priority() == -32768);
  CHECK(key.sequence() == EventKey::max_sequence);
  CHECK(EventKey::make(seconds(7), 32767, 0).priority() == 32767);
}

TEST_CASE_TEMPLATE("event queue pops in key order and supports erase", Queue, QuaternaryHeap, PairingHeap) {
  Queue queue;
  CHECK(queue.empty());
  queue.push(EventKey::make(seconds(5), 0, 0), 0);
  queue.push(EventKey::make(seconds(1), 0, 1), 1);
  queue.push(EventKey::make(seconds(5), -1, 2), 2);
  queue.push(EventKey::make(seconds(3), 0, 3), 3);
  CHECK(queue.size() == 4);
  CHECK(queue.top().slot == 1);
  CHECK(queue.erase(3));
  CHECK_FALSE(queue.erase(3));
  CHECK_FALSE(queue.contains(3));
  CHECK(queue.pop().slot == 1);
  CHECK(queue.pop().slot == 2);  // same time as slot 0, smaller priority
  CHECK(queue.pop().slot == 0);
  CHECK(queue.empty());
}

TEST_CASE_TEMPLATE("event queue matches an ordered map under random operations", Queue, QuaternaryHeap, PairingHeap) {
  Queue queue;
  std::map<EventKey, std::uint32_t, KeyLess> reference;
  std::vector<std::uint32_t> free_slots;
  std::vector<EventKey> key_of_slot;
  RandomStream random(7, 0, "queue-conformance");
  std::uint64_t sequence = 0;
  std::uint32_t next_slot = 0;
  for (int step = 0; step < 200000; ++step) {
    const double u = random.uniform01();
    if (u < 0.5 || reference.empty()) {
      std::uint32_t slot;
      if (!free_slots.empty()) {
        slot = free_slots.back();
        free_slots.pop_back();
      } else {
        slot = next_slot++;
        key_of_slot.resize(next_slot);
      }
      // Few distinct times, so ties on time and priority are frequent.
      const auto time = seconds(static_cast<long long>(random.uniform_int(50)));
      const auto priority = static_cast<EventPriority>(random.uniform_int(3)) - 1;
      const EventKey key = EventKey::make(time, static_cast<EventPriority>(priority), sequence++);
      queue.push(key, slot);
      reference.emplace(key, slot);
      key_of_slot[slot] = key;
    } else if (u < 0.8) {
      REQUIRE(queue.top().key == reference.begin()->first);
      const QueueEntry popped = queue.pop();
      CHECK(popped.slot == reference.begin()->second);
      reference.erase(reference.begin());
      free_slots.push_back(popped.slot);
    } else {
      const auto slot = static_cast<std::uint32_t>(random.uniform_int(next_slot));
      const bool queued = reference.count(key_of_slot[slot]) > 0 && reference.at(key_of_slot[slot]) == slot;
      CHECK(queue.contains(slot) == queued);
      CHECK(queue.erase(slot) == queued);
      if (queued) {
        reference.erase(key_of_slot[slot]);
        free_slots.push_back(slot);
      }
    }
    REQUIRE(queue.size() == reference.size());
  }
  while (!reference.empty()) {
    CHECK(queue.pop().slot == reference.begin()->second);
    reference.erase(reference.begin());
  }
  CHECK(queue.empty());
}

TEST_CASE_TEMPLATE("event queue clear empties it and allows reuse of slots", Queue, QuaternaryHeap, PairingHeap) {
  Queue queue;
  for (std::uint32_t slot = 0; slot < 10; ++slot) queue.push(EventKey::make(seconds(10 - slot), 0, slot), slot);
  queue.clear();
  CHECK(queue.empty());
  CHECK_FALSE(queue.contains(3));
  queue.push(EventKey::make(seconds(1), 0, 11), 3);
  CHECK(queue.top().slot == 3);
}
