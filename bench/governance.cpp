// Full-model benchmark: simulated years of a scenario (default
// scenarios/w-county.yaml), printing events per second, issues per second,
// the issue records held at once and the peak resident memory. Outputs are
// not written (the run's own speed is measured); docs/performance.md
// records the figures.
//
//   bench_governance [scenario.yaml] [rounds] [years,...]
//
// The memory table runs the scenario for each of `years` (default 1,4,16;
// the city: 1,2,4).

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "models/governance/governance_model.hpp"
#include "models/scenario_schema.hpp"

using namespace tiaokuai;

namespace {

double peak_resident_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

struct Measurement {
  double seconds = 0;
  std::uint64_t events = 0, issues = 0;
  std::size_t issue_records = 0;
};

Measurement measure(const models::Scenario& scenario) {
  const auto start = std::chrono::steady_clock::now();
  models::governance::GovernanceModel model(scenario);
  const models::governance::RunReport report = model.run();
  Measurement m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.events = report.events;
  m.issues = report.arisen;
  m.issue_records = model.issue_capacity();
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "scenarios/w-county.yaml";
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  std::vector<int> horizons_in_years;
  std::stringstream years_list(argc > 3 ? argv[3] : "1,4,16");
  for (std::string item; std::getline(years_list, item, ',');) horizons_in_years.push_back(std::atoi(item.c_str()));
  const models::Scenario year = models::load_scenario(path, {"run.horizon_days=365", "run.warm_up_days=0"});
  std::printf("%s, one simulated year, best of %d rounds (one core)\n", path.c_str(), rounds);
  std::vector<Measurement> runs;
  for (int r = 0; r < rounds; ++r) runs.push_back(measure(year));
  const Measurement best = *std::min_element(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.seconds < b.seconds; });
  std::printf("  %.1f ms, %llu events, %.2f M events/s, %.0f k issues/s, %zu issue records, peak RSS %.1f MiB\n",
              best.seconds * 1e3, static_cast<unsigned long long>(best.events), best.events / best.seconds / 1e6,
              best.issues / best.seconds / 1e3, best.issue_records, peak_resident_mib());

  std::printf("memory against the horizon (issue records held at once; peak RSS of the process so far)\n");
  for (const int years : horizons_in_years) {
    const models::Scenario longer =
        models::load_scenario(path, {"run.horizon_days=" + std::to_string(365 * years), "run.warm_up_days=0"});
    const Measurement m = measure(longer);
    std::printf("  %2d year(s): %9llu issues, %5zu issue records, peak RSS %.1f MiB, %.2f M events/s\n", years,
                static_cast<unsigned long long>(m.issues), m.issue_records, peak_resident_mib(), m.events / m.seconds / 1e6);
  }
  return 0;
}
