// The study's findings on hand-made result tables: the design of
// scenarios/sweeps/reproduce.yaml, with metric values planted per variant,
// written through the results database and read back as `reproduce` does.
// Each finding must come out as planted: supported when the planted effect
// is on the claimed side and clear of the noise, not supported otherwise.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "analysis/findings.hpp"
#include "analysis/sweep_results.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_spec.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using namespace tiaokuai::analysis;

namespace {

const std::string reproduce_sweep = std::string(TIAOKUAI_SCENARIO_DIR) + "/sweeps/reproduce.yaml";
constexpr int replications = 10;

// The value of `metric` in replication r of variant `label`.
using Planted = std::function<double(const std::string& label, const std::string& metric, int r)>;

// Writes every run of the reproduce design with the planted metrics and
// returns the findings computed from the database.
std::vector<Finding> findings_of(const Planted& planted, const std::string& name) {
  ScratchFolder folder("findings-" + name);
  const std::string db = (folder.path() / "results.db").string();
  const experiments::SweepSpec spec = experiments::load_sweep(reproduce_sweep, replications);
  {
    experiments::ResultsDatabase database(db, spec);
    std::vector<experiments::RunRecord> records;
    for (std::size_t run = 0; run < spec.run_count(); ++run) {
      experiments::RunRecord record;
      record.run = run;
      const std::string& label = spec.points[spec.point_of(run)].label;
      for (const char* metric : {"resolution_hours.mean", "rates.resolution_within_deadline", "effort.end",
                                 "rates.failed_attempts_per_called_issue", "response_hours.required_calls_mean"}) {
        record.metrics.push_back({metric, planted(label, metric, spec.replication_of(run))});
      }
      records.push_back(record);
    }
    database.record(records);
  }
  return study_findings(SweepResults::load(db));
}

std::map<std::string, Finding> by_id(const std::vector<Finding>& findings) {
  std::map<std::string, Finding> out;
  for (const Finding& f : findings) out[f.id] = f;
  return out;
}

// Noise shared by all variants in replication r (common random numbers)
// plus a little of each variant's own, so paired intervals are narrow but
// not zero.
double label_code(const std::string& label) {
  double code = 0;
  for (const char c : label) code = code * 1.3 + static_cast<unsigned char>(c);
  return code;
}

double noise(const std::string& label, int r) {
  return 3.0 * std::sin(1.7 * r) + 0.2 * std::cos(label_code(label) + 7.0 * r);
}

// Mean resolution hours planted per variant: each lever helps by a
// different amount, so the ranks are known.
const std::map<std::string, double> helpful_latency{
    {"status_quo", 40},        {"pre_reform", 60},           {"administrative_resources", 37}, {"incentives", 38},
    {"party_lead", 39},        {"technology", 30},           {"social_participation", 35},     {"all_four_levers", 25},
    {"no_incentives", 41},     {"over_calling", 45}};

double as_the_study_says(const std::string& label, const std::string& metric, int r) {
  if (metric == "resolution_hours.mean") return helpful_latency.at(label) + noise(label, r);
  if (metric == "rates.resolution_within_deadline") return (label == "pre_reform" ? 0.6 : 0.8) + 0.01 * noise(label, r);
  if (metric == "effort.end") return (label == "no_incentives" ? 0.5 : 0.7) + 0.01 * noise(label, r);
  if (metric == "rates.failed_attempts_per_called_issue") return (label == "no_incentives" ? 0.25 : 0.15) + 0.001 * noise(label, r);
  return (label == "over_calling" ? 12.0 : 8.0) + 0.1 * noise(label, r);  // response_hours.required_calls_mean
}

}  // namespace

TEST_CASE("findings planted as the study says are all supported, with the planted effects and ranks") {
  const auto findings = by_id(findings_of(as_the_study_says, "supported"));
  REQUIRE(findings.size() == 11);
  for (const auto& [id, f] : findings) {
    CHECK_MESSAGE(f.supported, id);
    CHECK(f.low <= f.effect);
    CHECK(f.effect <= f.high);
    CHECK(f.high - f.low > 0);
  }
  CHECK(findings.at("1a").effect == doctest::Approx(40.0 - 60.0).epsilon(0.02));
  CHECK(findings.at("2").effect == doctest::Approx(40.0 - 25.0).epsilon(0.02));
  CHECK(findings.at("3d").effect == doctest::Approx(30.0 - 40.0).epsilon(0.02));
  CHECK(findings.at("4a").effect == doctest::Approx(-0.2).epsilon(0.02));
  // Technology gains 10 h, social participation 5, resources 3, incentives 2, the Party 1.
  CHECK(findings.at("3d").rank == 1);
  CHECK(findings.at("3e").rank == 2);
  CHECK(findings.at("3a").rank == 3);
  CHECK(findings.at("3b").rank == 4);
  CHECK(findings.at("3c").rank == 5);
  CHECK(findings.at("4b").effect == doctest::Approx(0.1).epsilon(0.02));
  CHECK(findings.at("4b").comparison == "no_incentives - status_quo");
}

TEST_CASE("findings planted the other way round are not supported") {
  const auto reversed = [](const std::string& label, const std::string& metric, int r) {
    // Mirror every variant's value around the status quo's.
    return 2.0 * as_the_study_says("status_quo", metric, r) - as_the_study_says(label, metric, r);
  };
  for (const auto& [id, f] : by_id(findings_of(reversed, "reversed"))) CHECK_MESSAGE(!f.supported, id);
}

TEST_CASE("an effect buried in noise that is not shared is not supported") {
  const auto noisy = [](const std::string& label, const std::string& metric, int r) {
    // Technology gains 0.5 h, against unpaired noise of about +-20 h.
    const double own = 20.0 * std::sin(label_code(label) + 17.0 * r);
    if (metric == "resolution_hours.mean" && label == "technology") return 39.5 + own;
    if (metric == "resolution_hours.mean") return 40.0 + own;
    return as_the_study_says(label, metric, r);
  };
  const auto findings = by_id(findings_of(noisy, "noisy"));
  CHECK(!findings.at("3d").supported);
  CHECK(findings.at("3d").low < 0);
  CHECK(findings.at("3d").high > 0);
}

TEST_CASE("findings need the variants they compare") {
  ScratchFolder folder("findings-missing");
  const std::string sweep = folder.write("two.yaml", "base: " + std::string(TIAOKUAI_SCENARIO_DIR) +
                                                          "/w-county.yaml\ndesign: variants\nreplications: 2\n"
                                                          "variants:\n  - name: status_quo\n  - name: technology\n"
                                                          "    set: {levers.information_level: 0.8}\n");
  const experiments::SweepSpec spec = experiments::load_sweep(sweep);
  const std::string db = (folder.path() / "results.db").string();
  {
    experiments::ResultsDatabase database(db, spec);
    std::vector<experiments::RunRecord> records;
    for (std::size_t run = 0; run < spec.run_count(); ++run) {
      experiments::RunRecord record;
      record.run = run;
      record.metrics.push_back({"resolution_hours.mean", 40.0 + static_cast<double>(run)});
      records.push_back(record);
    }
    database.record(records);
  }
  CHECK_THROWS_WITH_AS(study_findings(SweepResults::load(db)), doctest::Contains("pre_reform"), std::invalid_argument);
}
