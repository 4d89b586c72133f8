// The two routes (docs/odd.md section 3, step 4): routine dispatch and the
// whistle. The whistle share is the townships' decision, an output that
// follows its inputs; whistled departments answer faster under the arrival
// rule, but whistling everything loads the departments and slows the rest.
#include <doctest/doctest.h>

#include <string>

#include "experiments/run_metrics.hpp"
#include "models/governance/run_summary.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai;
using namespace tiaokuai::models::governance;

namespace {

double whistle_share(const RunReport& r) { return static_cast<double>(r.whistled) / static_cast<double>(r.arisen); }
double within_rule(const RunReport& r) {
  return static_cast<double>(r.whistle_reports_within_rule) / static_cast<double>(r.whistle_reports);
}
double routine_response(const RunReport& r) { return r.mean_response_hours_by_route[static_cast<std::size_t>(Route::routine)]; }
double whistle_response(const RunReport& r) { return r.mean_response_hours_by_route[static_cast<std::size_t>(Route::whistle)]; }

// One team stationed in each of the three townships, three more central,
// so that the 30-minute rule can be met when a team is free.
const Overrides stationed{"departments.0.staff=6", "departments.0.stationed_staff=3", "departments.1.staff=6", "departments.1.stationed_staff=3"};

}  // namespace

TEST_CASE("the whistle share follows the township's inputs: difficulty, several departments, slow routine answers") {
  SUBCASE("harder issues are whistled more") {
    const auto effect = paired_effect({}, {"categories.2.hard_share=0.6"}, whistle_share);
    CHECK(effect.lower() > 0.02);
  }
  SUBCASE("more issues needing several departments, more whistles") {
    const auto effect = paired_effect({}, {"categories.1.rate_per_community_per_day=0.15"}, whistle_share);
    CHECK(effect.lower() > 0.02);
  }
  SUBCASE("departments slow on routine dispatch are whistled more, through the township's memory") {
    const Overrides slow{"departments.0.mobilise_hours=40", "departments.1.mobilise_hours=40"};
    const auto remembered = paired_effect({"levers.whistle_memory_weight=0.8"}, {"levers.whistle_memory_weight=0.8", slow[0], slow[1]},
                                          whistle_share);
    CHECK(remembered.lower() > 0.02);
    const auto forgotten = paired_effect({"levers.whistle_memory_weight=0"}, {"levers.whistle_memory_weight=0", slow[0], slow[1]},
                                         whistle_share);
    CHECK(forgotten.upper() < remembered.lower());
  }
  SUBCASE("before the reform nothing is whistled") {
    const RunReport r = run_small_county({"run.mode=pre_reform"});
    CHECK(r.whistled == 0);
    CHECK(r.dispatched == r.called);
  }
}

TEST_CASE("whistled departments arrive faster than routine ones, and short staff breaks the arrival rule") {
  const RunReport r = run_small_county(stationed);
  REQUIRE(r.whistle_reports > 50);
  CHECK(whistle_response(r) < 0.5 * routine_response(r));
  CHECK(within_rule(r) > 0.5);
  // Three times the issues for the same teams: a township's stationed team
  // is busy more often, and the whistle then waits for a central team that
  // has to travel from the county seat.
  const auto effect = paired_effect(stationed, with(stationed, {"categories.0.rate_per_community_per_day=0.36",
                                                                "categories.1.rate_per_community_per_day=0.09",
                                                                "categories.2.rate_per_community_per_day=0.15"}),
                                    within_rule);
  CHECK(effect.upper() < -0.05);
}

TEST_CASE("the whistle helps the whistled issues, and whistling everything loads the departments and slows the rest") {
  SUBCASE("whistling the multi-department issues speeds them up") {
    const auto effect = paired_effect({"levers.whistle_multi_department=0"}, {"levers.whistle_multi_department=1"},
                                      [](const RunReport& r) { return r.categories[1].mean_resolution_hours; });
    CHECK(effect.upper() < 0);
  }
  // With the power on everything it may handle, the township's own work is
  // what whistling everything sends to the departments.
  const Overrides busy{"levers.township_power=1", "categories.0.rate_per_community_per_day=0.6"};
  SUBCASE("every township whistling everything breaks the arrival rule and slows the whistles themselves") {
    CHECK(paired_effect(busy, with(busy, {"levers.over_calling=1"}), within_rule).upper() < 0);
    CHECK(paired_effect(busy, with(busy, {"levers.over_calling=1"}), whistle_response).lower() > 0);
  }
  SUBCASE("every township whistling everything overloads the departments: issues take longer to resolve") {
    const auto slower = paired_effect(busy, with(busy, {"levers.over_calling=1"}), [](const RunReport& r) { return r.resolution.mean; });
    CHECK(slower.lower() > 0);
  }
}

TEST_CASE("the summary and the sweep's metrics report the whistle, multi-department and arrival-rule shares") {
  const RunReport r = run_small_county(stationed);
  const nlohmann::ordered_json json = summary_json(r);
  const nlohmann::ordered_json& routes = json.at("routes");
  CHECK(routes.at("whistle_share").get<double>() == doctest::Approx(whistle_share(r)));
  CHECK(routes.at("whistle_share").get<double>() > 0);
  CHECK(routes.at("routine_dispatch_share").get<double>() ==
        doctest::Approx(static_cast<double>(r.dispatched) / static_cast<double>(r.arisen)));
  CHECK(routes.at("multi_department_share_of_whistles").get<double>() ==
        doctest::Approx(static_cast<double>(r.whistled_multi_department) / static_cast<double>(r.whistled)));
  CHECK(routes.at("multi_department_share_of_issues").get<double>() ==
        doctest::Approx(static_cast<double>(r.multi_department) / static_cast<double>(r.arisen)));
  CHECK(routes.at("whistle_arrivals_within_rule").get<double>() == doctest::Approx(within_rule(r)));
  CHECK(routes.at("arrival_rule_minutes").get<double>() == 30);
  CHECK(routes.at("mean_response_hours").at("whistle").get<double>() == doctest::Approx(whistle_response(r)));
  CHECK(r.whistled + r.dispatched == r.called);
  bool found = false;
  for (const experiments::Metric& metric : experiments::run_metrics(r)) {
    if (metric.name == "routes.whistle_arrivals_within_rule") found = metric.value == doctest::Approx(within_rule(r));
  }
  CHECK(found);
}
