#include "apps/demo_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

#include "apps/option_checks.hpp"
#include "models/queueing/mmc_queue.hpp"

namespace tiaokuai::apps {

namespace {

// Simulated hours after the warm-up; ten million hours (over a thousand
// years) at the default rates is about eight million customers.
constexpr long long max_hours = 10'000'000;

}  // namespace

void add_demo_command(CLI::App& app) {
  auto config = std::make_shared<models::MmcConfig>();
  auto hours = std::make_shared<long long>(100000);
  CLI::App* demo = app.add_subcommand("demo", "Run the M/M/c reference queue on the engine and compare with theory");
  // The ranges of models/queueing/mmc_queue.hpp, documented in README.md.
  const CLI::Validator rate = number_from_to(models::mmc_min_rate, models::mmc_max_rate);
  demo->add_option("--arrival-rate", config->arrival_rate, "Arrivals per hour (lambda)")
      ->capture_default_str()
      ->check(finite_positive_number)
      ->check(rate);
  demo->add_option("--service-rate", config->service_rate, "Services per hour per server (mu)")
      ->capture_default_str()
      ->check(finite_positive_number)
      ->check(rate);
  demo->add_option("--servers", config->servers, "Number of servers (c)")->capture_default_str()->check(CLI::Range(1, 100000));
  demo->add_option("--hours", *hours, "Simulated hours after the warm-up")->capture_default_str()->check(CLI::Range(1LL, max_hours));
  demo->add_option("--seed", config->seed, "Master seed")->capture_default_str()->check(whole_number_0_to_2_64);
  demo->callback([config, hours] {
    if (config->arrival_rate >= config->servers * config->service_rate) {
      throw CLI::ValidationError("--arrival-rate", "the queue is unstable: need arrival-rate < servers * service-rate");
    }
    // About two events per customer: bounded so that the demo ends in seconds.
    const double customers = config->arrival_rate * (static_cast<double>(*hours) + config->warm_up.to_hours());
    if (customers > models::mmc_max_customers) {
      char message[256];
      std::snprintf(message, sizeof message,
                    "with --hours %lld (and %g h warm-up) the demo would simulate about %.3g customers, more than its "
                    "limit of %g; lower --arrival-rate or --hours",
                    *hours, config->warm_up.to_hours(), customers, models::mmc_max_customers);
      throw CLI::ValidationError("--arrival-rate", message);
    }
    config->horizon = config->warm_up + sim::hours(*hours);
    const auto started = std::chrono::steady_clock::now();
    const models::MmcResult result = models::run_mmc_queue(*config);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const models::MmcTheory theory = models::mmc_theory(config->arrival_rate, config->service_rate, config->servers);
    std::printf("M/M/%d queue, lambda = %g/h, mu = %g/h, %lld h after %g h warm-up, seed %llu\n", config->servers,
                config->arrival_rate, config->service_rate, *hours, config->warm_up.to_hours(),
                static_cast<unsigned long long>(config->seed));
    std::printf("%-28s %14s %14s\n", "quantity", "simulated", "theory");
    std::printf("%-28s %14.4f %14.4f\n", "mean wait in queue (h)", result.mean_wait_hours, theory.mean_wait_hours);
    std::printf("%-28s %14.4f %14.4f\n", "mean time in system (h)", result.mean_sojourn_hours, theory.mean_sojourn_hours);
    std::printf("%-28s %14.4f %14.4f\n", "mean number in system", result.mean_in_system, theory.mean_in_system);
    std::printf("%-28s %14.4f %14.4f\n", "server utilisation", result.utilisation, theory.utilisation);
    std::printf("%-28s %14.4f %14.4f\n", "throughput (per h)", result.throughput_per_hour, config->arrival_rate);
    std::printf("%llu customers served, %llu events in %.3f s (%.2f M events/s), fingerprint %016llx\n",
                static_cast<unsigned long long>(result.served), static_cast<unsigned long long>(result.events), wall,
                static_cast<double>(result.events) / wall / 1e6, static_cast<unsigned long long>(result.fingerprint));
  });
}

}  // namespace tiaokuai::apps
