#pragma once
// Multi-objective search under simulation noise: NSGA-II (Deb et al. 2002,
// pagmo's nsga2) over bounded continuous decisions, independent of the
// simulator, so it is tested on analytic problems (ZDT1) in milliseconds
// and runs the governance model through the same interface.
//
// Every candidate is estimated from replications by the batch evaluator
// (calibration::Evaluator, problem.hpp): per measure (the objectives
// first, then the constraints) the mean over the replications and the
// variance of that mean. The evaluator decides the replications and their
// seeds; the governance evaluator gives every candidate the same seeds
// (common random numbers), so candidates are compared paired.
//
// Noise: a design can reach the front because its replications were lucky.
// After the last generation the first front of the final population is
// evaluated again (batch "reevaluate", where the evaluator uses more
// replications on fresh seeds) and the front is recomputed from those
// estimates alone: a design the re-evaluation shows dominated is dropped,
// and kept in the result with the reason.
//
// Constraints use Deb's constrained domination: a feasible design
// dominates every infeasible one, and of two infeasible designs the one
// with the smaller total violation dominates. A candidate whose estimate
// has a NaN (a failed run, an undefined metric) counts as infeasible with
// infinite violation.
//
// Batches (calibration::BatchKey): stage "initial" round 0 (the first
// population), stage "generation" round g = 1..generations (each
// generation's offspring), stage "reevaluate" round 0. Deterministic given
// the settings and the evaluations, so replaying the search against an
// evaluator that returns stored batches gives the same answer (resuming).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/problem.hpp"

namespace tiaokuai::decisions {

enum class Goal { minimise, maximise };

// measure >= bound (at_least) or measure <= bound.
struct Constraint {
  bool at_least = true;
  double bound = 0;
};

struct SearchProblem {
  std::vector<double> lower, upper;     // one per decision, lower < upper
  std::vector<Goal> objectives;         // measures 0 .. m-1; at least 2
  std::vector<Constraint> constraints;  // measures m .. m+k-1
  // Empty, or one per decision: true where the simulator takes the
  // decision rounded to a whole number. The search stays continuous; two
  // designs that round alike are one design when the front is re-evaluated.
  std::vector<bool> integer;
};

struct SearchSettings {
  std::size_t population = 40;  // a multiple of 4, at least 8 (pagmo's nsga2)
  std::size_t generations = 20;
  std::uint64_t seed = 1;
  double crossover_probability = 0.95, crossover_distribution = 10;  // SBX
  double mutation_distribution = 50;  // polynomial mutation, probability 1 / decisions
  // In the objectives' own units and directions. Empty: from the initial
  // population, each objective's worst value among its feasible designs
  // (all designs if none is feasible) moved away from the best by 10 % of
  // their range (if they span none: of all designs' range, else of the
  // value, else by 1).
  std::vector<double> reference_point;
};

// The total violation of the constraints by an estimate's means: the sum
// of the amounts by which each constraint is missed; +inf for a NaN (and
// for an infinite objective, as unusable). Throws std::invalid_argument
// for an estimate without one mean per objective and constraint.
double violation(const SearchProblem& problem, const calibration::Evaluation& estimate);

struct Design {
  std::vector<double> decisions;
  calibration::Evaluation search;   // the estimate the search saw
  calibration::Evaluation final;    // the re-evaluation (empty if not re-evaluated)
  bool feasible = false;            // by the estimate that decided its place (final if re-evaluated)
  std::string dropped_because;      // empty for a design on the reported front
};

struct GenerationRecord {
  std::size_t generation = 0;        // 0: the initial population
  std::size_t evaluations = 0;       // candidates evaluated so far
  std::size_t feasible = 0;          // feasible designs in the population after selection
  std::size_t front_size = 0;        // designs on its first feasible front
  double hypervolume = 0;            // of that front against the reference point
};

struct SearchResult {
  std::vector<double> reference_point;      // as used, objectives' own units
  std::vector<GenerationRecord> generations;
  std::vector<Design> front;                // after re-evaluation, sorted by the first objective;
                                            // if none is feasible, the least violating (feasible = false)
  std::vector<Design> dropped;              // re-evaluated and dropped, with the reason
  std::vector<Design> final_population;     // the last population as the search saw it
};

// Throws std::invalid_argument for an inconsistent problem or settings
// (bounds of different sizes or empty or not lower < upper, fewer than two
// objectives, a population not a multiple of 4 or below 8, a reference
// point of the wrong size). Lets through whatever the evaluator throws.
SearchResult search(const SearchProblem& problem, const SearchSettings& settings, const calibration::Evaluator& evaluate);

// The hypervolume of the feasible, mutually non-dominated points among
// `objectives` (each in the problem's directions) against `reference`:
// points not strictly better than the reference in every objective add
// nothing. 0 for none.
double hypervolume(const std::vector<Goal>& goals, const std::vector<std::vector<double>>& objectives,
                   const std::vector<double>& reference);

}  // namespace tiaokuai::decisions
