// The simulator's contract, run over every event-list implementation.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/pairing_heap.hpp"
#include "sim/quaternary_heap.hpp"
#include "sim/random_stream.hpp"
#include "sim/simulator.hpp"
#include "sim/trace_fingerprint.hpp"

using namespace tiaokuai::sim;

#define SIMULATORS BasicSimulator<QuaternaryHeap>, BasicSimulator<PairingHeap>

TEST_CASE_TEMPLATE("same-time events run in (priority, insertion) order", Sim, SIMULATORS) {
  Sim simulator;
  std::string order;
  simulator.schedule(seconds(5), [&] { order += 'c'; });
  simulator.schedule(seconds(5), [&] { order += 'd'; });
  simulator.schedule(seconds(5), [&] { order += 'a'; }, {.priority = -1});
  simulator.schedule(seconds(1), [&] { order += 'x'; }, {.priority = 10});
  simulator.schedule(seconds(5), [&] { order += 'e'; }, {.priority = 1});
  simulator.schedule_at(seconds(5), [&] { order += 'b'; }, {.priority = -1});
  const RunOutcome outcome = simulator.run();
  CHECK(order == "xabcde");
  CHECK(outcome.reason == StopReason::empty);
  CHECK(outcome.events == 6);
  CHECK(simulator.now() == seconds(5));
}

TEST_CASE_TEMPLATE("cancelled events never fire and stale ids are harmless", Sim, SIMULATORS) {
  Sim simulator;
  int fired = 0;
  const EventId doomed = simulator.schedule(seconds(2), [&] { fired += 100; });
  const EventId kept = simulator.schedule(seconds(3), [&] { ++fired; });
  CHECK(simulator.pending(doomed));
  CHECK(simulator.cancel(doomed));
  CHECK_FALSE(simulator.cancel(doomed));
  CHECK_FALSE(simulator.pending(doomed));
  // The freed slot is reused; the stale id must not cancel its new occupant.
  const EventId reuse = simulator.schedule(seconds(4), [&] { fired += 10; });
  CHECK_FALSE(simulator.cancel(doomed));
  CHECK(simulator.pending(reuse));
  CHECK_FALSE(simulator.cancel(EventId{}));
  simulator.run();
  CHECK(fired == 11);
  CHECK_FALSE(simulator.pending(kept));
  CHECK_FALSE(simulator.cancel(kept));
}

TEST_CASE_TEMPLATE("a callback can cancel a later event and schedule new ones", Sim, SIMULATORS) {
  Sim simulator;
  std::vector<long long> fired_at;
  EventId deadline = simulator.schedule(hours(10), [&] { fired_at.push_back(-1); });
  simulator.schedule(hours(1), [&] {
    simulator.cancel(deadline);
    simulator.schedule(hours(1), [&] { fired_at.push_back(simulator.now() / hours(1)); });
  });
  simulator.run();
  CHECK(fired_at == std::vector<long long>{2});
}

TEST_CASE_TEMPLATE("run stops at the horizon and can continue", Sim, SIMULATORS) {
  Sim simulator;
  int fired = 0;
  for (int h = 1; h <= 10; ++h) simulator.schedule(hours(h), [&] { ++fired; });
  RunOutcome first = simulator.run({.horizon = hours(4)});
  CHECK(first.reason == StopReason::horizon);
  CHECK(first.events == 4);  // the event at exactly the horizon runs
  CHECK(simulator.now() == hours(4));
  CHECK(simulator.pending_count() == 6);
  RunOutcome rest = simulator.run();
  CHECK(rest.reason == StopReason::empty);
  CHECK(fired == 10);
  CHECK(simulator.events_executed() == 10);
}

