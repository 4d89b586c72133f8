#pragma once
// BasicSimulator: the discrete-event kernel. It owns the clock and the event
// list and knows nothing of any model.
//
// Models use a thin surface: now(), schedule(delay, f), schedule_at(t, f),
// cancel(id), stop(), run(limits). There is no global state: every run owns
// its simulator, and simulators on different threads share nothing.
//
// Order: events run in increasing (time, priority, sequence), see
// event_key.hpp. Memory: callbacks are stored inline in slots, allocated in
// fixed-size chunks (so a slot never moves, and a callback runs in place
// while it schedules more events) and reused through a free list; after the
// peak number of pending events has been reached, scheduling, cancelling and
// running allocate nothing.
// A simulator is not thread-safe; use one per thread.

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/event_key.hpp"
#include "sim/inline_callback.hpp"
#include "sim/quaternary_heap.hpp"
#include "sim/time.hpp"

namespace tiaokuai::sim {

// Identifies a scheduled event for cancel(). Stays valid (and harmless) after
// the event ran or was cancelled: a generation counter per slot tells a stale
// id from the slot's next occupant. A default-constructed id is never pending.
class EventId {
 public:
  constexpr EventId() = default;
  constexpr bool valid() const { return generation_ != 0; }
  friend constexpr bool operator==(EventId, EventId) = default;

 private:
  template <EventQueue>
  friend class BasicSimulator;
  constexpr EventId(std::uint32_t slot, std::uint32_t generation) : slot_(slot), generation_(generation) {}
  std::uint32_t slot_ = 0;
  std::uint32_t generation_ = 0;
};

// Optional description of an event for traces and fingerprints: what kind of
// event it is and which entity it concerns, as the model numbers them.
struct EventLabel {
  std::uint32_t kind = 0;
  std::uint32_t entity = 0;
};

struct EventOptions {
  EventPriority priority = 0;  // among same-time events, smaller runs first
  EventLabel label{};
};

struct RunLimits {
  Time horizon = Time::max();  // events at time <= horizon run
  std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max();  // budget for this call
};

enum class StopReason {
  horizon,       // the next event lies beyond the horizon; now() == horizon
  empty,         // no event left
  stopped,       // a callback called stop()
  event_budget,  // RunLimits::max_events events ran in this call
};

struct RunOutcome {
  StopReason reason = StopReason::empty;
  std::uint64_t events = 0;  // events executed in this call
};

// Called before each event runs, with the event's time, key and label.
using TraceHook = std::function<void(const EventKey&, const EventLabel&)>;

template <EventQueue Queue>
class BasicSimulator {
 public:
  // 24 bytes of captures (`this` and two 64-bit values, or four 32-bit
  // indices) keeps a slot at 32 bytes: PHOLD measured the slots' cache
  // footprint to limit the event rate at 10^4 pending events.
  static constexpr std::size_t callback_capacity = 24;
  using Callback = InlineCallback<callback_capacity>;

  Time now() const { return now_; }

  // Schedules `callback` to run after `delay` (>= 0) from now.
  template <class F>
  EventId schedule(Time delay, F&& callback, EventOptions options = {}) {
    if (delay < Time::zero()) throw std::invalid_argument("schedule: negative delay " + format(delay));
    return schedule_at(now_ + delay, std::forward<F>(callback), options);
  }

  // Schedules `callback` at absolute time `when` (>= now()).
  template <class F>
  EventId schedule_at(Time when, F&& callback, EventOptions options = {}) {
    if (when < now_) throw std::invalid_argument("schedule_at: time " + format(when) + " is before now " + format(now_));
    if (sequence_ > EventKey::max_sequence) throw std::overflow_error("schedule: event sequence exhausted");
    const std::uint32_t slot = acquire_slot();
    slot_at(slot).callback.emplace(std::forward<F>(callback));
    if (trace_) labels_[slot] = options.label;
    queue_.push(EventKey::make(when, options.priority, sequence_++), slot);
    return EventId(slot, generations_[slot]);
  }

  // Removes a pending event; returns false if it already ran or was cancelled.
  bool cancel(EventId id) {
    if (!pending(id)) return false;
    queue_.erase(id.slot_);
    release_slot(id.slot_);
    return true;
  }

  bool pending(EventId id) const {
    return id.valid() && id.slot_ < slot_count_ && generations_[id.slot_] == id.generation_ && queue_.contains(id.slot_);
  }

  // Asks run() to return after the current event.
  void stop() { stop_requested_ = true; }

  // Runs events in key order until a limit is reached (see StopReason).
  // Can be called again to continue, for example after a warm-up period.
  RunOutcome run(RunLimits limits = {}) {
    stop_requested_ = false;
    RunOutcome outcome;
    for (;;) {
      if (queue_.empty()) {
        outcome.reason = StopReason::empty;
        break;
      }
      if (outcome.events == limits.max_events) {
        outcome.reason = StopReason::event_budget;
        break;
      }
      const EventKey& next = queue_.top().key;
      if (next.time > limits.horizon) {
        now_ = limits.horizon;
        outcome.reason = StopReason::horizon;
        break;
      }
      const QueueEntry entry = queue_.pop();
      now_ = entry.key.time;
      if (trace_) trace_(entry.key, labels_[entry.slot]);
      ++outcome.events;
      ++executed_;
      // The slot is released only after the call, so events the callback
      // schedules never reuse it while it runs; chunks never move.
      slot_at(entry.slot).callback();
      release_slot(entry.slot);
      if (stop_requested_) {
        outcome.reason = StopReason::stopped;
        break;
      }
    }
    return outcome;
  }

  std::size_t pending_count() const { return queue_.size(); }
  std::uint64_t events_executed() const { return executed_; }
  // Installs a hook called before every event. Set it before scheduling:
  // labels are recorded only while a hook is installed.
  void set_trace(TraceHook hook) { trace_ = std::move(hook); }

 private:
  struct alignas(32) Slot {
    Callback callback;
  };
  static_assert(sizeof(Slot) == 32);

  static constexpr std::uint32_t chunk_bits = 12;
  static constexpr std::uint32_t chunk_size = 1u << chunk_bits;

  Slot& slot_at(std::uint32_t slot) { return chunks_[slot >> chunk_bits][slot & (chunk_size - 1)]; }

  std::uint32_t acquire_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t slot = free_slots_.back();
      free_slots_.pop_back();
      return slot;
    }
    if (slot_count_ == std::numeric_limits<std::uint32_t>::max()) throw std::length_error("too many pending events");
    if (slot_count_ == chunks_.size() * chunk_size) chunks_.push_back(std::make_unique<Slot[]>(chunk_size));
    generations_.push_back(1);
    labels_.emplace_back();
    return slot_count_++;
  }

  void release_slot(std::uint32_t slot) {
    slot_at(slot).callback.reset();
    // Generation 0 is reserved for "invalid id"; skip it on wrap-around.
    if (++generations_[slot] == 0) generations_[slot] = 1;
    free_slots_.push_back(slot);
  }

  Queue queue_;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::uint32_t slot_count_ = 0;  // slots ever created
  // Cold per-slot data, kept apart from the callbacks that every event touches.
  std::vector<std::uint32_t> generations_;
  std::vector<EventLabel> labels_;  // written only while a trace hook is set
  std::vector<std::uint32_t> free_slots_;
  Time now_ = Time::zero();
  std::uint64_t sequence_ = 0;
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
  TraceHook trace_;
};

// The simulator models use: the 4-ary heap measured fastest in bench/phold.
using Simulator = BasicSimulator<QuaternaryHeap>;

}  // namespace tiaokuai::sim
