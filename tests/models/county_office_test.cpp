// The county coordinating office that relays townships' requests before the
// reform: its relay time comes from load (demand, staff), so the gain the
// reform measures depends on the office's capacity; alone it is an M/M/c
// queue.
#include <doctest/doctest.h>

#include <array>
#include <string>

#include "models/queueing/mmc_queue.hpp"
#include "small_governance_scenario.hpp"

using tiaokuai::models::governance::RunReport;

namespace {

double relay_hours(const RunReport& r) { return r.county_office_mean_relay_hours; }

// The small county with an office of `staff` clerks taking `hours` a
// request, `own_load` of their time on other county business.
Overrides office(int staff, const char* mode, const char* hours, const char* own_load) {
  return {std::string("run.mode=") + mode, "levers.county_office_staff=" + std::to_string(staff),
          std::string("levers.county_office_hours_per_request=") + hours, std::string("levers.county_office_own_load=") + own_load};
}

}  // namespace

TEST_CASE("county office: the relay wait grows with demand and shrinks with staff") {
  const Overrides base = office(2, "pre_reform", "4", "0.2");
  const Overrides busier = with(base, {"categories.0.rate_per_community_per_day=0.18", "categories.1.rate_per_community_per_day=0.045",
                                       "categories.2.rate_per_community_per_day=0.075"});
  const RunReport one = run_small_county(base);
  CHECK(one.county_office_relayed > 0);
  CHECK(one.county_office_utilisation > 0.2);
  CHECK(relay_hours(one) > 4.0 * 0.8);  // at least the handling, roughly
  CHECK(paired_effect(base, busier, relay_hours).lower() > 0);
  CHECK(paired_effect(base, with(base, {"levers.county_office_staff=3"}), relay_hours).upper() < 0);
  // The clerks' busy hours follow the utilisation over the window.
  CHECK(one.county_office_staff_hours == doctest::Approx(one.county_office_utilisation * 2 * 180 * 24));
  // After the reform the office relays nothing.
  const RunReport reform = run_small_county(office(2, "reform", "4", "0.2"));
  CHECK(reform.county_office_relayed == 0);
  CHECK(reform.county_office_staff_hours == 0.0);
}

TEST_CASE("county office sweep: the reform's gain falls as the office's staff grows") {
  // Pre-reform minus reform mean resolution hours, paired over the same run
  // indices, for offices of 1, 2, 4 and 8 clerks taking 10 h a request
  // (requests alone would keep 1.7 clerks busy): one clerk cannot keep up
  // and only escalation drains the office, two are busy, four and eight
  // relay with little wait, so the gain falls towards the handling time
  // plus the departments' low priority for referrals.
  const std::array<int, 4> staff{1, 2, 4, 8};
  std::array<double, 4> gain{};
  constexpr int replications = 8;
  for (std::size_t s = 0; s < staff.size(); ++s) {
    for (int r = 0; r < replications; ++r) {
      const auto run = static_cast<std::uint64_t>(r);
      gain[s] += (run_small_county(office(staff[s], "pre_reform", "10", "0.1"), run).resolution.mean -
                  run_small_county(office(staff[s], "reform", "10", "0.1"), run).resolution.mean) / replications;
    }
    INFO("staff ", staff[s], ": gain ", gain[s], " h");
    CHECK(gain[s] > 0);
    if (s > 0) CHECK(gain[s] < gain[s - 1]);
  }
  INFO("gain at 1 clerk ", gain[0], " h, at 8 clerks ", gain[3], " h");
  CHECK(gain[3] < 0.2 * gain[0]);
}

TEST_CASE("county office alone is an M/M/c queue: its relay time matches Erlang C") {
  // One kind of issue, each making exactly one call that nothing repeats: no
  // resident fixes, no township power, no refusals, misrouting, failures or
  // escalation. Issues arise as a Poisson stream and are detected after iid
  // delays, so the requests reaching the office are Poisson too.
  const double rate_per_hour = 2.0 * 15 / 24.0;  // 2 a day in each of 15 communities
  const double hours = 1.28;                     // 2 clerks, 80 % busy
  const int clerks = 2;
  const Overrides alone{"run.mode=pre_reform", "run.horizon_days=2000", "run.warm_up_days=50",
                        "categories.0.rate_per_community_per_day=2", "categories.1.rate_per_community_per_day=0",
                        "categories.2.rate_per_community_per_day=0", "categories.0.ambiguity=0",
                        "categories.0.deadline_hours=100000", "levers.social_participation=0",
                        "levers.township_power=0", "levers.under_calling=0", "levers.misrouting=0",
                        "levers.formalism=0", "assumptions.success_floor=1", "departments.0.staff=50",
                        "departments.0.vertical_load=0", "levers.county_office_staff=2",
                        "levers.county_office_hours_per_request=1.28", "levers.county_office_own_load=0",
                        "assumptions.reporting_gain=0"};
  tiaokuai::sim::RunningStats relay, utilisation;
  for (std::uint64_t r = 0; r < 12; ++r) {
    const RunReport report = run_small_county(alone, r);
    REQUIRE(report.recalls == 0);
    REQUIRE(report.escalated == 0);
    REQUIRE(report.calls == report.called);  // one call an issue
    REQUIRE(report.county_office_relayed <= report.calls);
    relay.add(relay_hours(report));
    utilisation.add(report.county_office_utilisation);
  }
  const tiaokuai::models::MmcTheory theory = tiaokuai::models::mmc_theory(rate_per_hour, 1.0 / hours, clerks);
  const auto interval = tiaokuai::sim::student_t_interval(relay, 0.99);
  INFO("relay ", interval.estimate, " +- ", interval.half_width, " h; Erlang C: ", theory.mean_sojourn_hours, " h");
  CHECK(interval.contains(theory.mean_sojourn_hours));
  CHECK(interval.estimate == doctest::Approx(theory.mean_sojourn_hours).epsilon(0.03));
  CHECK(interval.half_width < 0.05 * theory.mean_sojourn_hours);
  CHECK(utilisation.mean() == doctest::Approx(theory.utilisation).epsilon(0.02));
}
