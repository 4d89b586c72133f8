#pragma once
// MmcQueue: the M/M/c queue (Poisson arrivals, exponential service, c
// servers, FIFO) built on the engine. It has closed-form answers (Erlang C),
// so the tests and `tiaokuai demo` use it to check the engine end to end:
// event order, random streams, time-weighted statistics and Little's law.
// Time unit of the rates: per hour.

#include <cstdint>

#include "sim/time.hpp"

namespace tiaokuai::models {

// The ranges a run accepts (`tiaokuai demo` documents them in README.md).
// Rates are per hour: at 1e4/h the mean gap, 0.36 s, is still 360 ticks of
// the engine's millisecond clock, so rounding does not bias the comparison
// with theory; at 1e-6/h the longest exponential draw (~37 means) is still
// far inside the clock's range. The expected number of customers,
// arrival_rate x horizon, is bounded so that a run ends in seconds (about
// two events per customer, ~30 million events/s).
inline constexpr double mmc_min_rate = 1e-6;
inline constexpr double mmc_max_rate = 1e4;
inline constexpr double mmc_max_customers = 1e8;

struct MmcConfig {
  double arrival_rate = 0.8;  // lambda, customers per hour
  double service_rate = 1.0;  // mu, per server, customers per hour
  int servers = 1;            // c
  sim::Time warm_up = sim::hours(1000);
  sim::Time horizon = sim::hours(101000);
  std::uint64_t seed = 1;
  std::uint64_t run_index = 0;
};

struct MmcResult {
  double mean_wait_hours = 0.0;       // W_q: arrival to start of service, customers served after warm-up
  double mean_sojourn_hours = 0.0;    // W: arrival to departure, customers departed after warm-up
  double mean_in_system = 0.0;        // L, time average over [warm_up, horizon]
  double utilisation = 0.0;           // busy servers / c, time average
  double throughput_per_hour = 0.0;   // departures after warm-up / window length
  std::uint64_t served = 0;           // departures after warm-up
  std::uint64_t events = 0;
  std::uint64_t fingerprint = 0;      // TraceFingerprint of the whole run
};

// Runs one replication. Throws std::invalid_argument unless both rates are
// in [mmc_min_rate, mmc_max_rate], servers >= 1, 0 <= warm_up < horizon and
// arrival_rate x horizon (in hours) <= mmc_max_customers.
MmcResult run_mmc_queue(const MmcConfig& config);

// Erlang C closed forms for a stable queue (lambda < c mu).
struct MmcTheory {
  double utilisation;       // rho = lambda / (c mu)
  double wait_probability;  // Erlang C
  double mean_wait_hours;   // W_q
  double mean_sojourn_hours;
  double mean_in_system;    // L = lambda W
};
MmcTheory mmc_theory(double arrival_rate, double service_rate, int servers);

}  // namespace tiaokuai::models
