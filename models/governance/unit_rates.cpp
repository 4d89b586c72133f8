// The three rates Beijing ranks every unit on each month (S15, S44):
// response in time, resolution in time and residents' call-back
// satisfaction, per street (township) and per department, over the issues
// that closed in the period: a city's monthly league table (docs/odd.md
// section 3). With levers.ranking three_rates the assessment ranks the
// departments on the same score (county_agent.cpp), so it moves their effort.

#include <algorithm>
#include <limits>

#include "models/governance/governance_model.hpp"
#include "models/governance/lever_effects.hpp"

namespace tiaokuai::models::governance {

namespace {

// A rate per tally, NaN when nothing closed.
UnitRates rates_of(UnitKind kind, std::uint32_t index, const UnitTally& tally) {
  UnitRates rates{.kind = kind, .index = index, .closed = tally.closed};
  const double closed = static_cast<double>(tally.closed);
  const double none = std::numeric_limits<double>::quiet_NaN();
  rates.response_rate = tally.closed > 0 ? static_cast<double>(tally.responded_in_time) / closed : none;
  rates.resolution_rate = tally.closed > 0 ? static_cast<double>(tally.resolved_in_time) / closed : none;
  rates.satisfaction = tally.closed > 0 ? tally.satisfaction_sum / closed : none;
  rates.score = three_rate_score(static_cast<double>(tally.responded_in_time), static_cast<double>(tally.resolved_in_time),
                                 tally.satisfaction_sum, closed, none);
  return rates;
}

// Ranks units with closed issues by their three-rate score, best
// first (ties keep scenario order); the others keep rank 0.
void rank(std::vector<UnitRates>& units) {
  std::vector<std::size_t> order;
  for (std::size_t u = 0; u < units.size(); ++u) {
    if (units[u].closed > 0) order.push_back(u);
  }
  const auto score = [&](std::size_t u) { return units[u].score; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score(a) > score(b); });
  for (std::size_t r = 0; r < order.size(); ++r) units[order[r]].rank = static_cast<std::uint32_t>(r + 1);
}

}  // namespace

void GovernanceModel::tally_units(const Issue& issue, double happiness) {
  const double deadline = scenario_.categories[issue.category].deadline_hours;
  const double response_target = levers_.county().response_target_share * deadline;
  const bool resolved_in_time = sim::hours_between(issue.arose, issue.closed) <= deadline;
  // The street responds with its first act: its own work, a call, or the close.
  const sim::Time acted = std::min({issue.township_started, issue.first_call, issue.closed});
  UnitTally& township = township_tallies_[issue.township];
  ++township.closed;
  township.responded_in_time += sim::hours_between(issue.arose, acted) <= response_target;
  township.resolved_in_time += resolved_in_time;
  township.satisfaction_sum += happiness;
  for (const Leg& leg : issue.legs) {
    if (leg.calls == 0) continue;  // never called: not its case
    UnitTally& department = department_tallies_[leg.department];
    ++department.closed;
    department.responded_in_time += leg.first_report_at != sim::Time::max() &&
                                    sim::hours_between(issue.first_call, leg.first_report_at) <= response_target;
    department.resolved_in_time += resolved_in_time;
    department.satisfaction_sum += happiness;
  }
}

void GovernanceModel::report_unit_rates(std::uint32_t period, double day) {
  if (observer_ != nullptr) {
    for (const auto& [kind, tallies] : {std::pair{UnitKind::township, &township_tallies_}, std::pair{UnitKind::department, &department_tallies_}}) {
      std::vector<UnitRates> units;
      for (std::uint32_t u = 0; u < tallies->size(); ++u) units.push_back(rates_of(kind, u, (*tallies)[u]));
      rank(units);
      for (const UnitRates& rates : units) observer_->on_unit_rates(period, day, rates);
    }
  }
  std::fill(township_tallies_.begin(), township_tallies_.end(), UnitTally{});
  std::fill(department_tallies_.begin(), department_tallies_.end(), UnitTally{});
}

}  // namespace tiaokuai::models::governance
