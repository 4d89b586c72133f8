// PHOLD (Fujimoto 1990), the standard discrete-event engine benchmark.
//
// N logical processes (LPs), one initial event each. Each event draws a
// uniform; with probability 0.25 the next event goes to a random other LP,
// otherwise to itself; it happens at now + exponential(mean 1) + lookahead 1
// (time unit: one second). The engine runs it through BasicSimulator with
// both event lists; a bare std::priority_queue hold loop with the same draws
// gives the ceiling. All variants run in the same process, interleaved, and
// the best of several rounds is reported, so ratios are side by side.
//
// Usage: bench_phold [events per run, default 20000000] [rounds, default 3]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "sim/pairing_heap.hpp"
#include "sim/quaternary_heap.hpp"
#include "sim/random_stream.hpp"
#include "sim/simulator.hpp"

namespace {

using tiaokuai::sim::RandomStream;
using tiaokuai::sim::Time;

constexpr double remote_probability = 0.25;
constexpr std::uint64_t seed = 1;

// The draw shared by every variant: the target LP and the delay.
struct PholdDraw {
  std::uint32_t target;
  Time delay;
};

inline PholdDraw draw_next(RandomStream& random, std::uint32_t self, std::uint32_t lps) {
  std::uint32_t target = self;
  if (random.uniform01() < remote_probability) {
    // Uniform over the other LPs: skip self.
    target = static_cast<std::uint32_t>(random.uniform_int(lps - 1));
    if (target >= self) ++target;
  }
  const Time delay = Time::from_seconds(random.exponential(1.0) + 1.0);
  return {target, delay};
}

template <class Simulator>
class PholdOnEngine {
 public:
  explicit PholdOnEngine(std::uint32_t lps) : lps_(lps), random_(seed, 0, "phold") {
    for (std::uint32_t lp = 0; lp < lps_; ++lp) {
      simulator_.schedule(Time::from_seconds(random_.exponential(1.0) + 1.0), [this, lp] { handle(lp); });
    }
  }
  std::uint64_t run(std::uint64_t events) { return simulator_.run({.max_events = events}).events; }
  Time now() const { return simulator_.now(); }

 private:
  void handle(std::uint32_t lp) {
    const PholdDraw next = draw_next(random_, lp, lps_);
    simulator_.schedule(next.delay, [this, target = next.target] { handle(target); });
  }

  std::uint32_t lps_;
  RandomStream random_;
  Simulator simulator_;
};

class PholdBareLoop {
 public:
  explicit PholdBareLoop(std::uint32_t lps) : lps_(lps), random_(seed, 0, "phold") {
    for (std::uint32_t lp = 0; lp < lps_; ++lp) {
      queue_.emplace(Time::from_seconds(random_.exponential(1.0) + 1.0).ticks(), lp);
    }
  }
  std::uint64_t run(std::uint64_t events) {
    for (std::uint64_t i = 0; i < events; ++i) {
      const auto [time, lp] = queue_.top();
      queue_.pop();
      now_ = time;
      const PholdDraw next = draw_next(random_, lp, lps_);
      queue_.emplace(time + next.delay.ticks(), next.target);
    }
    return events;
  }
  Time now() const { return Time::from_ticks(now_); }

 private:
  using Entry = std::pair<Time::Rep, std::uint32_t>;
  std::uint32_t lps_;
  RandomStream random_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  Time::Rep now_ = 0;
};

template <class Model>
double events_per_second(std::uint32_t lps, std::uint64_t events) {
  Model model(lps);
  model.run(events / 10);  // warm-up: reach steady state and peak memory
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t executed = model.run(events);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(executed) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  std::printf("PHOLD: remote probability %.2f, exponential(1) + lookahead 1; %llu events per run; best of %d rounds\n",
              remote_probability, static_cast<unsigned long long>(events), rounds);
  std::printf("%8s  %-34s %14s %10s\n", "LPs", "variant", "events/s", "vs bare");
  for (const std::uint32_t lps : {1024u, 10000u}) {
    double bare = 0;
    double quaternary = 0;
    double pairing = 0;
    for (int round = 0; round < rounds; ++round) {
      bare = std::max(bare, events_per_second<PholdBareLoop>(lps, events));
      quaternary = std::max(
          quaternary, events_per_second<PholdOnEngine<tiaokuai::sim::BasicSimulator<tiaokuai::sim::QuaternaryHeap>>>(lps, events));
      pairing = std::max(
          pairing, events_per_second<PholdOnEngine<tiaokuai::sim::BasicSimulator<tiaokuai::sim::PairingHeap>>>(lps, events));
    }
    std::printf("%8u  %-34s %14.0f %9.1f%%\n", lps, "bare std::priority_queue loop", bare, 100.0);
    std::printf("%8u  %-34s %14.0f %9.1f%%\n", lps, "Simulator (4-ary heap, default)", quaternary, 100.0 * quaternary / bare);
    std::printf("%8u  %-34s %14.0f %9.1f%%\n", lps, "Simulator (pairing heap)", pairing, 100.0 * pairing / bare);
  }
  return 0;
}
