#pragma once
// The W-county study's claims (analysis/study_claims.hpp) tested on the
// results of scenarios/sweeps/reproduce.yaml: two sweeps, `at_point` (the
// variants at the calibrated point, many replications) and, optionally,
// `over_draws` (the same variants at draws of the calibration posterior,
// labelled "draw:D VARIANT", a few replications each). Within a sweep (and
// within a draw) replication r of every variant shares its random numbers,
// so every comparison is paired.
//
// Per claim: the paired effect at the point with its 95 % interval and
// two-sided paired-t p-value, Holm-adjusted over all claims; a minimum
// practical size; the share of posterior draws in which the claim holds by
// at least that size, with a bootstrap interval; the split of a latency
// effect into the phases the lever acts on directly and the rest
// (emergent); and a verdict. Then the five levers ranked on a common scale.
// docs/reproduce.md walks through the output.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/study_claims.hpp"
#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

struct FindingsSettings {
  double minimum_size_share = 0.05;  // minimum practical size: this share of |base mean| at the point
  double alpha = 0.05;               // Holm-adjusted p must lie below it for `supported`
  double supported_share = 0.90;     // share of draws in which the claim must hold for `supported`
  double unsupported_share = 0.5;    // below it: `not supported`
  int bootstrap_resamples = 2000;
  std::uint64_t bootstrap_seed = 20240917;  // fixed: the outputs are deterministic
};

enum class Verdict { negligible, supported, mixed, not_supported };
const char* verdict_name(Verdict verdict);  // "negligible", "supported", "mixed", "not supported"

// An estimate with its 95 % interval.
struct Estimate {
  double value = 0, low = 0, high = 0;
  bool contains(double x) const { return low <= x && x <= high; }
};

struct PhaseEffect {
  std::string phase;
  bool direct = false;  // one of the claim's direct phases
  Estimate effect;      // paired, hours
};

// Only for a claim on resolution_hours.mean with direct phases: total =
// direct (the sum of the direct phases) + emergent (the rest), per
// replication, each with its paired interval.
struct Decomposition {
  bool applies = false;
  std::vector<PhaseEffect> phases;  // every phase, in models/governance/issue.hpp order
  Estimate total, direct, emergent;
  std::string note;  // "only direct: ...", "mostly emergent", "direct and emergent"
};

// How often the claim holds over the posterior draws: in a draw when the
// mean over its replications of the paired difference lies on the claimed
// side by at least the minimum size (from the point).
struct Robustness {
  bool measured = false;  // false without over_draws
  std::size_t draws = 0;  // draws with at least one complete pair
  std::size_t holding = 0;
  Estimate share;         // percentile bootstrap over draws
};

struct Finding {
  Claim claim;
  std::string treatment_variant, base_variant;  // the labels of the variants with the claim's roles
  std::size_t pairs = 0;  // complete pairs at the point
  double base_mean = 0, treatment_mean = 0;
  Estimate effect;        // treatment - base at the point
  double p_value = 0;     // two-sided paired t; NaN with fewer than two pairs
  double holm_p = 0;      // Holm-adjusted over the claims with a p-value; NaN if none
  double minimum_size = 0;
  Robustness robustness;
  Decomposition decomposition;
  Verdict verdict = Verdict::mixed;
  std::string note;       // why the verdict, in plain words
};

struct LeverRank {
  std::string lever, variant;
  Estimate effect;          // paired effect on resolution_hours.mean against status_quo, h
  int rank = 0;             // at the point estimate, 1 = most negative
  double first_share = 0;   // share of bootstrap resamples in which it ranks first
  int modal_rank = 0;       // its most frequent rank over the resamples
  double modal_share = 0;   // and how often it holds it
  bool draws_measured = false;
  double first_share_draws = 0;  // share of posterior draws in which it ranks first
};

struct Ranking {
  bool ranked = false;
  std::string reason;            // why not ranked, or why the draws are not used
  std::size_t replications = 0;  // complete replications resampled
  std::size_t draws = 0;         // draws used for first_share_draws
  std::vector<LeverRank> levers; // in rank order
};

struct Findings {
  FindingsSettings settings;
  std::vector<Finding> claims;
  Ranking ranking;
  int replications_at_point = 0;
  std::size_t posterior_draws = 0;  // 0 without over_draws
  int replications_per_draw = 0;
};

// Tests `claims` (and ranks the levers). Throws std::invalid_argument if a
// variant role or metric a claim needs is missing from `at_point`, or from a
// draw of `over_draws`, or if a label of `over_draws` is not
// "draw:D VARIANT". `over_draws` may be null: robustness is then not
// measured and no claim is `supported`.
Findings test_claims(const std::vector<Claim>& claims, const SweepResults& at_point, const SweepResults* over_draws,
                     const FindingsSettings& settings = {});
// test_claims(study_claims(), ...).
Findings study_findings(const SweepResults& at_point, const SweepResults* over_draws, const FindingsSettings& settings = {});

// Holm's step-down adjustment: p_(i) (ascending, m finite p-values) becomes
// max over j <= i of min(1, (m - j + 1) p_(j)); NaN stays NaN and does not
// count in m. Returned in the input's order.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

// The draws of a posterior sweep: the point "draw:D VARIANT" whose variant
// has the role R is draws[D].point(R). Throws std::invalid_argument on a
// label not of that form.
struct PosteriorDraw {
  int draw = 0;
  std::vector<std::pair<std::string, std::size_t>> points;  // role, point (variants with a role only)
  std::size_t point(const std::string& role) const;         // throws if absent
  bool has(const std::string& role) const;
};
std::vector<PosteriorDraw> posterior_draws(const SweepResults& over_draws);

// Share of `holds` that is true, with a percentile bootstrap interval
// (`resamples` resamples with replacement, seeded by `seed` and `stream`).
Estimate bootstrap_share(const std::vector<bool>& holds, int resamples, std::uint64_t seed, const std::string& stream);

}  // namespace tiaokuai::analysis
