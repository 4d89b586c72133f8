#pragma once
// The total order in which events run.
//
// Events run in increasing (time, priority, sequence):
//   time      simulated time of the event;
//   priority  among events at the same time, smaller runs first (default 0);
//   sequence  insertion counter of the simulator, so equal (time, priority)
//             run first-scheduled-first (FIFO).
// The sequence is unique within a run, so the order is total and a run is
// fully determined by its inputs. priority and sequence are packed into one
// 64-bit `order` word (priority biased to unsigned in the top 16 bits,
// sequence in the low 48 bits), and a comparison reads (time, order) as one
// unsigned 128-bit number: a single compare-and-borrow, no branches.

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "sim/time.hpp"

namespace tiaokuai::sim {

using EventPriority = std::int16_t;

struct EventKey {
  Time time;
  std::uint64_t order = 0;

  static constexpr int sequence_bits = 48;
  static constexpr std::uint64_t max_sequence = (std::uint64_t{1} << sequence_bits) - 1;

  static constexpr EventKey make(Time time, EventPriority priority, std::uint64_t sequence) {
    const auto biased = static_cast<std::uint64_t>(static_cast<std::int32_t>(priority) + 32768);
    return EventKey{time, (biased << sequence_bits) | (sequence & max_sequence)};
  }
  constexpr EventPriority priority() const {
    return static_cast<EventPriority>(static_cast<std::int32_t>(order >> sequence_bits) - 32768);
  }
  constexpr std::uint64_t sequence() const { return order & max_sequence; }

  // Branch-free on purpose: heap sifting compares keys whose order is
  // unpredictable, and PHOLD measured the 128-bit compare well ahead of a
  // compare of time, then order (docs/performance.md).
  friend constexpr bool operator<(const EventKey& a, const EventKey& b) { return a.wide() < b.wide(); }

  // The key as one unsigned 128-bit number (time with its sign bit flipped,
  // so that negative times still order first).
  __extension__ using Wide = unsigned __int128;
  constexpr Wide wide() const {
    const auto biased_time = static_cast<std::uint64_t>(time.ticks()) ^ (std::uint64_t{1} << 63);
    return (static_cast<Wide>(biased_time) << 64) | order;
  }
  friend constexpr bool operator==(const EventKey&, const EventKey&) = default;
};

// What an event list stores: the key and the simulator's slot that holds the
// event's callback. Slots are small dense integers, so a queue can index
// per-slot bookkeeping (heap position, tree links) in a plain vector.
struct QueueEntry {
  EventKey key;
  std::uint32_t slot = 0;
};

// The interface every event list implements. Contract:
//   push(key, slot)  slot is not currently queued; O(log n)
//   top()            smallest key; queue not empty; O(1) (amortised: it may
//                    complete a deferred pop)
//   pop()            removes and returns top(); O(log n) (amortised for some)
//   erase(slot)      removes a queued slot, returns false if not queued; O(log n)
//   contains(slot)   whether slot is queued; O(1)
//   size(), empty(), clear()
// After warm-up (the peak number of pending events has been reached) no
// operation allocates.
template <class Q>
concept EventQueue = requires(Q q, const Q cq, EventKey key, std::uint32_t slot) {
  q.push(key, slot);
  { q.top() } -> std::same_as<const QueueEntry&>;
  { q.pop() } -> std::same_as<QueueEntry>;
  { q.erase(slot) } -> std::same_as<bool>;
  { cq.contains(slot) } -> std::same_as<bool>;
  { cq.size() } -> std::same_as<std::size_t>;
  { cq.empty() } -> std::same_as<bool>;
  q.clear();
};

}  // namespace tiaokuai::sim
