// Queueing theory checks the engine: M/M/1 and M/M/c against Erlang C and
// Little's law. Tolerances come from the runs themselves: a 99.9 % Student-t
// interval over independent replications (different run indices) must cover
// the closed-form value.
#include <doctest/doctest.h>

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

TEST_CASE("the same seed reproduces a run exactly; another seed does not") {
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
