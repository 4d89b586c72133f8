#pragma once
// RandomStream: an independent, reproducible stream of random numbers with
// portable distributions.
//
// Keying. A stream is fixed by (master seed, run index, stable name), never
// by creation order, so adding a stream or a draw in one place leaves every
// other stream's numbers unchanged (common random numbers across the arms of
// a comparison). Names are free text; by convention
// "family/index/purpose", e.g. stream_name("department", 7, "service").
// Derivation: h = FNV-1a-64(name); s = splitmix(splitmix(master ^ C1) ^
// splitmix(run_index ^ C2) ^ h); the four state words are the next four
// SplitMix64 outputs from s.
//
// Generator: xoshiro256++ (Blackman and Vigna 2019): 256-bit state, period
// 2^256 - 1, fast, passes BigCrush.
//
// Distributions are our own code, not std::*_distribution (whose results
// differ between standard libraries). They use only IEEE arithmetic, sqrt and
// libm's log/exp/pow; tests/sim/random_stream_test.cpp pins known answers.
// No function evaluates two draws as arguments of one call (argument order is
// unspecified in C++).

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace tiaokuai::sim {

class RandomStream {
 public:
  RandomStream(std::uint64_t master_seed, std::uint64_t run_index, std::string_view name);
  // A stream with an explicit xoshiro state (not all zero), for known-answer
  // tests against the reference implementation.
  static RandomStream from_state(const std::array<std::uint64_t, 4>& state);

  // The hot draws are defined inline: they run once or more per event.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[0] + state_[3], 23) + state_[0];
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // [0, 1), 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform01(); }
  // {0, ..., n-1}, n > 0, unbiased (Lemire 2019).
  std::uint64_t uniform_int(std::uint64_t n);
  // true with probability p.
  bool bernoulli(double p) { return uniform01() < p; }
  // Exponential with the given mean (> 0); 1 - u lies in (0, 1], so the log is finite.
  double exponential(double mean) { return -mean * std::log(1.0 - uniform01()); }
  double normal(double mean, double sd);     // Marsaglia polar method
  double lognormal(double mu, double sigma); // exp(normal(mu, sigma))
  double gamma(double shape, double scale);  // Marsaglia and Tsang 2000; mean shape*scale

 private:
  RandomStream() = default;
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

std::string stream_name(std::string_view family, std::uint64_t index, std::string_view purpose);

// SplitMix64 finaliser (Steele, Lea, Flood 2014), used to derive seeds and,
// in models/governance/issue_draws.hpp, once per draw (hence inline).
inline std::uint64_t splitmix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// FNV-1a 64-bit hash of a string: the stable hash of stream names.
std::uint64_t fnv1a64(std::string_view text);

}  // namespace tiaokuai::sim
