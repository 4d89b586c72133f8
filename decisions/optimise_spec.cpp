#include "decisions/optimise_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "experiments/base_scenario.hpp"
#include "experiments/config_fields.hpp"
#include "experiments/posterior_design.hpp"
#include "models/closest_name.hpp"
#include "models/governance/model_version.hpp"
#include "models/scenario_schema.hpp"
#include "sim/random_stream.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::decisions {
namespace {

using experiments::check_keys;
using experiments::number;
using experiments::required;
using experiments::scalar;
using experiments::whole;
using models::ConfigError;
using models::ConfigNode;

const std::vector<std::string> file_keys{"description", "base",        "set",    "decisions",       "objectives", "constraints",
                                         "replications", "reevaluation_replications", "master_seed", "search", "posterior"};
const std::vector<std::string> decision_keys{"path", "range"};
const std::vector<std::string> objective_keys{"metric", "goal"};
const std::vector<std::string> constraint_keys{"metric", "at_least", "at_most"};
const std::vector<std::string> search_keys{"population", "generations", "reference_point"};
const std::vector<std::string> posterior_keys{"file", "draws"};
const std::vector<std::string> goals{"minimise", "maximise"};
constexpr double huge = 1e300;

const ConfigNode& sequence(const ConfigNode& root, const std::string& key, bool needed) {
  static const ConfigNode empty{};
  const ConfigNode* node = root.find(key);
  if (node == nullptr) {
    if (needed) throw ConfigError(root.where, key, "missing");
    return empty;
  }
  if (node->kind != ConfigNode::Kind::sequence || (needed && node->sequence.empty())) {
    throw ConfigError(node->where, key, "expected a non-empty list");
  }
  return *node;
}

Goal read_goal(const ConfigNode& node, const std::string& key) {
  const ConfigNode& goal = required(node, "goal", key);
  const std::string& name = scalar(goal, key + ".goal");
  const auto found = std::find(goals.begin(), goals.end(), name);
  if (found == goals.end()) {
    std::string message = "expected minimise or maximise, got '" + name + "'";
    const std::string hint = models::closest_name(name, goals);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    throw ConfigError(goal.where, key + ".goal", message);
  }
  return found == goals.begin() ? Goal::minimise : Goal::maximise;
}

Constraint read_constraint(const ConfigNode& node, const std::string& key) {
  const ConfigNode* at_least = node.find("at_least");
  const ConfigNode* at_most = node.find("at_most");
  if ((at_least == nullptr) == (at_most == nullptr)) {
    throw ConfigError(node.where, key, "give exactly one bound: at_least: V (the metric must reach V) or at_most: V");
  }
  Constraint constraint;
  constraint.at_least = at_least != nullptr;
  constraint.bound = number(at_least != nullptr ? *at_least : *at_most, key + (at_least != nullptr ? ".at_least" : ".at_most"), -huge, huge);
  return constraint;
}

void read_search(const ConfigNode& node, std::size_t objectives, SearchSettings& settings) {
  check_keys(node, "search", search_keys);
  if (const ConfigNode* v = node.find("population")) {
    settings.population = whole(*v, "search.population", 8, 10000);
    if (settings.population % 4 != 0) {
      throw ConfigError(v->where, "search.population", "NSGA-II pairs parents in fours: use a multiple of 4 (e.g. " +
                                                           std::to_string(settings.population / 4 * 4 + 4) + ")");
    }
  }
  if (const ConfigNode* v = node.find("generations")) settings.generations = whole(*v, "search.generations", 1, 100000);
  if (const ConfigNode* v = node.find("reference_point")) {
    if (v->kind != ConfigNode::Kind::sequence || v->sequence.size() != objectives) {
      throw ConfigError(v->where, "search.reference_point", "expected one value per objective (" + std::to_string(objectives) + ")");
    }
    for (std::size_t k = 0; k < objectives; ++k) {
      settings.reference_point.push_back(number(v->sequence[k], "search.reference_point[" + std::to_string(k) + "]", -huge, huge));
    }
  }
}

// The posterior's calibrated parameters that the draws set: those the spec
// neither fixes (set:) nor decides, which the spec's own value wins over, as
// a sweep's set: wins over a draw.
void read_posterior(const ConfigNode& node, const std::string& spec_path, OptimiseSpec& spec,
                    std::vector<calibration::Parameter>& drawn) {
  check_keys(node, "posterior", posterior_keys);
  const ConfigNode& file = required(node, "file", "posterior");
  spec.posterior_file = (std::filesystem::path(spec_path).parent_path() / scalar(file, "posterior.file")).string();
  const std::size_t draws = whole(required(node, "draws", "posterior"), "posterior.draws", 2, 10000);
  experiments::PosteriorSample sample;
  try {
    sample = experiments::read_posterior_file(spec.posterior_file);
  } catch (const ConfigError& error) {
    throw ConfigError(file.where, "posterior.file", error.what());
  }
  auto decided = [&](const std::string& path) {
    return std::any_of(spec.decisions.begin(), spec.decisions.end(), [&](const calibration::Parameter& d) { return d.path == path; }) ||
           std::any_of(spec.evaluation.fixed.begin(), spec.evaluation.fixed.end(), [&](const std::string& f) { return f.starts_with(path + "="); });
  };
  // The draws' own seeds come first (see OptimiseSpec::draws).
  calibration::Parameter seed;
  seed.path = "run.seed";
  seed.integer = true;
  drawn.push_back(seed);
  std::vector<std::size_t> kept;
  for (std::size_t p = 0; p < sample.paths.size(); ++p) {
    if (decided(sample.paths[p])) continue;
    kept.push_back(p);
    calibration::Parameter parameter;
    parameter.path = sample.paths[p];
    parameter.integer = sample.integer[p];
    drawn.push_back(parameter);
  }
  if (kept.empty()) {
    throw ConfigError(file.where, "posterior.file",
                      "every parameter of " + spec.posterior_file +
                          " is a decision or fixed by set:, so its draws would change nothing; drop the posterior: block");
  }
  // Systematic resampling by weight, as a sweep's posterior: block does,
  // on the stream (master seed, 0, posterior/resample).
  sim::RandomStream resample(spec.evaluation.master_seed, 0, "posterior/resample");
  for (const std::size_t particle : experiments::systematic_resample(sample.weights, draws, resample.uniform01())) {
    std::vector<double> values;
    for (const std::size_t p : kept) values.push_back(sample.values[particle][p]);
    spec.draws.push_back(values);
  }
  for (std::size_t d = 0; d < draws; ++d) {
    spec.draw_seeds.push_back(draw_seed(spec.evaluation.master_seed, d));
    spec.reevaluation_draw_seeds.push_back(draw_seed(reevaluation_seed(spec.evaluation.master_seed), d));
  }
}

std::string fingerprint(const OptimiseSpec& spec, const std::string& text, const models::Scenario& base) {
  std::ostringstream all;
  all << tiaokuai::version << '\n' << models::governance::model_version << '\n' << text << '\n' << models::scenario_json(base).dump() << '\n';
  if (!spec.posterior_file.empty()) all << experiments::file_text(spec.posterior_file);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(sim::fnv1a64(all.str())));
  return hex;
}

}  // namespace

