#pragma once
// The W-county study's claims, as data: what each claims, which metric and
// which two variants test it (by the roles the sweep file declares,
// experiments/variant_roles.hpp), the side
// the study expects, and which phases of an issue's time the lever acts on
// directly (so that analysis/findings.hpp can tell the lever's own
// parameter read back from what emerges). docs/reproduce.md walks through
// the rows.

#include <string>
#include <vector>

namespace tiaokuai::analysis {

enum class Direction { decrease, increase };
const char* direction_name(Direction direction);  // "decrease", "increase"

struct Claim {
  std::string id;      // "1a", "3c", ...
  std::string claim;   // in the study's words
  std::string metric;  // a run summary metric, e.g. "resolution_hours.mean"
  std::string unit;    // "h", "share of issues", ...
  std::string treatment, base;  // variant roles: the effect is treatment - base
  Direction expected = Direction::decrease;
  // Phases (mean_phase_hours.*) whose formula the lever multiplies
  // (docs/odd.md section 7). Empty where the decomposition does not apply:
  // it applies only to resolution_hours.mean, the sum of the phases.
  std::vector<std::string> direct_phases;
  // For a claim whose sign follows from a model rule before any run: the
  // rule. Empty otherwise.
  std::string nature;
  std::string explanation;  // how to read the row
};

// The study's claims, in the order they are reported.
const std::vector<Claim>& study_claims();

// The roles of the variants the claims compare, each once, in the order
// first named.
std::vector<std::string> claim_roles(const std::vector<Claim>& claims);
// The roles of claim_roles(study_claims()) in the order of
// experiments::variant_roles() (the sweep file's), for the command's check
// before any run.
std::vector<std::string> study_roles();

// The levers ranked on a common scale: each has a variant of role "step_<lever>"
// moving it by the same share of its plausible range, compared with
// `ranking_base`.
const std::vector<std::string>& ranked_levers();
std::string step_role(const std::string& lever);  // "step_" + lever
inline constexpr const char* ranking_base = "status_quo";
inline constexpr const char* ranking_metric = "resolution_hours.mean";

// A phase's metric: "mean_phase_hours." + phase. The phases
// (models/governance/issue.hpp, phase_names) add up to
// resolution_hours.mean in every run.
std::string phase_metric(const std::string& phase);
inline constexpr const char* decomposed_metric = "resolution_hours.mean";

}  // namespace tiaokuai::analysis
