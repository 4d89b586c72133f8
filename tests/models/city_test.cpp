// A city: the compact form's expansion, routing across levels, the hotline
// front end and the three rates per unit, on tests/data/small-city.yaml
// (Beijing's file with 2 districts and 6 streets).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "models/governance/governance_model.hpp"
#include "models/organisation.hpp"
#include "models/scenario_schema.hpp"

using namespace tiaokuai;
using namespace tiaokuai::models;
using namespace tiaokuai::models::governance;

namespace {

const std::string small_city = std::string(TIAOKUAI_TEST_DATA_DIR) + "/small-city.yaml";

std::size_t department_named(const Scenario& scenario, const std::string& name) {
  for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
    if (scenario.departments[d].name == name) return d;
  }
  FAIL("no department " << name);
  return 0;
}

class UnitRatesCollector final : public RunObserver {
 public:
  void on_issue(const IssueRecord&) override {}
  void on_assessment(std::uint32_t period, double, std::uint32_t department, double, double mean_score, std::uint64_t) override {
    std::vector<double>& scores = assessed_scores[period];
    scores.resize(std::max<std::size_t>(scores.size(), department + 1));
    scores[department] = mean_score;
  }
  void on_unit_rates(std::uint32_t period, double, const UnitRates& rates) override { rows[period].push_back(rates); }
  std::map<std::uint32_t, std::vector<UnitRates>> rows;
  std::map<std::uint32_t, std::vector<double>> assessed_scores;  // per period, by department

  // Departments whose assessed score is their three-rate score, and those with a score at all.
  std::pair<int, int> departments_scored_by_three_rates() const {
    int same = 0, scored = 0;
    for (const auto& [period, units] : rows) {
      for (const UnitRates& unit : units) {
        if (unit.kind != UnitKind::department || unit.closed == 0) continue;
        ++scored;
        if (std::abs(assessed_scores.at(period)[unit.index] - unit.score) < 1e-12) ++same;
      }
    }
    return {same, scored};
  }
};

}  // namespace

TEST_CASE("the city form expands into streets and each district's departments, named and placed") {
  const Scenario scenario = load_scenario(small_city);
  CHECK(scenario.city.districts == std::vector<std::string>{"east", "west"});
  REQUIRE(scenario.townships.size() == 6);
  CHECK(scenario.townships[0].name == "east/S01");
  CHECK(scenario.townships[1].name == "east/S02");
  CHECK(scenario.townships[2].name == "west/S01");
  CHECK(scenario.townships[5].name == "west/S04");
  CHECK(scenario.townships[5].district == "west");
  CHECK(scenario.townships[3].staff == 10);  // the street template
  for (const Township& township : scenario.townships) {
    CHECK(township.communities >= 14);
    CHECK(township.communities <= 28);
  }
  // 3 city-level departments, then 5 per district.
  REQUIRE(scenario.departments.size() == 13);
  CHECK(scenario.departments[0].district.empty());
  CHECK(scenario.departments[3].name == "east/urban_management");
  CHECK(scenario.departments[3].kind == "urban_management");
  CHECK(scenario.departments[3].district == "east");
  CHECK(scenario.departments[12].name == "west/district_government");
}

TEST_CASE("the city's expansion is deterministic and does not depend on the run's seed") {
  const Scenario first = load_scenario(small_city);
  const Scenario again = load_scenario(small_city, {"run.seed=99"});
  std::set<int> counts;
  for (std::size_t t = 0; t < first.townships.size(); ++t) {
    CHECK(first.townships[t].communities == again.townships[t].communities);
    counts.insert(first.townships[t].communities);
  }
  CHECK(counts.size() > 1);  // drawn from the range, not all the minimum
  // A street keeps its communities when another district grows.
  const Scenario grown = load_scenario(small_city, {"city.streets=[3, 4]"});
  CHECK(grown.townships[0].communities == first.townships[0].communities);
  CHECK(grown.townships[3].name == "west/S01");
  CHECK(grown.townships[3].communities == first.townships[2].communities);
}

TEST_CASE("routing follows the duty lists across levels: a district's own department, else the city's") {
  const Scenario scenario = load_scenario(small_city);
  const Organisation organisation(scenario);
  std::size_t street_order = 0, water = 0;
  for (std::size_t c = 0; c < scenario.categories.size(); ++c) {
    if (scenario.categories[c].name == "street_order") street_order = c;
    if (scenario.categories[c].name == "water") water = c;
  }
  const std::size_t east_street = 0, west_street = 4;
  CHECK(organisation.jurisdiction(street_order, east_street) == std::vector<std::size_t>{department_named(scenario, "east/urban_management")});
  CHECK(organisation.jurisdiction(street_order, west_street) == std::vector<std::size_t>{department_named(scenario, "west/urban_management")});
  CHECK(organisation.jurisdiction(water, west_street) == std::vector<std::size_t>{department_named(scenario, "water_group")});
  CHECK(organisation.district_government(east_street) == department_named(scenario, "east/district_government"));
  CHECK(organisation.serves(department_named(scenario, "east/environment"), east_street));
  CHECK_FALSE(organisation.serves(department_named(scenario, "east/environment"), west_street));
  CHECK(organisation.serves(department_named(scenario, "public_security"), west_street));
}

