// Common random numbers that hold: two runs that differ in one lever see
// each issue arise at the same moment, in the same place, and take the same
// work, issue by issue (models/governance/issue_draws.hpp); and random
// streams follow the entities' names, not their order in the file.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>

#include "models/governance/governance_model.hpp"
#include "tests/models/small_governance_scenario.hpp"

using namespace tiaokuai::models;
using namespace tiaokuai::models::governance;

namespace {

struct IssueFacts {
  std::int64_t arose_ticks = 0;
  std::uint32_t township = 0, category = 0, community = 0;
  double first_work_hours = -1;
  double latency_hours = 0;
};

class IssueCollector final : public RunObserver {
 public:
  std::map<std::uint64_t, IssueFacts> issues;  // by serial
  void on_issue(const IssueRecord& record) override {
    const Issue& issue = record.issue;
    const double end = record.outcome == Outcome::open ? issue.phase_since.to_hours() : issue.closed.to_hours();
    issues[issue.serial] = {issue.arose.ticks(), issue.township, issue.category, issue.community, issue.first_work_hours,
                            end - issue.arose.to_hours()};
  }
  void on_assessment(std::uint32_t, double, std::uint32_t, double, double, std::uint64_t) override {}
};

IssueCollector collect(const Overrides& overrides) {
  IssueCollector collector;
  run_small_county(overrides, 0, &collector);
  return collector;
}

}  // namespace

TEST_CASE("common random numbers: one lever changed, every issue arises at the same time and place and takes the same work") {
  // More Party coordination changes refusals, joint actions and break-ups,
  // hence how many draws each issue makes along the way. Call-backs catch
  // every sham, so that no missed sham comes back as an extra issue (which
  // would shift the serial numbers compared here).
  const IssueCollector base = collect({"levers.party_coordination=0", "levers.callback_verification=1"});
  const IssueCollector changed = collect({"levers.party_coordination=0.9", "levers.callback_verification=1"});
  REQUIRE(base.issues.size() == changed.issues.size());
  std::size_t compared_work = 0, different_latency = 0;
  for (const auto& [serial, facts] : base.issues) {
    const IssueFacts& other = changed.issues.at(serial);
    CHECK(other.arose_ticks == facts.arose_ticks);
    CHECK(other.township == facts.township);
    CHECK(other.category == facts.category);
    CHECK(other.community == facts.community);
    if (facts.first_work_hours >= 0 && other.first_work_hours >= 0) {
      ++compared_work;
      CHECK(other.first_work_hours == facts.first_work_hours);
    }
    if (other.latency_hours != facts.latency_hours) ++different_latency;
  }
  // The comparison covers most issues, and the lever did change the runs.
  CHECK(compared_work > base.issues.size() / 2);
  CHECK(different_latency > base.issues.size() / 10);
}

TEST_CASE("common random numbers: streams follow names, so listing the townships in another order changes nothing for each") {
  const RunReport listed = run_small_county({});
  // Swap the first two townships by renaming and re-describing them.
  const RunReport swapped = run_small_county({"townships.0.name=west", "townships.0.communities=5", "townships.0.travel_minutes=50",
                                              "townships.1.name=east", "townships.1.communities=6", "townships.1.travel_minutes=30"});
  REQUIRE(listed.townships.size() == swapped.townships.size());
  CHECK(swapped.townships[1].name == "east");
  CHECK(swapped.townships[1].arisen == listed.townships[0].arisen);
  CHECK(swapped.townships[0].arisen == listed.townships[1].arisen);
}
