// The budgets that stop a runaway run: the memory they allow, and the
// parameter each stop names.
#include <doctest/doctest.h>

#include <stdexcept>

#include "models/governance/run_budgets.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai::models::governance;

namespace {
constexpr std::uint64_t plenty = std::uint64_t{1} << 40;
}

TEST_CASE("open issues are bounded by run.max_open_issues, or by the machine if it holds fewer") {
  const auto scenario = small_governance_scenario({"run.max_open_issues=2000"});
  CHECK(RunBudgets(scenario, plenty).open_issues() == 2000);
  const RunBudgets small_machine(scenario, 1000 * bytes_per_open_issue);
  CHECK(small_machine.open_issues() == 1000);
  CHECK(small_machine.open_issues_reached(1000, 2.5).find("half of the memory this process may use") != std::string::npos);
  CHECK(RunBudgets(scenario, plenty).open_issues_reached(2000, 2.5).find("run.max_open_issues reached (2000 issues open at day 2.50)") !=
        std::string::npos);
}

TEST_CASE("structures too large for the memory budget are refused before they are built, naming the parameter") {
  CHECK_THROWS_WITH_AS(RunBudgets(small_governance_scenario({"townships.1.communities=90000", "run.max_open_issues=1000"}), plenty),
                       doctest::Contains("townships.1.communities = 90000"), std::runtime_error);
  CHECK_THROWS_WITH_AS(RunBudgets(small_governance_scenario({"townships.1.communities=90000"}), 1'000'000),
                       doctest::Contains("half of the memory this process may use"), std::runtime_error);
  CHECK_NOTHROW(RunBudgets(small_governance_scenario({"townships.1.communities=90000"}), plenty));
}

TEST_CASE("an event-budget stop names the largest source of work") {
  const auto busy_rate = small_governance_scenario({"categories.1.rate_per_community_per_day=500"});
  CHECK(RunBudgets(busy_rate, plenty).events_reached(1000, 1).find("categories.1.rate_per_community_per_day (500 per community") !=
        std::string::npos);
  const auto busy_department = small_governance_scenario({"departments.1.staff=50000", "departments.1.vertical_load=0.9"});
  CHECK(RunBudgets(busy_department, plenty).events_reached(1000, 1).find("departments.1.staff x vertical_load (50000 teams") !=
        std::string::npos);
  const auto pushing = small_governance_scenario({"levers.pushed_tasks_per_week=900"});
  CHECK(RunBudgets(pushing, plenty).events_reached(1000, 1).find("levers.pushed_tasks_per_week (900 a week") != std::string::npos);
}
