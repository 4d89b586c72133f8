#pragma once
// BasicSimulator: the discrete-event kernel. It owns the clock and the event
// list and knows nothing of any model.
//
// Models use a thin surface: now(), schedule(delay, f), schedule_at(t, f),
// cancel(id), stop(), run(limits). There is no global state: every run owns
// its simulator, and simulators on different threads share nothing.
//
// Order: events run in increasing (time, priority, sequence), see
// event_key.hpp. Memory: callbacks are stored inline in a slot vector that is
// reused through a free list, so after the peak number of pending events has
// been reached, scheduling, cancelling and running allocate nothing.
// A simulator is not thread-safe; use one per thread.

#include <cstdint>
#include <functional>
#include <limits>
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
  static constexpr std::size_t callback_capacity = 48;
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
    Slot& s = slots_[slot];
    s.callback = Callback(std::forward<F>(callback));
    s.label = options.label;
    queue_.push(EventKey::make(when, options.priority, sequence_++), slot);
    return EventId(slot, s.generation);
  }

  // Removes a pending event; returns false if it already ran or was cancelled.
  bool cancel(EventId id) {
    if (!pending(id)) return false;
    queue_.erase(id.slot_);
    release_slot(id.slot_);
    return true;
  }

  bool pending(EventId id) const {
    return id.valid() && id.slot_ < slots_.size() && slots_[id.slot_].generation == id.generation_ &&
           queue_.contains(id.slot_);
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
      Slot& slot = slots_[entry.slot];
      if (trace_) trace_(entry.key, slot.label);
      // Move the callback out and free the slot first: the callback may
      // schedule events, which may reuse this slot or grow the slot vector.
      Callback callback = std::move(slot.callback);
      release_slot(entry.slot);
      ++outcome.events;
      ++executed_;
      callback();
      if (stop_requested_) {
        outcome.reason = StopReason::stopped;
        break;
      }
    }
    return outcome;
  }

  std::size_t pending_count() const { return queue_.size(); }
  std::uint64_t events_executed() const { return executed_; }
  void set_trace(TraceHook hook) { trace_ = std::move(hook); }

 private:
  struct Slot {
    Callback callback;
    EventLabel label;
    std::uint32_t generation = 1;
  };

  std::uint32_t acquire_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t slot = free_slots_.back();
      free_slots_.pop_back();
      return slot;
    }
    if (slots_.size() >= std::numeric_limits<std::uint32_t>::max()) throw std::length_error("too many pending events");
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }

  void release_slot(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.callback.reset();
    // Generation 0 is reserved for "invalid id"; skip it on wrap-around.
    if (++s.generation == 0) s.generation = 1;
    free_slots_.push_back(slot);
  }

  Queue queue_;
  std::vector<Slot> slots_;
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
