// The behavioural assumptions (the `assumptions:` section): each moves the
// model's results in the direction docs/odd.md (sections 7 and 9, A41-A50)
// states, measured as paired differences over common random numbers in the
// small county. Their defaults reproducing the old constants is checked in
// lever_effects_test.cpp and by the golden summaries.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "models/governance/governance_model.hpp"
#include "models/scenario_schema.hpp"
#include "sim/confidence_interval.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai;
using namespace tiaokuai::models::governance;

namespace {

double failures(const RunReport& r) { return static_cast<double>(r.failures); }
double response(const RunReport& r) { return r.response.mean; }
double effort_end(const RunReport& r) { return r.mean_effort_end; }

}  // namespace

TEST_CASE("assumption: a longer information reach shortens detection") {
  const Overrides base{"levers.information_level=0.6"};
  CHECK(paired_effect(with(base, {"assumptions.information_reach=0.2"}), with(base, {"assumptions.information_reach=0.95"}),
                      [](const RunReport& r) { return phase(r, Phase::detection); })
            .upper() < 0);
}

TEST_CASE("assumption: a higher success floor means fewer failed attempts") {
  CHECK(paired_effect({"assumptions.success_floor=0.3"}, {"assumptions.success_floor=0.95"}, failures).upper() < 0);
}

TEST_CASE("assumption: a lower lead-department factor shortens coordination under the rule") {
  const Overrides base{"levers.lead_department=true"};
  CHECK(paired_effect(with(base, {"assumptions.lead_department_factor=1"}), with(base, {"assumptions.lead_department_factor=0.1"}),
                      [](const RunReport& r) { return phase(r, Phase::coordination); })
            .upper() < 0);
}

TEST_CASE("assumption: a more effective penalty raises effort") {
  CHECK(paired_effect({"assumptions.penalty_efficacy=0"}, {"assumptions.penalty_efficacy=3"}, effort_end).lower() > 0);
}

TEST_CASE("assumption: more weight on promptness lowers the scores of slow departments, and penalties raise their effort") {
  // Against a tight response target (a hundredth of the deadline) responses
  // are slow, so promptness scores low; the shortfall from the target draws
  // penalties.
  const auto mean_score = [](const RunReport& r) {
    double sum = 0;
    for (const DepartmentReport& d : r.departments) sum += d.mean_score;
    return sum / static_cast<double>(r.departments.size());
  };
  const Overrides tight{"levers.response_target_share=0.01"};
  CHECK(paired_effect(with(tight, {"assumptions.promptness_share=0.1"}), with(tight, {"assumptions.promptness_share=0.9"}), mean_score).upper() < 0);
  CHECK(paired_effect(with(tight, {"assumptions.promptness_share=0.1"}), with(tight, {"assumptions.promptness_share=0.9"}), effort_end).lower() > 0);
}

TEST_CASE("assumption: more patient residents are more satisfied with the same latency") {
  CHECK(paired_effect({"assumptions.satisfaction_patience=1"}, {"assumptions.satisfaction_patience=4"},
                      [](const RunReport& r) { return r.satisfaction; })
            .lower() > 0);
}

TEST_CASE("assumption: the initial score sets the pull while a department has no scored call") {
  // No issues arise, so no call is ever scored: every assessment carries the
  // initial score. Both departments tie in rank, so rewards pull them alike;
  // a poor initial score falls short of the target and adds penalties.
  const Overrides quiet{"categories.0.rate_per_community_per_day=0", "categories.1.rate_per_community_per_day=0",
                        "categories.2.rate_per_community_per_day=0"};
  CHECK(paired_effect(with(quiet, {"assumptions.initial_score=1"}), with(quiet, {"assumptions.initial_score=0"}), effort_end, 2).lower() > 0);
}

TEST_CASE("assumption: a lower effort on escalated issues means more failed attempts") {
  // Every refusal or failure escalates at once, and the county has room.
  const Overrides escalating{"levers.max_recalls=0", "levers.escalation_capacity=20", "levers.escalation_delay_hours=2"};
  CHECK(paired_effect(with(escalating, {"assumptions.escalated_effort=1"}), with(escalating, {"assumptions.escalated_effort=0"}), failures)
            .lower() > 0);
}

TEST_CASE("assumption: at the same vertical load, longer line-ministry jobs slow the response to calls") {
  CHECK(paired_effect({"assumptions.vertical_job_hours=0.5"}, {"assumptions.vertical_job_hours=24"}, response).lower() > 0);
}

TEST_CASE("assumption: a longer trip for stationed teams slows the response") {
  // A stationed environment team in every township (and two central ones).
  const Overrides stationed{"departments.1.staff=5", "departments.1.stationed_staff=3"};
  CHECK(paired_effect(with(stationed, {"assumptions.stationed_travel_minutes=0"}), with(stationed, {"assumptions.stationed_travel_minutes=120"}), response).lower() > 0);
}
