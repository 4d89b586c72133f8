#include "models/queueing/mmc_queue.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <deque>
#include <stdexcept>

#include "sim/random_stream.hpp"
#include "sim/running_stats.hpp"
#include "sim/simulator.hpp"
#include "sim/time_weighted_average.hpp"
#include "sim/trace_fingerprint.hpp"

namespace tiaokuai::models {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

enum EventKind : std::uint32_t { arrival_event = 1, departure_event = 2 };

class MmcModel {
 public:
  explicit MmcModel(const MmcConfig& config)
      : config_(config),
        arrivals_(config.seed, config.run_index, "mmc/arrivals"),
        services_(config.seed, config.run_index, "mmc/services") {
    simulator_.set_trace(fingerprint_.hook());
  }

  MmcResult run() {
    schedule_arrival();
    simulator_.run({.horizon = config_.warm_up});
    in_system_.restart(config_.warm_up);
    busy_.restart(config_.warm_up);
    counting_ = true;
    simulator_.run({.horizon = config_.horizon});

    const double window_hours = (config_.horizon - config_.warm_up).to_hours();
    MmcResult result;
    result.mean_wait_hours = waits_.mean();
    result.mean_sojourn_hours = sojourns_.mean();
    result.mean_in_system = in_system_.mean(config_.horizon);
    result.utilisation = busy_.mean(config_.horizon) / config_.servers;
    result.served = sojourns_.count();
    result.throughput_per_hour = static_cast<double>(result.served) / window_hours;
    result.events = simulator_.events_executed();
    result.fingerprint = fingerprint_.value();
    return result;
  }

 private:
  void schedule_arrival() {
    const sim::Time gap = sim::hours(arrivals_.exponential(1.0 / config_.arrival_rate));
    simulator_.schedule(gap, [this] { arrive(); }, {.label = {arrival_event, 0}});
  }

  void arrive() {
    in_system_.add(simulator_.now(), 1.0);
    if (busy_servers_ < config_.servers) {
      start_service(simulator_.now());
    } else {
      waiting_.push_back(simulator_.now());
    }
    schedule_arrival();
  }

  void start_service(sim::Time arrived) {
    ++busy_servers_;
    busy_.set(simulator_.now(), busy_servers_);
    if (counting_) waits_.add((simulator_.now() - arrived).to_hours());
    const sim::Time service = sim::hours(services_.exponential(1.0 / config_.service_rate));
    simulator_.schedule(service, [this, arrived] { depart(arrived); }, {.label = {departure_event, 0}});
  }

  void depart(sim::Time arrived) {
    --busy_servers_;
    busy_.set(simulator_.now(), busy_servers_);
    in_system_.add(simulator_.now(), -1.0);
    if (counting_) sojourns_.add((simulator_.now() - arrived).to_hours());
    if (!waiting_.empty()) {
      const sim::Time next = waiting_.front();
      waiting_.pop_front();
      start_service(next);
    }
  }

  MmcConfig config_;
  sim::Simulator simulator_;
  sim::TraceFingerprint fingerprint_;
  sim::RandomStream arrivals_;
  sim::RandomStream services_;
  std::deque<sim::Time> waiting_;
  int busy_servers_ = 0;
  bool counting_ = false;
  sim::RunningStats waits_;
  sim::RunningStats sojourns_;
  sim::TimeWeightedAverage in_system_;
  sim::TimeWeightedAverage busy_;
};

}  // namespace

MmcResult run_mmc_queue(const MmcConfig& config) {
  const auto in_range = [](double rate) { return rate >= mmc_min_rate && rate <= mmc_max_rate; };  // false for nan
  if (!in_range(config.arrival_rate) || !in_range(config.service_rate) || config.servers < 1) {
    throw std::invalid_argument("M/M/c: rates must be in [" + number(mmc_min_rate) + ", " + number(mmc_max_rate) +
                                "] per hour and servers >= 1");
  }
  if (!(sim::Time::zero() <= config.warm_up && config.warm_up < config.horizon)) {
    throw std::invalid_argument("M/M/c: warm-up must start at 0 or later and end before the horizon");
  }
  if (config.arrival_rate * config.horizon.to_hours() > mmc_max_customers) {
    throw std::invalid_argument("M/M/c: more than " + number(mmc_max_customers) + " expected customers (arrival rate x horizon)");
  }
  return MmcModel(config).run();
}

MmcTheory mmc_theory(double arrival_rate, double service_rate, int servers) {
  const double c = servers;
  const double offered = arrival_rate / service_rate;  // a = lambda / mu
  const double rho = offered / c;
  if (!(rho < 1.0)) throw std::invalid_argument("M/M/c theory: the queue is unstable (lambda >= c mu)");
  // Erlang C via the numerically stable recursion on Erlang B.
  double erlang_b = 1.0;
  for (int k = 1; k <= servers; ++k) erlang_b = offered * erlang_b / (k + offered * erlang_b);
  const double erlang_c = erlang_b / (1.0 - rho * (1.0 - erlang_b));
  MmcTheory theory{};
  theory.utilisation = rho;
  theory.wait_probability = erlang_c;
  theory.mean_wait_hours = erlang_c / (c * service_rate - arrival_rate);
  theory.mean_sojourn_hours = theory.mean_wait_hours + 1.0 / service_rate;
  theory.mean_in_system = arrival_rate * theory.mean_sojourn_hours;
  return theory;
}

}  // namespace tiaokuai::models
