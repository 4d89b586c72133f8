#include "decisions/noisy_nsga2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/bfe.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/utils/hypervolume.hpp>
#include <pagmo/utils/multi_objective.hpp>
#include <stdexcept>
#include <utility>

#include "calibration/number_text.hpp"
#include "sim/random_stream.hpp"

// How pagmo meets the evaluator. pagmo 2.18's nsga2::evolve, given a batch
// fitness evaluator (set_bfe), builds all of a generation's offspring first
// (population-size many) and calls the bfe once with them; the population
// constructor taking a bfe calls it once with the whole initial population.
// So every generation reaches our evaluator as one batch, which the real
// evaluator runs in parallel. The search evolves one generation per evolve
// call (the algorithm's random engine carries on between calls), so that it
// can name each batch and record the population after each selection. The
// batch number still counts up within a round, so if a pagmo version split
// a generation into several calls, each call would get its own key.
//
// nsga2 refuses constrained problems, so the fitness pagmo sees builds Deb's
// constrained domination in: a feasible design's objectives (signed for
// minimisation); an infeasible design gets the same value in every
// objective, above any feasible value and increasing in its violation, so
// every feasible design dominates it and infeasible designs dominate each
// other in order of violation. The real estimates are kept beside, keyed by
// the decision vector and that fitness, and are what the result reports.

namespace tiaokuai::decisions {

namespace {

using calibration::Evaluation;
using pagmo::vector_double;

// Above any objective a simulated measure reaches; infeasible designs get
// values in [penalty, 2 penalty]. log1p keeps them finite (log1p of the
// largest double is about 710) and increasing in the violation.
constexpr double penalty = 1e100;

double penalised_value(double violation) {
  if (std::isinf(violation)) return 2 * penalty;
  return penalty * (1 + std::log1p(violation) / 1000);
}

// The objectives of `values` (own directions) signed so that less is better.
vector_double minimising(const std::vector<Goal>& goals, const std::vector<double>& values) {
  vector_double signed_values(goals.size());
  for (std::size_t k = 0; k < goals.size(); ++k) signed_values[k] = goals[k] == Goal::maximise ? -values[k] : values[k];
  return signed_values;
}

// A design as constrained domination sees it.
struct Judged {
  vector_double objectives;  // signed for minimisation
  double violation = 0;
};

Judged judge(const SearchProblem& problem, const Evaluation& estimate) {
  return {minimising(problem.objectives, estimate.mean), violation(problem, estimate)};
}

// Deb's constrained domination: a feasible design dominates an infeasible
// one, the smaller violation dominates the larger, and of two feasible
// designs Pareto dominance decides.
bool constrained_dominates(const Judged& a, const Judged& b) {
  if (a.violation == 0 && b.violation == 0) return pagmo::pareto_dominance(a.objectives, b.objectives);
  return a.violation < b.violation;
}

// Indices of the designs no other design constrained-dominates.
std::vector<std::size_t> first_front(const std::vector<Judged>& designs) {
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < designs.size(); ++i) {
    const bool dominated = std::any_of(designs.begin(), designs.end(),
                                       [&](const Judged& other) { return constrained_dominates(other, designs[i]); });
    if (!dominated) front.push_back(i);
  }
  return front;
}

vector_double pagmo_fitness(const Judged& design) {
  if (design.violation == 0) return design.objectives;
  return vector_double(design.objectives.size(), penalised_value(design.violation));
}

// What the evaluations of one search share: pagmo copies the problem and
// the batch evaluator, so both reach this through a pointer.
struct SearchState {
  const SearchProblem* problem = nullptr;
  const calibration::Evaluator* evaluate = nullptr;
  calibration::BatchKey key;    // the next batch's; batch counts up within the round
  std::size_t evaluations = 0;  // candidates sent to the evaluator, re-evaluation excluded
  std::map<std::pair<vector_double, vector_double>, Evaluation> estimates;  // by (decisions, pagmo fitness)

  std::vector<Evaluation> evaluate_batch(const calibration::Candidates& candidates) {
    std::vector<Evaluation> estimates_now = (*evaluate)(key, candidates);
    const std::size_t measures = problem->objectives.size() + problem->constraints.size();
    const bool well_formed = estimates_now.size() == candidates.size() &&
                             std::all_of(estimates_now.begin(), estimates_now.end(), [&](const Evaluation& e) {
                               return e.mean.size() == measures && e.variance_of_mean.size() == measures;
                             });
    if (!well_formed) {
      throw std::runtime_error("noisy NSGA-II: the evaluator's answer to batch " + key.stage + " " +
                               std::to_string(key.round) + "/" + std::to_string(key.batch) +
                               " is not one estimate of " + std::to_string(measures) + " measures per candidate for " +
                               std::to_string(candidates.size()) + " candidates");
    }
    ++key.batch;
    return estimates_now;
  }

