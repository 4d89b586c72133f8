// The engine's promise: after warm-up, scheduling, cancelling and running
// events allocate nothing. Global operator new is replaced in this test
// binary to count allocations while a measurement is on.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "sim/pairing_heap.hpp"
#include "sim/quaternary_heap.hpp"
#include "sim/random_stream.hpp"
#include "sim/simulator.hpp"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// The no-throw form too (std::stable_sort's temporary buffer uses it):
// every delete below frees with free(), so every new must come from malloc,
// or AddressSanitizer reports a new/free mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

using namespace tiaokuai::sim;

TEST_CASE("the allocation counter sees an allocation") {
  allocations = 0;
  counting = true;
  auto* probe = new int(7);
  counting = false;
  delete probe;
  CHECK(allocations.load() == 1);
}

TEST_CASE_TEMPLATE("steady-state scheduling, cancelling and running allocate nothing", Sim, BasicSimulator<QuaternaryHeap>,
                   BasicSimulator<PairingHeap>) {
  Sim simulator;
  RandomStream random(3, 0, "allocation");
  constexpr std::uint32_t processes = 5000;
  std::vector<EventId> deadlines(processes);
  // Each process reschedules itself and re-arms a deadline timer, which is
  // cancelled almost always before it fires, as deadlines in the model are.
  struct Process {
    Sim* simulator;
    RandomStream* random;
    std::vector<EventId>* deadlines;
    void step(std::uint32_t who) {
      simulator->cancel((*deadlines)[who]);
      (*deadlines)[who] = simulator->schedule(hours(100), [] {});
      simulator->schedule(minutes(random->exponential(10.0)), [this, who] { step(who); });
    }
  };
  Process process{&simulator, &random, &deadlines};
  for (std::uint32_t i = 0; i < processes; ++i) process.step(i);
  simulator.run({.max_events = 200000});  // warm-up: reach the peak of pending events
  allocations = 0;
  counting = true;
  const RunOutcome outcome = simulator.run({.max_events = 200000});
  counting = false;
  CHECK(outcome.events == 200000);
  CHECK(allocations.load() == 0);
}
