// Township capacity and the duty list: pushed-down tasks compete with local
// issues for the township's teams, and a duty list caps the tasks a township
// accepts a week, returning the rest to the departments that pushed them.
#include <doctest/doctest.h>

#include <cstdint>

#include "models/governance/governance_model.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai::models::governance;

namespace {

double township_phase(const RunReport& r) { return phase(r, Phase::township); }
double response_mean(const RunReport& r) { return r.response.mean; }

}  // namespace

TEST_CASE("township capacity binds: with more pushed-down work, the issues a township handles itself wait longer") {
  const Overrides light{"levers.pushed_tasks_per_week=1", "levers.pushed_task_hours=4"};
  const Overrides heavy{"levers.pushed_tasks_per_week=12", "levers.pushed_task_hours=4"};
  CHECK(paired_effect(light, heavy, township_phase).lower() > 0);
}

TEST_CASE("duty list: a township accepts at most the cap a week and returns the rest to the department") {
  // Two departments push 10 tasks a week each to every township; the list lets 3 through.
  const RunReport r = run_small_county({"levers.pushed_tasks_per_week=10", "levers.duty_list=true", "levers.duty_list_tasks_per_week=3"});
  std::uint64_t returned = 0;
  for (const TownshipReport& township : r.townships) {
    CAPTURE(township.name);
    CHECK(township.most_accepted_in_a_week == 3);
    CHECK(township.pushed_returned == township.pushed_tasks - township.pushed_accepted);
    CHECK(township.pushed_returned > township.pushed_accepted);
    // At most 3 a week over the counted window (180 days: 26 weeks, a part-week at each end).
    CHECK(township.pushed_accepted <= 3 * 27);
    returned += township.pushed_returned;
  }
  CHECK(returned == r.pushed_returned);
  CHECK(r.pushed_tasks == r.pushed_accepted + r.pushed_returned);
  std::uint64_t returned_to_departments = 0;
  double hours = 0;
  for (const DepartmentReport& department : r.departments) {
    CHECK(department.returned_tasks > 0);  // both push, so both get tasks back
    returned_to_departments += department.returned_tasks;
    hours += department.returned_task_hours;
  }
  CHECK(returned_to_departments == r.pushed_returned);
  CHECK(hours == doctest::Approx(r.returned_task_hours));
  // Each returned task costs the department the task (3 h on average) and the trip.
  CHECK(r.returned_task_hours > 2.0 * static_cast<double>(r.pushed_returned));
}

TEST_CASE("duty list: it helps local issues where townships are overloaded, and slows departments where they are the bottleneck") {
  SUBCASE("townships overloaded, departments with spare teams: local issues wait less") {
    const Overrides base{"levers.pushed_tasks_per_week=12", "levers.pushed_task_hours=5", "levers.duty_list_tasks_per_week=8",
                         "townships.0.staff=1", "townships.1.staff=1", "departments.0.staff=10", "departments.1.staff=8"};
    Overrides off = base, on = base;
    off.push_back("levers.duty_list=false");
    on.push_back("levers.duty_list=true");
    CHECK(paired_effect(off, on, township_phase).upper() < 0);
  }
  SUBCASE("townships with spare teams, departments busy: the departments answer calls later") {
    const Overrides base{"levers.pushed_tasks_per_week=6", "levers.pushed_task_hours=4", "levers.duty_list_tasks_per_week=4",
                         "townships.0.staff=6", "townships.1.staff=6", "townships.2.staff=6"};
    Overrides off = base, on = base;
    off.push_back("levers.duty_list=false");
    on.push_back("levers.duty_list=true");
    CHECK(paired_effect(off, on, response_mean).lower() > 0);
  }
}

TEST_CASE("duty list: with the list off nothing is returned, and a list for one township returns only its tasks") {
  const RunReport off = run_small_county({"levers.pushed_tasks_per_week=10", "levers.duty_list=false", "levers.duty_list_tasks_per_week=0"});
  CHECK(off.pushed_tasks > 0);
  CHECK(off.pushed_returned == 0);
  CHECK(off.pushed_accepted == off.pushed_tasks);
  CHECK(off.returned_task_hours == 0);
  for (const TownshipReport& township : off.townships) CHECK(township.pushed_returned == 0);
  for (const DepartmentReport& department : off.departments) CHECK(department.returned_tasks == 0);

  const RunReport one = run_small_county({"levers.pushed_tasks_per_week=10", "townships.1.levers.duty_list=true",
                                          "townships.1.levers.duty_list_tasks_per_week=0"});
  CHECK(one.townships[0].pushed_returned == 0);
  CHECK(one.townships[2].pushed_returned == 0);
  CHECK(one.townships[1].pushed_accepted == 0);
  CHECK(one.townships[1].pushed_returned == one.townships[1].pushed_tasks);
  CHECK(one.pushed_returned == one.townships[1].pushed_tasks);
}