  const Evaluation& estimate_of(const vector_double& x, const vector_double& f) const { return estimates.at({x, f}); }
};

// The batch fitness evaluator pagmo calls with a batch of candidates laid
// end to end.
struct BatchFitness {
  SearchState* state = nullptr;

  vector_double operator()(const pagmo::problem&, const vector_double& laid_out) const {
    const std::size_t n = state->problem->lower.size();
    calibration::Candidates candidates;
    for (std::size_t start = 0; start < laid_out.size(); start += n) {
      candidates.emplace_back(laid_out.begin() + static_cast<std::ptrdiff_t>(start),
                              laid_out.begin() + static_cast<std::ptrdiff_t>(start + n));
    }
    const std::vector<Evaluation> estimates = state->evaluate_batch(candidates);
    state->evaluations += candidates.size();
    vector_double fitnesses;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      vector_double f = pagmo_fitness(judge(*state->problem, estimates[i]));
      fitnesses.insert(fitnesses.end(), f.begin(), f.end());
      state->estimates[{candidates[i], std::move(f)}] = estimates[i];
    }
    return fitnesses;
  }
};

struct PagmoProblem {
  SearchState* state = nullptr;

  std::pair<vector_double, vector_double> get_bounds() const { return {state->problem->lower, state->problem->upper}; }
  vector_double::size_type get_nobj() const { return state->problem->objectives.size(); }
  // Every candidate goes through BatchFitness, so that it reaches the
  // evaluator inside a named batch; pagmo calls fitness() only for
  // individuals added without a bfe, which this search never does.
  vector_double fitness(const vector_double&) const {
    throw std::logic_error("noisy NSGA-II: a candidate was evaluated outside a batch");
  }
};

// Search estimates of the population's designs, in population order.
std::vector<Design> designs_of(const SearchProblem& problem, const SearchState& state, const pagmo::population& pop) {
  std::vector<Design> designs;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    Design design;
    design.decisions = pop.get_x()[i];
    design.search = state.estimate_of(pop.get_x()[i], pop.get_f()[i]);
    design.feasible = violation(problem, design.search) == 0;
    designs.push_back(std::move(design));
  }
  return designs;
}

// Only the current population's estimates are looked up again.
void keep_estimates_of(SearchState& state, const pagmo::population& pop) {
  decltype(state.estimates) kept;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    const std::pair<vector_double, vector_double> key{pop.get_x()[i], pop.get_f()[i]};
    kept.emplace(key, state.estimates.at(key));
  }
  state.estimates = std::move(kept);
}

// Each objective's worst value among the feasible designs (all designs if
// none is feasible), moved away by 10 % of their range; if they span none
// (one feasible design), by 10 % of all designs' range, else by 10 % of the
// value (1 for 0), so that the margin has the objective's own scale. NaN
// for an objective without a finite value: then no design adds hypervolume.
std::vector<double> derived_reference(const SearchProblem& problem, const std::vector<Design>& initial) {
  const bool any_feasible = std::any_of(initial.begin(), initial.end(), [](const Design& d) { return d.feasible; });
  std::vector<double> reference;
  for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
    const double sign = problem.objectives[k] == Goal::maximise ? -1 : 1;
    // The range of the objective (minimisation sign) over the designs `counted` admits.
    auto range = [&](auto counted) {
      double best = std::numeric_limits<double>::infinity(), worst = -best;
      for (const Design& design : initial) {
        const double value = sign * design.search.mean[k];
        if (counted(design) && std::isfinite(value)) {
          best = std::min(best, value);
          worst = std::max(worst, value);
        }
      }
      return std::pair{best, worst};
    };
    const auto [best, worst] = range([&](const Design& d) { return d.feasible || !any_feasible; });
    if (worst < best) {
      reference.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const auto [all_best, all_worst] = range([](const Design&) { return true; });
    const double margin = worst > best           ? 0.1 * (worst - best)
                          : all_worst > all_best ? 0.1 * (all_worst - all_best)
                          : worst != 0           ? 0.1 * std::abs(worst)
                                                 : 1.0;
    reference.push_back(sign * (worst + margin));
  }
  return reference;
}