TEST_CASE_TEMPLATE("run honours an event budget and a stop request", Sim, SIMULATORS) {
  Sim simulator;
  int fired = 0;
  // A self-perpetuating process never empties the list.
  std::function<void()> tick = [&] {
    ++fired;
    if (fired == 25) simulator.stop();
    simulator.schedule(minutes(1), [&] { tick(); });
  };
  simulator.schedule(Time::zero(), [&] { tick(); });
  RunOutcome budget = simulator.run({.max_events = 10});
  CHECK(budget.reason == StopReason::event_budget);
  CHECK(budget.events == 10);
  RunOutcome stopped = simulator.run();
  CHECK(stopped.reason == StopReason::stopped);
  CHECK(fired == 25);
  CHECK(simulator.now() == minutes(24));
}

TEST_CASE_TEMPLATE("scheduling into the past is refused", Sim, SIMULATORS) {
  Sim simulator;
  simulator.schedule(hours(2), [] {});
  simulator.run();
  CHECK_THROWS_AS(simulator.schedule(Time::zero() - seconds(1), [] {}), std::invalid_argument);
  CHECK_THROWS_AS(simulator.schedule_at(hours(1), [] {}), std::invalid_argument);
  CHECK_NOTHROW(simulator.schedule_at(hours(2), [] {}));
}

TEST_CASE_TEMPLATE("callbacks with non-trivial captures are moved and destroyed exactly once", Sim, SIMULATORS) {
  auto token = std::make_shared<int>(0);
  {
    Sim simulator;
    simulator.schedule(seconds(1), [token] { ++*token; });
    const EventId cancelled = simulator.schedule(seconds(2), [token] { *token += 100; });
    for (int i = 0; i < 100; ++i) simulator.schedule(seconds(3 + i), [token] { ++*token; });
    CHECK(token.use_count() == 103);
    simulator.cancel(cancelled);
    CHECK(token.use_count() == 102);
    simulator.run({.horizon = seconds(50)});
    CHECK(*token == 49);
    CHECK(token.use_count() == 1 + 52);
  }
  CHECK(token.use_count() == 1);  // pending callbacks die with the simulator
}

namespace {

// A small stochastic process with cancellations, to fingerprint.
template <class Sim>
std::uint64_t fingerprint_of_random_process(std::uint64_t seed) {
  Sim simulator;
  TraceFingerprint fingerprint;
  simulator.set_trace(fingerprint.hook());
  RandomStream random(seed, 0, "fingerprint-process");
  std::vector<EventId> timers(20);
  // Each of 20 processes reschedules itself; with probability 0.3 it also
  // cancels another's pending event and reschedules that one, so the number
  // of pending events stays at 20 while cancellations are frequent.
  std::function<void(std::uint32_t)> act = [&](std::uint32_t who) {
    timers[who] = simulator.schedule(minutes(random.exponential(30.0)), [&act, who] { act(who); }, {.label = {1, who}});
    if (random.bernoulli(0.3)) {
      const auto other = static_cast<std::uint32_t>(random.uniform_int(timers.size()));
      if (other != who && simulator.cancel(timers[other])) {
        timers[other] = simulator.schedule(minutes(random.exponential(30.0)), [&act, other] { act(other); },
                                           {.label = {2, other}});
      }
    }
  };
  for (std::uint32_t i = 0; i < timers.size(); ++i) {
    timers[i] = simulator.schedule(minutes(i), [&act, i] { act(i); }, {.label = {0, i}});
  }
  simulator.run({.horizon = days(30)});
  CHECK(fingerprint.events() == simulator.events_executed());
  return fingerprint.value();
}

}  // namespace

TEST_CASE("same seed gives the same fingerprint, on every event list") {
  const std::uint64_t heap = fingerprint_of_random_process<BasicSimulator<QuaternaryHeap>>(11);
  CHECK(heap == fingerprint_of_random_process<BasicSimulator<QuaternaryHeap>>(11));
  CHECK(heap == fingerprint_of_random_process<BasicSimulator<PairingHeap>>(11));
  CHECK(heap != fingerprint_of_random_process<BasicSimulator<QuaternaryHeap>>(12));
}
