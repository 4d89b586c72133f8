#pragma once
// What a calibration fits, independent of the simulator: parameters with
// priors, targets with an observed value and its uncertainty, and an
// evaluator that simulates a batch of candidate parameter vectors. The
// algorithms (abc_smc.hpp, history_matching.hpp) see only this, so they are
// tested on analytic models in milliseconds and run the governance model
// through the same interface (calibration_evaluator.hpp).
//
// Resuming: the algorithms are deterministic functions of their options,
// their seed and the evaluations they receive. The evaluator names every
// batch (BatchKey); the command's evaluator returns a batch it has stored
// instead of simulating it again, so replaying the algorithm after a kill
// gives the same answer as an uninterrupted run.

#include <cstddef>
#include <cstdint>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "sim/confidence_interval.hpp"

namespace tiaokuai::calibration {

enum class PriorKind { uniform, log_uniform, normal, truncated_normal };

// A prior over one parameter. Its support is always [low, high] inside the
// parameter's declared range: for `normal` the declared range itself (the
// normal is truncated there), for the others the bounds the targets file
// gives. mean and sd are read by normal and truncated_normal only.
struct Prior {
  PriorKind kind = PriorKind::uniform;
  double low = 0, high = 1;
  double mean = 0, sd = 1;
};

struct Parameter {
  std::string path;      // a declared parameter path: levers.incentive_weight
  Prior prior;
  bool integer = false;  // the scenario takes whole numbers: rounded when applied, kept continuous in the algorithm
};

// The z-value of a two-sided 95 % interval: a target's interval [low, high]
// is read as observed -/+ z_95 sd.
inline constexpr double z_95 = 1.959963984540054;

struct Target {
  std::string metric;    // a run metric name (experiments/run_metrics.hpp): rates.shirking, routes.whistle_share
  double observed = 0;
  double sd = 1;         // the observation's standard deviation (an interval is converted when read)
  std::string source;    // a row of docs/sources.md: S12
  double low = 0, high = 0;  // the stated 95 % interval: as given, or observed -/+ 1.96 sd
};

// One candidate's simulated summary, per target: the mean over the
// candidate's replications and the variance of that mean (sample variance /
// replications; 0 with one replication). NaN when a run failed or the
// metric was undefined; such a candidate is infinitely far from the targets.
struct Evaluation {
  std::vector<double> mean;
  std::vector<double> variance_of_mean;
};

// A measure's 95 % interval from an evaluation: its mean -/+ t x sqrt(the
// variance of the mean), t for `degrees_of_freedom` (the replications, or
// the draws, less one); the half-width is NaN for 0 degrees of freedom.
inline sim::ConfidenceInterval interval_95(const Evaluation& evaluation, std::size_t k, std::size_t degrees_of_freedom) {
  const double half_width = degrees_of_freedom > 0 ? sim::student_t_quantile(static_cast<double>(degrees_of_freedom), 0.975) *
                                                         std::sqrt(evaluation.variance_of_mean[k])
                                                   : std::numeric_limits<double>::quiet_NaN();
  return {evaluation.mean[k], half_width, 0.95};
}

// Names a batch of candidates so that an evaluator can store and replay it.
// stage: "abc" (ABC-SMC generation `round`), "rejection" (plain rejection
// ABC), "hm" (history-matching wave `round`), "check" (posterior predictive
// draws). batch counts from 0 within the round.
struct BatchKey {
  std::string stage;
  std::size_t round = 0;
  std::size_t batch = 0;
};

using Candidates = std::vector<std::vector<double>>;  // [candidate][parameter], natural scale
// Returns one Evaluation per candidate, in order. May throw to stop the
// calibration (an interrupt, a full disk); the algorithm lets it through.
using Evaluator = std::function<std::vector<Evaluation>(const BatchKey&, const Candidates&)>;

// The distance of an evaluation from the targets: the root mean square of
// the standardised differences (simulated - observed) / sqrt(sd^2 +
// variance of the simulated mean), so a distance of 1 means "one standard
// deviation away on average", counting the replication noise of the
// candidate's own mean with the observation's. +inf if any is NaN.
inline double distance(const std::vector<Target>& targets, const Evaluation& evaluation) {
  double sum = 0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double variance = targets[k].sd * targets[k].sd + evaluation.variance_of_mean[k];
    const double z = (evaluation.mean[k] - targets[k].observed) / std::sqrt(variance);
    if (!(z == z)) return std::numeric_limits<double>::infinity();
    sum += z * z;
  }
  return targets.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(targets.size()));
}

}  // namespace tiaokuai::calibration
