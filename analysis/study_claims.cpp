#include "analysis/study_claims.hpp"

#include <algorithm>

#include "experiments/variant_roles.hpp"

namespace tiaokuai::analysis {

const char* direction_name(Direction direction) { return direction == Direction::decrease ? "decrease" : "increase"; }

std::string phase_metric(const std::string& phase) { return "mean_phase_hours." + phase; }

std::string step_role(const std::string& lever) { return "step_" + lever; }

const std::vector<std::string>& ranked_levers() {
  static const std::vector<std::string> levers{"administrative_resources", "incentives", "party_lead", "technology", "social_participation"};
  return levers;
}

const std::vector<Claim>& study_claims() {
  // Direct phases: the phases whose formula the lever multiplies
  // (models/governance/lever_effects.hpp, docs/odd.md section 7). The
  // information factor scales detection and the message, re-call and
  // misrouting delays (routing); the Party lead scales the convening of
  // joint actions (coordination); administrative resources are the county's
  // escalation capacity and delay and the townships' own power (escalation,
  // township); effort, which incentives drive, sets mobilisation (waiting)
  // and work success (rework); social participation brings issues to light
  // (detection); the pre-reform county relay is routing.
  static const std::vector<std::string> technology{"detection", "routing"};
  static const std::vector<std::string> party{"coordination"};
  static const std::vector<std::string> resources{"escalation", "township"};
  static const std::vector<std::string> incentives{"waiting", "rework"};
  static const std::vector<std::string> social{"detection"};
  static const std::vector<Claim> claims = [] {
    std::vector<Claim> rows;
    const std::string latency = "resolution_hours.mean";
    rows.push_back({"1a", "The call-and-respond mechanism shortens resolution time (against pre-reform)", latency, "h", "status_quo",
                    "pre_reform", Direction::decrease, {"routing"}, "",
                    "Mean hours from an issue arising to its resolution, W county with the mechanism minus the same county routing "
                    "every request through the county. Negative: the mechanism is faster."});
    rows.push_back({"1b", "... and raises the resolution rate", "rates.resolution_within_deadline", "share of issues", "status_quo",
                    "pre_reform", Direction::increase, {}, "",
                    "Share of issues resolved within their deadline, mechanism minus pre-reform. Positive: more resolved in time."});
    // Claim 2 has no split: the four levers' direct phases together cover
    // every phase but work, so "direct" would be nearly the whole effect
    // and say nothing about where it comes from.
    rows.push_back({"2", "The status quo falls clearly short of the mechanism with all four levers strengthened", latency, "h",
                    "status_quo", "all_four_levers", Direction::increase, {}, "",
                    "Mean resolution hours of the status quo minus those with strong administrative resources, direct-reverse "
                    "incentives, a Party lead and technological empowerment together. Positive: collaboration is 'not ideal', with "
                    "this many hours per issue left on the table."});
    const std::vector<std::pair<std::string, std::string>> levers{{"administrative_resources", "strong administrative resources"},
                                                                  {"incentives", "direct-reverse incentives"},
                                                                  {"party_lead", "a stronger Party lead"},
                                                                  {"technology", "technological empowerment"},
                                                                  {"social_participation", "more social participation"}};
    const std::vector<const std::vector<std::string>*> lever_phases{&resources, &incentives, &party, &technology, &social};
    for (std::size_t i = 0; i < levers.size(); ++i) {
      rows.push_back({std::string("3") + static_cast<char>('a' + i), "Alone, " + levers[i].second + " improves on the status quo", latency,
                      "h", levers[i].first, "status_quo", Direction::decrease, *lever_phases[i], "",
                      "Mean resolution hours with this lever strengthened alone, minus the status quo. Negative: it helps. The "
                      "levers are moved by different amounts here; the ranking below compares them on a common scale."});
    }
    rows.push_back({"4a", "Without direct-reverse incentives, department effort settles lower", "effort.measured_mean", "effort, 0..1",
                    "no_incentives", "status_quo", Direction::decrease, {},
                    "follows from the effort rule e* = pull / (pull + drift): without incentives the pull is 0, so effort's resting "
                    "point is 0 (docs/odd.md section 7)",
                    "Department effort averaged over the measured periods when township scores count for nothing, minus the status "
                    "quo's. Negative: without incentives effort is lower ('report but don't act')."});
    rows.push_back({"4b", "... and more issues are reported without being resolved", "rates.reports_without_resolution",
                    "per arisen issue", "no_incentives", "status_quo", Direction::increase, {}, "",
                    "Sham fixes the call-backs missed (closed as if resolved, the problem left) per issue arisen over the measured "
                    "year without incentives, minus the status quo's. Positive: more 'report but don't act'. Lower effort makes real "
                    "fixes fail more often, but a lighter assessment also breeds fewer shams (docs/odd.md A69), so this can go either "
                    "way."});
    rows.push_back({"5", "Over-calling (policy implementation deviation) slows responses for all", "response_hours.required_calls_mean", "h",
                    "over_calling", "status_quo", Direction::increase, {}, "",
                    "Mean response to the calls townships had to make (they lacked the power), with townships calling on 60 % of the "
                    "issues they could handle, minus the status quo. Positive: the extra calls queue ahead of everyone else's."});
    return rows;
  }();
  return claims;
}

std::vector<std::string> claim_roles(const std::vector<Claim>& claims) {
  std::vector<std::string> roles;
  for (const Claim& claim : claims) {
    for (const std::string* role : {&claim.treatment, &claim.base}) {
      if (std::find(roles.begin(), roles.end(), *role) == roles.end()) roles.push_back(*role);
    }
  }
  return roles;
}

std::vector<std::string> study_roles() {
  const std::vector<std::string> compared = claim_roles(study_claims());
  std::vector<std::string> roles;
  for (const experiments::VariantRole& role : experiments::variant_roles()) {
    if (std::find(compared.begin(), compared.end(), role.name) != compared.end()) roles.push_back(role.name);
  }
  return roles;
}

}  // namespace tiaokuai::analysis