std::size_t search_runs(const OptimiseSpec& spec) {
  return spec.settings.population * (spec.settings.generations + 1) * static_cast<std::size_t>(spec.evaluation.replications) *
         std::max<std::size_t>(spec.draws.size(), 1);
}

std::uint64_t draw_seed(std::uint64_t master_seed, std::size_t draw) {
  // Within 0 .. 9e15, so that it passes exactly through a double (the
  // candidates' values) and is a valid run.seed.
  return (master_seed ^ sim::fnv1a64("posterior/draw/" + std::to_string(draw))) % 9000000000000000ULL;
}

std::uint64_t reevaluation_seed(std::uint64_t master_seed) {
  // Within the 0 .. 9e15 that a spec's master_seed takes.
  return (master_seed ^ sim::fnv1a64("reevaluate")) % 9000000000000000ULL;
}

models::ConfigNode design_tree(const OptimiseSpec& spec, const std::vector<double>& decisions) {
  return calibration::with_values(spec.evaluation.base, spec.decisions, decisions);
}

OptimiseSpec load_optimise_spec(const std::string& path) {
  const ConfigNode root = models::parse_yaml_file(path);
  check_keys(root, "", file_keys);
  OptimiseSpec spec;
  spec.file = path;
  calibration::CalibrationSpec& evaluation = spec.evaluation;
  evaluation.file = path;
  evaluation.text = experiments::file_text(path);
  if (const ConfigNode* description = root.find("description")) spec.description = scalar(*description, "description");
  evaluation.description = spec.description;
  if (const ConfigNode* node = root.find("replications")) evaluation.replications = static_cast<int>(whole(*node, "replications", 1, 10000));
  int reevaluation_replications = 5 * evaluation.replications;
  if (const ConfigNode* node = root.find("reevaluation_replications")) {
    reevaluation_replications = static_cast<int>(whole(*node, "reevaluation_replications", 2, 100000));
  }
  if (const ConfigNode* seed = root.find("master_seed")) evaluation.master_seed = whole(*seed, "master_seed", 0, 9e15);
  spec.settings.seed = evaluation.master_seed;

  experiments::BaseScenario base = experiments::load_base_scenario(root, path, evaluation.master_seed);
  evaluation.base_path = base.path.string();
  evaluation.base = std::move(base.root);
  evaluation.fixed = std::move(base.fixed);

  const ConfigNode& decisions = sequence(root, "decisions", true);
  for (std::size_t i = 0; i < decisions.sequence.size(); ++i) {
    const std::string key = "decisions[" + std::to_string(i) + "]";
    const ConfigNode& node = decisions.sequence[i];
    check_keys(node, key, decision_keys);
    required(node, "range", key);  // a decision's bounds are never the parameter's whole declared range by default
    spec.decisions.push_back(calibration::read_parameter(node, key));
    calibration::check_parameter_on_base(evaluation.base, evaluation.fixed, spec.decisions, node, key, {"decisions", "decided", "range"});
    spec.problem.lower.push_back(spec.decisions.back().prior.low);
    spec.problem.upper.push_back(spec.decisions.back().prior.high);
    spec.problem.integer.push_back(spec.decisions.back().integer);
  }

  const std::vector<experiments::Metric> metrics = calibration::base_metrics(base.scenario);
  auto add_measure = [&](const ConfigNode& node, const std::string& key) {
    spec.measures.push_back(calibration::read_metric(node, key, metrics));
    for (std::size_t j = 0; j + 1 < spec.measures.size(); ++j) {
      if (spec.measures[j] == spec.measures.back()) {
        throw ConfigError(node.where, key + ".metric", "'" + spec.measures.back() + "' is already an objective or constraint");
      }
    }
    calibration::Target target;
    target.metric = spec.measures.back();
    target.source = key;
    evaluation.targets.push_back(target);
    evaluation.discrepancy_sd.push_back(0);
  };
  const ConfigNode& objectives = sequence(root, "objectives", true);
  if (objectives.sequence.size() < 2) {
    throw ConfigError(objectives.where, "objectives",
                      "a Pareto front needs at least two objectives; for one, run a sweep and compare its points");
  }
  for (std::size_t k = 0; k < objectives.sequence.size(); ++k) {
    const std::string key = "objectives[" + std::to_string(k) + "]";
    check_keys(objectives.sequence[k], key, objective_keys);
    add_measure(objectives.sequence[k], key);
    spec.problem.objectives.push_back(read_goal(objectives.sequence[k], key));
  }
  const ConfigNode& constraints = sequence(root, "constraints", false);
  for (std::size_t k = 0; k < constraints.sequence.size(); ++k) {
    const std::string key = "constraints[" + std::to_string(k) + "]";
    check_keys(constraints.sequence[k], key, constraint_keys);
    add_measure(constraints.sequence[k], key);
    spec.problem.constraints.push_back(read_constraint(constraints.sequence[k], key));
  }
  if (const ConfigNode* node = root.find("search")) read_search(*node, spec.problem.objectives.size(), spec.settings);

  std::vector<calibration::Parameter> drawn;
  if (const ConfigNode* node = root.find("posterior")) read_posterior(*node, path, spec, drawn);
  evaluation.parameters = drawn;
  evaluation.parameters.insert(evaluation.parameters.end(), spec.decisions.begin(), spec.decisions.end());
  evaluation.fingerprint = fingerprint(spec, evaluation.text, base.scenario);

  spec.reevaluation = evaluation;
  spec.reevaluation.replications = reevaluation_replications;
  spec.reevaluation.master_seed = reevaluation_seed(evaluation.master_seed);
  models::apply_override(spec.reevaluation.base, "run.seed=" + std::to_string(spec.reevaluation.master_seed));
  return spec;
}

}  // namespace tiaokuai::decisions