GenerationRecord record(const SearchProblem& problem, std::size_t generation, std::size_t evaluations,
                        const std::vector<Design>& population, const std::vector<double>& reference) {
  GenerationRecord entry;
  entry.generation = generation;
  entry.evaluations = evaluations;
  std::vector<std::vector<double>> feasible_objectives;
  std::vector<vector_double> signed_objectives;
  for (const Design& design : population) {
    if (!design.feasible) continue;
    const std::vector<double> objectives(
        design.search.mean.begin(),
        design.search.mean.begin() + static_cast<std::ptrdiff_t>(problem.objectives.size()));
    signed_objectives.push_back(minimising(problem.objectives, objectives));
    feasible_objectives.push_back(objectives);
  }
  entry.feasible = feasible_objectives.size();
  for (const vector_double& point : signed_objectives) {
    entry.front_size += std::none_of(signed_objectives.begin(), signed_objectives.end(),
                                     [&](const vector_double& other) { return pagmo::pareto_dominance(other, point); });
  }
  entry.hypervolume = hypervolume(problem.objectives, feasible_objectives, reference);
  return entry;
}

std::string objectives_text(const SearchProblem& problem, const Evaluation& estimate) {
  std::string text = "(";
  for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
    text += (k ? ", " : "") + calibration::rounded(estimate.mean[k], 4);
  }
  return text + ")";
}

// Two decision vectors the simulator takes alike: equal, integer decisions
// compared rounded.
bool same_design(const SearchProblem& problem, const std::vector<double>& a, const std::vector<double>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool integer = i < problem.integer.size() && problem.integer[i];
    if (integer ? std::round(a[i]) != std::round(b[i]) : a[i] != b[i]) return false;
  }
  return true;
}

// The final population's first front (search estimates, duplicates
// removed) evaluated again; the reported front is recomputed from the
// re-evaluations alone.
void reevaluate(const SearchProblem& problem, SearchState& state, SearchResult& result) {
  std::vector<Judged> searched;
  for (const Design& design : result.final_population) searched.push_back(judge(problem, design.search));
  std::vector<Design> candidates;
  for (std::size_t i : first_front(searched)) {
    const Design& design = result.final_population[i];
    const bool repeated = std::any_of(candidates.begin(), candidates.end(),
                                      [&](const Design& kept) { return same_design(problem, kept.decisions, design.decisions); });
    if (!repeated) candidates.push_back(design);
  }
  calibration::Candidates decisions;
  for (const Design& design : candidates) decisions.push_back(design.decisions);
  state.key = {"reevaluate", 0, 0};
  const std::vector<Evaluation> finals = state.evaluate_batch(decisions);

  std::vector<Judged> judged;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    candidates[i].final = finals[i];
    judged.push_back(judge(problem, finals[i]));
    candidates[i].feasible = judged[i].violation == 0;
  }
  std::vector<std::size_t> front = first_front(judged);
  // By the first objective's value, NaN last, then by the decisions, so that the order does not depend on pagmo's.
  std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    const double fa = candidates[a].final.mean[0], fb = candidates[b].final.mean[0];
    if (std::isnan(fa) != std::isnan(fb)) return std::isnan(fb);
    if (fa != fb && !std::isnan(fa)) return fa < fb;
    return candidates[a].decisions < candidates[b].decisions;
  });
  for (std::size_t i : front) result.front.push_back(candidates[i]);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (std::find(front.begin(), front.end(), i) != front.end()) continue;
    Design dropped = candidates[i];
    if (!dropped.feasible) {
      dropped.dropped_because =
          "infeasible after re-evaluation (violation " + calibration::rounded(judged[i].violation, 4) + ")";
    } else {
      // Constrained domination is transitive, so a design on the front dominates it.
      const auto by = std::find_if(front.begin(), front.end(),
                                   [&](std::size_t j) { return constrained_dominates(judged[j], judged[i]); });
      dropped.dropped_because =
          "dominated after re-evaluation by front design " + std::to_string(by - front.begin() + 1) + " " +
          objectives_text(problem, candidates[*by].final);
    }
    result.dropped.push_back(std::move(dropped));
  }
}

void validate(const SearchProblem& problem, const SearchSettings& settings) {
  auto refuse = [](const std::string& why) { throw std::invalid_argument("noisy NSGA-II: " + why); };
  if (problem.lower.empty() || problem.lower.size() != problem.upper.size()) {
    refuse("the bounds need one lower and one upper value per decision (" + std::to_string(problem.lower.size()) +
           " lower, " + std::to_string(problem.upper.size()) + " upper)");
  }
  if (!problem.integer.empty() && problem.integer.size() != problem.lower.size()) {
    refuse("the integer flags need one value per decision (" + std::to_string(problem.integer.size()) + " for " +
           std::to_string(problem.lower.size()) + " decisions)");
  }
  for (std::size_t i = 0; i < problem.lower.size(); ++i) {
    if (!(std::isfinite(problem.lower[i]) && std::isfinite(problem.upper[i]) && problem.lower[i] < problem.upper[i])) {
      refuse("decision " + std::to_string(i) + " needs finite bounds with lower < upper");
    }
  }
  if (problem.objectives.size() < 2) refuse("a multi-objective search needs at least two objectives");
  if (settings.population < 8 || settings.population % 4 != 0) {
    refuse("the population must be a multiple of 4 and at least 8 (pagmo's nsga2), not " +
           std::to_string(settings.population));
  }
  if (!settings.reference_point.empty() && settings.reference_point.size() != problem.objectives.size()) {
    refuse("the reference point needs one value per objective (" + std::to_string(problem.objectives.size()) +
           "), not " + std::to_string(settings.reference_point.size()));
  }
  if (!(settings.crossover_probability >= 0 && settings.crossover_probability < 1)) {
    refuse("the crossover probability must be in [0, 1)");
  }
  if (!(settings.crossover_distribution >= 1 && settings.crossover_distribution <= 100) ||
      !(settings.mutation_distribution >= 1 && settings.mutation_distribution <= 100)) {
    refuse("the crossover and mutation distribution indices must be in [1, 100]");
  }
}

}  // namespace

