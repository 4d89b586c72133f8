// The governance model reduces to M/M/c when every mechanism but one
// department's queue is switched off (tests/data/mmc-county.yaml): the
// engine, the department's queue and the bookkeeping of response and
// resolution agree with Erlang C.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "models/governance/governance_model.hpp"
#include "models/queueing/mmc_queue.hpp"
#include "models/scenario_schema.hpp"
#include "sim/running_stats.hpp"

using namespace tiaokuai;

TEST_CASE("the governance model with everything else switched off is an M/M/c queue: waits match Erlang C within 2 %") {
  const models::Scenario scenario = models::load_scenario(std::string(TIAOKUAI_TEST_DATA_DIR) + "/mmc-county.yaml", {});
  // 48 issues a day in one community: 2 an hour; work 1 h; 3 teams.
  const models::MmcTheory theory = models::mmc_theory(2.0, 1.0, 3);
  sim::RunningStats wait, sojourn;
  for (std::uint64_t r = 0; r < 4; ++r) {
    models::governance::GovernanceModel model(scenario, r);
    const models::governance::RunReport report = model.run();
    REQUIRE(report.refusals == 0);
    REQUIRE(report.escalated == 0);
    REQUIRE(report.calls == report.called);
    // Response (call to arrival) is the wait for a free team: no message
    // delay, no mobilisation, no travel.
    wait.add(report.response.mean);
    sojourn.add(report.resolution.mean);
  }
  INFO("wait ", wait.mean(), " h against Erlang C ", theory.mean_wait_hours, " h; sojourn ", sojourn.mean(), " h against ",
       theory.mean_sojourn_hours, " h");
  CHECK(wait.mean() == doctest::Approx(theory.mean_wait_hours).epsilon(0.02));
  CHECK(sojourn.mean() == doctest::Approx(theory.mean_sojourn_hours).epsilon(0.02));
}
