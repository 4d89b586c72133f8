// Queueing theory checks the engine: M/M/1 and M/M/c against Erlang C and
// Little's law. Tolerances come from the runs themselves: a 99.9 % Student-t
// interval over independent replications (different run indices) must cover
// the closed-form value.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "models/queueing/mmc_queue.hpp"
#include "sim/confidence_interval.hpp"

using namespace tiaokuai;

namespace {

struct Replicated {
  sim::RunningStats wait;
  sim::RunningStats in_system;
  sim::RunningStats utilisation;
  sim::RunningStats little_gap;  // L - lambda_observed * W, per replication
};

Replicated replicate(double lambda, double mu, int servers, int replications) {
  Replicated r;
  for (int i = 0; i < replications; ++i) {
    models::MmcConfig config;
    config.arrival_rate = lambda;
    config.service_rate = mu;
    config.servers = servers;
    config.warm_up = sim::hours(2000);
    config.horizon = sim::hours(42000);
    config.seed = 2024;
    config.run_index = static_cast<std::uint64_t>(i);
    const models::MmcResult result = models::run_mmc_queue(config);
    r.wait.add(result.mean_wait_hours);
    r.in_system.add(result.mean_in_system);
    r.utilisation.add(result.utilisation);
    r.little_gap.add(result.mean_in_system - result.throughput_per_hour * result.mean_sojourn_hours);
  }
  return r;
}

void check_against_theory(double lambda, double mu, int servers) {
  const Replicated r = replicate(lambda, mu, servers, 12);
  const models::MmcTheory theory = models::mmc_theory(lambda, mu, servers);
  const auto wait = sim::student_t_interval(r.wait, 0.999);
  const auto in_system = sim::student_t_interval(r.in_system, 0.999);
  const auto utilisation = sim::student_t_interval(r.utilisation, 0.999);
  const auto little = sim::student_t_interval(r.little_gap, 0.999);
  INFO("W_q ", wait.estimate, " +- ", wait.half_width, " theory ", theory.mean_wait_hours);
  CHECK(wait.contains(theory.mean_wait_hours));
  INFO("L ", in_system.estimate, " +- ", in_system.half_width, " theory ", theory.mean_in_system);
  CHECK(in_system.contains(theory.mean_in_system));
  CHECK(utilisation.contains(theory.utilisation));
  // Little's law holds on every sample path up to edge effects of the window.
  CHECK(little.contains(0.0));
  // And the intervals are tight enough to mean something.
  CHECK(wait.half_width < 0.1 * theory.mean_wait_hours);
}

}  // namespace

TEST_CASE("M/M/1 matches the closed form and Little's law") { check_against_theory(0.8, 1.0, 1); }

TEST_CASE("M/M/c matches Erlang C and Little's law") { check_against_theory(4.2, 1.0, 5); }

TEST_CASE("Erlang C closed form matches a textbook value") {
  // lambda = 2, mu = 1, c = 3: offered load 2, P(wait) = 4/9, W_q = 4/9 h.
  const models::MmcTheory theory = models::mmc_theory(2.0, 1.0, 3);
  CHECK(theory.wait_probability == doctest::Approx(4.0 / 9.0));
  CHECK(theory.mean_wait_hours == doctest::Approx(4.0 / 9.0));
  CHECK_THROWS(models::mmc_theory(3.0, 1.0, 3));
}

TEST_CASE("the same seed reproduces a run exactly, and another seed does not") {
  models::MmcConfig config;
  config.horizon = sim::hours(5000);
  config.warm_up = sim::hours(100);
  const models::MmcResult a = models::run_mmc_queue(config);
  const models::MmcResult b = models::run_mmc_queue(config);
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(a.mean_wait_hours == b.mean_wait_hours);
  config.seed = 2;
  CHECK(models::run_mmc_queue(config).fingerprint != a.fingerprint);
}

TEST_CASE("a run outside the documented ranges is refused before it starts") {
  models::MmcConfig config;
  config.warm_up = sim::hours(10);
  config.horizon = sim::hours(100);
  // 1e-300 per hour once overflowed the clock; 1e300 ran for ever.
  for (const double rate : {0.0, 1e-300, 0.99e-6, 1.01e4, 1e300, -1.0, std::nan("")}) {
    INFO("rate ", rate);
    config.arrival_rate = rate;
    CHECK_THROWS_AS(models::run_mmc_queue(config), std::invalid_argument);
    config.arrival_rate = 0.8;
    config.service_rate = rate;
    CHECK_THROWS_AS(models::run_mmc_queue(config), std::invalid_argument);
    config.service_rate = 1.0;
  }
  // More than 1e8 expected customers: refused, not run for minutes.
  config.arrival_rate = 1e4;
  config.service_rate = 1e4;
  config.servers = 2;
  config.horizon = sim::hours(10001);
  CHECK_THROWS_WITH_AS(models::run_mmc_queue(config), doctest::Contains("expected customers"), std::invalid_argument);
  config.warm_up = sim::hours(-1);
  config.horizon = sim::hours(100);
  CHECK_THROWS_AS(models::run_mmc_queue(config), std::invalid_argument);
}

TEST_CASE("the corners of the documented ranges run and stay close to theory") {
  models::MmcConfig config;
  // The slowest rates over the longest demo (10^7 h): the longest draws
  // (about 37 mean gaps of 10^6 h) fit the clock; a handful of customers.
  config.arrival_rate = models::mmc_min_rate;
  config.service_rate = models::mmc_min_rate;
  config.servers = 2;
  config.warm_up = sim::hours(1000);
  config.horizon = sim::hours(10'001'000);
  CHECK(models::run_mmc_queue(config).served < 100);
  // The fastest rates: the mean gap is 360 ms ticks, so rounding to the
  // millisecond clock leaves the utilisation within a percent of theory.
  config.arrival_rate = models::mmc_max_rate * 0.5;
  config.service_rate = models::mmc_max_rate;
  config.servers = 1;
  config.warm_up = sim::hours(1);
  config.horizon = sim::hours(41);
  const models::MmcResult fast = models::run_mmc_queue(config);
  CHECK(fast.utilisation == doctest::Approx(0.5).epsilon(0.01));
  CHECK(fast.mean_sojourn_hours == doctest::Approx(models::mmc_theory(5e3, 1e4, 1).mean_sojourn_hours).epsilon(0.03));
}