double violation(const SearchProblem& problem, const calibration::Evaluation& estimate) {
  if (estimate.mean.size() != problem.objectives.size() + problem.constraints.size()) {
    throw std::invalid_argument("violation: the estimate needs one mean per objective and constraint");
  }
  // A non-finite objective is as unusable as a NaN: counted like one.
  for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
    if (!std::isfinite(estimate.mean[k])) return std::numeric_limits<double>::infinity();
  }
  double total = 0;
  for (std::size_t c = 0; c < problem.constraints.size(); ++c) {
    const double value = estimate.mean[problem.objectives.size() + c];
    if (std::isnan(value)) return std::numeric_limits<double>::infinity();
    const Constraint& constraint = problem.constraints[c];
    total += std::max(0.0, constraint.at_least ? constraint.bound - value : value - constraint.bound);
  }
  return total;
}

double hypervolume(const std::vector<Goal>& goals, const std::vector<std::vector<double>>& objectives,
                   const std::vector<double>& reference) {
  if (reference.size() != goals.size()) {
    throw std::invalid_argument("hypervolume: the reference point needs one value per objective");
  }
  const vector_double signed_reference = minimising(goals, reference);
  std::vector<vector_double> inside;
  for (const std::vector<double>& point : objectives) {
    if (point.size() != goals.size()) throw std::invalid_argument("hypervolume: a point needs one value per objective");
    vector_double signed_point = minimising(goals, point);
    bool better = true;  // false for NaN too
    for (std::size_t k = 0; k < goals.size(); ++k) better = better && signed_point[k] < signed_reference[k];
    if (better) inside.push_back(std::move(signed_point));
  }
  // pagmo's algorithms expect a non-dominated set without repeats.
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  std::vector<vector_double> front;
  for (const vector_double& point : inside) {
    if (std::none_of(inside.begin(), inside.end(),
                     [&](const vector_double& other) { return pagmo::pareto_dominance(other, point); })) {
      front.push_back(point);
    }
  }
  if (front.empty()) return 0;
  return pagmo::hypervolume(front, true).compute(signed_reference);
}

SearchResult search(const SearchProblem& problem, const SearchSettings& settings,
                    const calibration::Evaluator& evaluate) {
  validate(problem, settings);
  SearchState state;
  state.problem = &problem;
  state.evaluate = &evaluate;
  const pagmo::problem pagmo_problem{PagmoProblem{&state}};
  const pagmo::bfe batch_fitness{BatchFitness{&state}};

  // pagmo takes 32-bit seeds: one 64-bit hash of the seed gives both, so
  // the initial population and the algorithm draw from unrelated streams.
  const std::uint64_t seeds = sim::splitmix64(settings.seed);
  state.key = {"initial", 0, 0};
  pagmo::population pop(pagmo_problem, batch_fitness, settings.population, static_cast<unsigned>(seeds));
  pagmo::nsga2 algorithm(1u, settings.crossover_probability, settings.crossover_distribution,
                         1.0 / static_cast<double>(problem.lower.size()), settings.mutation_distribution,
                         static_cast<unsigned>(seeds >> 32));
  algorithm.set_bfe(batch_fitness);

  SearchResult result;
  result.final_population = designs_of(problem, state, pop);
  result.reference_point =
      settings.reference_point.empty() ? derived_reference(problem, result.final_population) : settings.reference_point;
  result.generations.push_back(record(problem, 0, state.evaluations, result.final_population, result.reference_point));
  for (std::size_t generation = 1; generation <= settings.generations; ++generation) {
    state.key = {"generation", generation, 0};
    pop = algorithm.evolve(pop);
    keep_estimates_of(state, pop);
    result.final_population = designs_of(problem, state, pop);
    result.generations.push_back(
        record(problem, generation, state.evaluations, result.final_population, result.reference_point));
  }
  reevaluate(problem, state, result);
  return result;
}

}  // namespace tiaokuai::decisions