TEST_CASE("a city run: contacts as configured, demands become orders, no call crosses a district") {
  const Scenario scenario = load_scenario(small_city);
  UnitRatesCollector collector;
  GovernanceModel model(scenario, 0, &collector);
  const RunReport report = model.run();
  const HotlineReport& hotline = report.hotline;
  REQUIRE(hotline.in_scenario);
  const double days = scenario.run.horizon_days - scenario.run.warm_up_days;
  // Poisson counts: 90 days of 1030 a day is 92,700, sd about 300.
  CHECK(std::abs(static_cast<double>(hotline.contacts) - scenario.hotline.contacts_per_day * days) < 1500);
  CHECK(static_cast<double>(hotline.by_phone) / static_cast<double>(hotline.contacts) == doctest::Approx(0.907).epsilon(0.01));
  const double handled = static_cast<double>(hotline.orders + hotline.consultations);
  CHECK(static_cast<double>(hotline.orders) / handled == doctest::Approx(0.415).epsilon(0.02));
  CHECK(hotline.abandoned > 0);
  CHECK(hotline.answered + hotline.abandoned <= hotline.by_phone);
  // Every issue came through the hotline (or is a missed sham's problem reported again).
  CHECK(report.arisen >= hotline.orders - 200);
  CHECK(report.arisen <= hotline.orders + report.ledger.reappeared + 200);
  // No street's call reached another district's department.
  for (std::size_t t = 0; t < scenario.townships.size(); ++t) {
    for (std::size_t d = 0; d < scenario.departments.size(); ++d) {
      const std::string& district = scenario.departments[d].district;
      if (!district.empty() && district != scenario.townships[t].district) CHECK(report.call(t, d).calls == 0);
    }
  }
  // The three rates: every unit in every period, ranks 1..n over the units with closed issues.
  REQUIRE(collector.rows.size() == 4);  // assessments at days 30, 60, 90, 120
  for (const auto& [period, units] : collector.rows) {
    CHECK(units.size() == scenario.townships.size() + scenario.departments.size());
    std::set<std::uint32_t> township_ranks;
    for (const UnitRates& unit : units) {
      if (unit.kind != UnitKind::township) continue;
      CHECK(unit.closed > 0);
      CHECK(unit.response_rate >= 0);
      CHECK(unit.resolution_rate <= 1);
      township_ranks.insert(unit.rank);
    }
    CHECK(township_ranks == std::set<std::uint32_t>{1, 2, 3, 4, 5, 6});
  }
}

TEST_CASE("more seats: fewer callers hang up and the wait is shorter, with the same contacts") {
  const Scenario few = load_scenario(small_city, {"hotline.seats=10"});
  const Scenario many = load_scenario(small_city, {"hotline.seats=20"});
  const RunReport a = GovernanceModel(few).run();
  const RunReport b = GovernanceModel(many).run();
  CHECK(a.hotline.contacts == b.hotline.contacts);  // common random numbers
  CHECK(b.hotline.abandoned < a.hotline.abandoned);
  CHECK(b.hotline.mean_wait_seconds < a.hotline.mean_wait_seconds);
}

TEST_CASE("ranking by three_rates: the assessment scores each department by the rates units.csv shows") {
  UnitRatesCollector three_rates, call_score;
  GovernanceModel(load_scenario(small_city), 0, &three_rates).run();
  GovernanceModel(load_scenario(small_city, {"levers.ranking=call_score"}), 0, &call_score).run();
  const auto [same, scored] = three_rates.departments_scored_by_three_rates();
  CHECK(scored > 20);
  CHECK(same == scored);
  // Ranked on their calls instead, departments get other scores.
  const auto [same_by_calls, scored_by_calls] = call_score.departments_scored_by_three_rates();
  CHECK(scored_by_calls > 20);
  CHECK(same_by_calls < scored_by_calls / 2);
}

TEST_CASE("a city's budget stops name the city form's keys and the hotline, not entries the file does not have") {
  const Scenario crowded = load_scenario(small_city, {"city.communities=90000", "run.max_open_issues=1000"});
  CHECK_THROWS_WITH_AS(RunBudgets(crowded, std::uint64_t{1} << 40), doctest::Contains("city.communities (east/S01) = 90000"), std::runtime_error);
  const Scenario city = load_scenario(small_city);
  const std::string events = RunBudgets(city, std::uint64_t{1} << 40).events_reached(1000, 1);
  CHECK(events.find("hotline.contacts_per_day (1030 contacts a day") != std::string::npos);
  const Scenario busy = load_scenario(small_city, {"city.district_departments[1].staff=50000", "city.district_departments[1].vertical_load=0.9"});
  CHECK(RunBudgets(busy, std::uint64_t{1} << 40).events_reached(1000, 1).find("city.district_departments.1.staff x vertical_load (50000 teams") !=
        std::string::npos);
}

TEST_CASE("a misrouted call lands on a department that serves the street, never on another district's") {
  // Two districts with one street each, a department of kind x in each and
  // one at city level: a misrouted call for x can only reach the city's.
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "tiaokuai-city-misrouting.yaml";
  std::ofstream(file) << "run: {horizon_days: 60, warm_up_days: 0}\n"
                         "levers: {misrouting: 1, information_level: 0}\n"
                         "districts: [east, west]\n"
                         "departments:\n"
                         "  - {name: east/x, kind: x, district: east}\n"
                         "  - {name: west/x, kind: x, district: west}\n"
                         "  - {name: y}\n"
                         "townships:\n"
                         "  - {name: east/S01, district: east}\n"
                         "  - {name: west/S01, district: west}\n"
                         "categories:\n"
                         "  - {name: leak, departments: [x]}\n";
  const Scenario scenario = load_scenario(file.string());
  std::filesystem::remove(file);
  const RunReport report = GovernanceModel(scenario).run();
  CHECK(report.misroutes > 10);
  CHECK(report.departments[0].wrong_calls == 0);
  CHECK(report.departments[1].wrong_calls == 0);
  CHECK(report.departments[2].wrong_calls == report.misroutes);
}
