#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "sim/random_stream.hpp"
#include "sim/running_stats.hpp"

using namespace tiaokuai::sim;

TEST_CASE("xoshiro256++ matches the reference implementation") {
  // Outputs of Blackman and Vigna's xoshiro256plusplus.c from state {1, 2, 3, 4}.
  RandomStream stream = RandomStream::from_state({1, 2, 3, 4});
  CHECK(stream.next_u64() == 41943041ull);
  CHECK(stream.next_u64() == 58720359ull);
  CHECK(stream.next_u64() == 3588806011781223ull);
  CHECK(stream.next_u64() == 3591011842654386ull);
  CHECK(stream.next_u64() == 9228616714210784205ull);
  CHECK_THROWS(RandomStream::from_state({0, 0, 0, 0}));
}

TEST_CASE("seed derivation primitives match their published values") {
  CHECK(splitmix64(0x9e3779b97f4a7c15ull) == 0xe220a8397b1dcdafull);  // first SplitMix64 output from seed 0
  CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(stream_name("department", 7, "service") == "department/7/service");
}

TEST_CASE("streams are keyed by seed, run index and name, not by creation order") {
  RandomStream a(42, 3, "township/1/calls");
  RandomStream unrelated(42, 3, "department/0/service");
  for (int i = 0; i < 100; ++i) unrelated.next_u64();
  RandomStream b(42, 3, "township/1/calls");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u64() == b.next_u64());
  CHECK(RandomStream(42, 3, "x").next_u64() != RandomStream(42, 4, "x").next_u64());
  CHECK(RandomStream(42, 3, "x").next_u64() != RandomStream(43, 3, "x").next_u64());
  CHECK(RandomStream(42, 3, "x").next_u64() != RandomStream(42, 3, "y").next_u64());
}

// Known answers pinned from this implementation: any change to a
// distribution's algorithm, or a libm that rounds log/exp/pow differently,
// breaks reproducibility and shows here first. The first two values were
// also checked against an independent Python transcription of the seed
// derivation documented in random_stream.hpp.
TEST_CASE("distributions give pinned known answers") {
  RandomStream s(2026, 1, "known-answers");
  auto text = [](double x) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", x);
    return std::string(buffer);
  };
  CHECK(text(s.uniform01()) == "0.47064201328522892");
  CHECK(text(s.uniform(-2.0, 3.0)) == "1.7998866382702801");
  CHECK(s.uniform_int(1000) == 131u);
  CHECK(s.bernoulli(0.5) == false);
  CHECK(text(s.exponential(2.0)) == "1.6046265399892938");
  CHECK(text(s.normal(1.0, 2.0)) == "3.7100309205544808");
  CHECK(text(s.lognormal(0.0, 0.5)) == "1.1385345746796622");
  CHECK(text(s.gamma(2.5, 1.5)) == "5.215147062011253");
  CHECK(text(s.gamma(0.4, 1.0)) == "0.0093689097655445669");
}

namespace {

template <class Draw>
RunningStats sample(Draw draw, int n) {
  RunningStats stats;
  for (int i = 0; i < n; ++i) stats.add(draw());
  return stats;
}

// |observed mean - mu| within 5 standard errors: fails by chance with
// probability below 1e-6, and with a fixed seed never flickers.
void check_mean(const RunningStats& stats, double mean, double variance) {
  const double standard_error = std::sqrt(variance / static_cast<double>(stats.count()));
  CHECK(std::fabs(stats.mean() - mean) < 5.0 * standard_error);
  CHECK(stats.variance() == doctest::Approx(variance).epsilon(0.03));
}

}  // namespace

TEST_CASE("distributions have the right mean and variance") {
  RandomStream s(99, 0, "moments");
  constexpr int n = 200000;
  check_mean(sample([&] { return s.uniform(2.0, 5.0); }, n), 3.5, 9.0 / 12.0);
  check_mean(sample([&] { return s.exponential(3.0); }, n), 3.0, 9.0);
  check_mean(sample([&] { return s.normal(-1.0, 2.0); }, n), -1.0, 4.0);
  const double mu = 0.2;
  const double sigma = 0.5;
  check_mean(sample([&] { return s.lognormal(mu, sigma); }, n), std::exp(mu + sigma * sigma / 2),
             (std::exp(sigma * sigma) - 1) * std::exp(2 * mu + sigma * sigma));
  check_mean(sample([&] { return s.gamma(3.0, 2.0); }, n), 6.0, 12.0);
  check_mean(sample([&] { return s.gamma(0.5, 2.0); }, n), 1.0, 2.0);
  check_mean(sample([&] { return s.bernoulli(0.3) ? 1.0 : 0.0; }, n), 0.3, 0.21);
  check_mean(sample([&] { return static_cast<double>(s.uniform_int(10)); }, n), 4.5, 99.0 / 12.0);
}

TEST_CASE("uniform_int covers its range without bias and rejects n = 0") {
  RandomStream s(5, 0, "uniform-int");
  int counts[7] = {};
  for (int i = 0; i < 70000; ++i) ++counts[s.uniform_int(7)];
  for (int c : counts) CHECK(std::abs(c - 10000) < 5 * 95);  // sd = sqrt(70000 * 1/7 * 6/7) ~ 93
  CHECK(s.uniform_int(1) == 0u);
  CHECK_THROWS(s.uniform_int(0));
  CHECK_THROWS(s.gamma(0.0, 1.0));
}
