#include "calibration/targets_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "calibration/prior.hpp"
#include "experiments/base_scenario.hpp"
#include "experiments/config_fields.hpp"
#include "experiments/design.hpp"
#include "experiments/run_metrics.hpp"
#include "models/closest_name.hpp"
#include "models/governance/governance_model.hpp"
#include "models/governance/model_version.hpp"
#include "models/scenario_schema.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::calibration {
namespace {

using experiments::check_keys;
using experiments::file_text;
using experiments::number;
using experiments::required;
using experiments::scalar;
using experiments::whole;
using models::ConfigError;
using models::ConfigNode;

const std::vector<std::string> file_keys{"description", "base",    "set",          "replications",     "master_seed",
                                         "targets",     "parameters", "abc_smc",   "history_matching", "predictive_draws"};
const std::vector<std::string> target_keys{"metric", "observed", "sd", "interval", "source", "discrepancy"};
const std::vector<std::string> parameter_keys{"path", "prior", "range", "mean", "sd"};
const std::vector<std::string> prior_names{"uniform", "log_uniform", "normal", "truncated_normal"};
const std::vector<std::string> abc_keys{"population", "quantile", "tolerance", "min_acceptance", "max_generations"};
const std::vector<std::string> history_matching_keys{"points_per_wave", "max_waves", "cutoff", "min_shrink", "kernel"};
const std::vector<std::string> kernels{"squared_exponential", "matern52"};

constexpr double huge = 1e300;

Target read_target(const ConfigNode& node, const std::string& key, const std::vector<experiments::Metric>& reported, double& discrepancy) {
  check_keys(node, key, target_keys);
  Target target;
  target.metric = read_metric(node, key, reported);
  target.observed = number(required(node, "observed", key), key + ".observed", -huge, huge);
  const ConfigNode* sd = node.find("sd");
  const ConfigNode* interval = node.find("interval");
  if ((sd == nullptr) == (interval == nullptr)) {
    throw ConfigError(node.where, key, "give the observation's uncertainty as either sd: S or interval: [low, high] (a 95 % interval)");
  }
  if (sd != nullptr) {
    target.sd = number(*sd, key + ".sd", 0, huge);
    if (!(target.sd > 0)) throw ConfigError(sd->where, key + ".sd", "must be above 0: every target is standardised by it");
    target.low = target.observed - z_95 * target.sd;
    target.high = target.observed + z_95 * target.sd;
  } else {
    if (interval->kind != ConfigNode::Kind::sequence || interval->sequence.size() != 2) {
      throw ConfigError(interval->where, key + ".interval", "expected [low, high]");
    }
    const double low = number(interval->sequence[0], key + ".interval[0]", -huge, huge);
    const double high = number(interval->sequence[1], key + ".interval[1]", -huge, huge);
    if (!(low < high)) throw ConfigError(interval->where, key + ".interval", "low must be below high");
    if (target.observed < low || target.observed > high) {
      throw ConfigError(interval->where, key + ".interval", "does not contain the observed value");
    }
    target.sd = (high - low) / (2 * z_95);
    target.low = low;
    target.high = high;
  }
  const ConfigNode& source = required(node, "source", key);
  target.source = scalar(source, key + ".source");
  if (target.source.empty()) throw ConfigError(source.where, key + ".source", "name the fact's row of docs/sources.md (e.g. S12)");
  discrepancy = 0;
  if (const ConfigNode* d = node.find("discrepancy")) discrepancy = number(*d, key + ".discrepancy", 0, huge);
  return target;
}

void read_abc(const ConfigNode& node, AbcSettings& abc) {
  check_keys(node, "abc_smc", abc_keys);
  if (const ConfigNode* v = node.find("population")) abc.population = whole(*v, "abc_smc.population", 10, 1e6);
  if (const ConfigNode* v = node.find("quantile")) abc.quantile = number(*v, "abc_smc.quantile", 0.05, 0.95);
  if (const ConfigNode* v = node.find("tolerance")) abc.tolerance = number(*v, "abc_smc.tolerance", 0.01, 1e6);
  if (const ConfigNode* v = node.find("min_acceptance")) abc.min_acceptance = number(*v, "abc_smc.min_acceptance", 1e-6, 1);
  if (const ConfigNode* v = node.find("max_generations")) abc.max_generations = whole(*v, "abc_smc.max_generations", 1, 1000);
}

void read_history_matching(const ConfigNode& node, HistoryMatchingSettings& settings) {
  check_keys(node, "history_matching", history_matching_keys);
  if (const ConfigNode* v = node.find("points_per_wave")) settings.points_per_wave = whole(*v, "history_matching.points_per_wave", 5, 1e5);
  if (const ConfigNode* v = node.find("max_waves")) settings.max_waves = whole(*v, "history_matching.max_waves", 1, 100);
  if (const ConfigNode* v = node.find("cutoff")) settings.cutoff = number(*v, "history_matching.cutoff", 0.5, 100);
  if (const ConfigNode* v = node.find("min_shrink")) settings.min_shrink = number(*v, "history_matching.min_shrink", 0, 1);
  if (const ConfigNode* v = node.find("kernel")) {
    settings.kernel = scalar(*v, "history_matching.kernel");
    if (std::find(kernels.begin(), kernels.end(), settings.kernel) == kernels.end()) {
      throw ConfigError(v->where, "history_matching.kernel", "expected squared_exponential or matern52, got '" + settings.kernel + "'");
    }
  }
}

std::string fingerprint(const CalibrationSpec& spec, const models::Scenario& base) {
  std::ostringstream all;
  all.precision(17);
  all << tiaokuai::version << '\n' << models::governance::model_version << '\n' << spec.replications << '\n' << spec.master_seed << '\n';
  all << models::scenario_json(base).dump() << '\n';
  for (std::size_t k = 0; k < spec.targets.size(); ++k) {
    const Target& t = spec.targets[k];
    all << t.metric << ' ' << t.observed << ' ' << t.sd << ' ' << spec.discrepancy_sd[k] << '\n';
  }
  for (const Parameter& p : spec.parameters) {
    all << p.path << ' ' << static_cast<int>(p.prior.kind) << ' ' << p.prior.low << ' ' << p.prior.high << ' ' << p.prior.mean << ' '
        << p.prior.sd << '\n';
  }
  const AbcSettings& a = spec.abc;
  all << a.population << ' ' << a.quantile << ' ' << a.tolerance << ' ' << a.min_acceptance << ' ' << a.max_generations << '\n';
  const HistoryMatchingSettings& h = spec.history_matching;
  all << h.points_per_wave << ' ' << h.max_waves << ' ' << h.cutoff << ' ' << h.min_shrink << ' ' << h.kernel << '\n';
  all << spec.predictive_draws << '\n';
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (const unsigned char c : all.str()) hash = (hash ^ c) * 0x100000001b3ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

// A declared parameter's range as [low, high]; throws for a parameter that
// is not a number.
std::pair<double, double> declared_range(const models::ParameterInfo& info, const ConfigNode& node, const std::string& key) {
  double low = 0, high = 0;
  if ((info.type != "real" && info.type != "integer") || std::sscanf(info.range.c_str(), "[%lf, %lf]", &low, &high) != 2) {
    throw ConfigError(node.where, key, "'" + info.path + "' is a " + info.type + " parameter; only real and integer parameters can be fitted or decided");
  }
  return {low, high};
}

}  // namespace

std::vector<experiments::Metric> base_metrics(const models::Scenario& base) {
  models::governance::GovernanceModel model(base, 0);
  return experiments::run_metrics(model.run());
}

std::string read_metric(const ConfigNode& node, const std::string& key, const std::vector<experiments::Metric>& reported) {
  const ConfigNode& metric = required(node, "metric", key);
  const std::string name = scalar(metric, key + ".metric");
  std::vector<std::string> metrics;
  for (const experiments::Metric& m : reported) metrics.push_back(m.name);
  const auto found = std::find(metrics.begin(), metrics.end(), name);
  if (found != metrics.end() && !std::isfinite(reported[static_cast<std::size_t>(found - metrics.begin())].value)) {
    throw ConfigError(metric.where, key + ".metric",
                      "the base scenario's run reports no value for '" + name +
                          "' (null: e.g. a latency with nothing observed), so no candidate could be compared with it");
  }
  if (found == metrics.end()) {
    std::string message = "'" + name + "' is not a metric of the base scenario's runs";
    const std::string hint = models::closest_name(name, metrics);
    message += hint.empty() ? " (tiaokuai run --json shows them: nested names joined by dots, e.g. rates.resolution_within_deadline)"
                            : " (did you mean '" + hint + "'?)";
    throw ConfigError(metric.where, key + ".metric", message);
  }
  return name;
}

Parameter read_parameter(const ConfigNode& node, const std::string& key) {
  check_keys(node, key, parameter_keys);
  const ConfigNode& path_node = required(node, "path", key);
  Parameter parameter;
  parameter.path = models::canonical_key_path(scalar(path_node, key + ".path"), path_node.where, key + ".path");
  experiments::refuse_seed(parameter.path, path_node.where, key + ".path");
  const models::ParameterInfo info = models::declared_parameter(parameter.path, path_node.where, key + ".path");
  const auto [declared_low, declared_high] = declared_range(info, path_node, key + ".path");
  parameter.integer = info.type == "integer";

  std::string kind = "uniform";
  const ConfigNode* prior_node = node.find("prior");
  if (prior_node != nullptr) kind = scalar(*prior_node, key + ".prior");
  const auto known = std::find(prior_names.begin(), prior_names.end(), kind);
  if (known == prior_names.end()) {
    std::string message = "expected one of uniform|log_uniform|normal|truncated_normal, got '" + kind + "'";
    const std::string hint = models::closest_name(kind, prior_names);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    throw ConfigError(prior_node->where, key + ".prior", message);
  }
  parameter.prior.kind = static_cast<PriorKind>(known - prior_names.begin());
  const bool normal = parameter.prior.kind == PriorKind::normal;
  const bool has_mean = normal || parameter.prior.kind == PriorKind::truncated_normal;
  const ConfigNode* range = node.find("range");
  if (normal && range != nullptr) {
    throw ConfigError(range->where, key + ".range", "a normal prior is truncated to the parameter's declared range " + info.range +
                                                        "; for other bounds use prior: truncated_normal");
  }
  if (normal) {
    parameter.prior.low = declared_low;
    parameter.prior.high = declared_high;
  } else {
    if (range == nullptr) throw ConfigError(node.where, key + ".range", "missing: a " + kind + " prior needs range: [low, high]");
    if (range->kind != ConfigNode::Kind::sequence || range->sequence.size() != 2) {
      throw ConfigError(range->where, key + ".range", "expected [low, high]");
    }
    parameter.prior.low = number(range->sequence[0], key + ".range[0]", declared_low, declared_high);
    parameter.prior.high = number(range->sequence[1], key + ".range[1]", declared_low, declared_high);
    if (!(parameter.prior.low < parameter.prior.high)) throw ConfigError(range->where, key + ".range", "low must be below high");
    if (parameter.prior.kind == PriorKind::log_uniform && !(parameter.prior.low > 0)) {
      throw ConfigError(range->sequence[0].where, key + ".range[0]", "a log_uniform prior needs a range above 0");
    }
  }
  for (const char* field : {"mean", "sd"}) {
    const ConfigNode* value = node.find(field);
    if (has_mean && value == nullptr) throw ConfigError(node.where, key + "." + field, "missing: a " + kind + " prior needs mean and sd");
    if (!has_mean && value != nullptr) throw ConfigError(value->where, key + "." + field, "a " + kind + " prior reads no " + field);
  }
  if (has_mean) {
    parameter.prior.mean = number(*node.find("mean"), key + ".mean", parameter.prior.low, parameter.prior.high);
    // Between a millionth of the support (a point mass no kernel can move)
    // and a million times it (no different from uniform, and beyond what
    // the normal's tails can be computed for).
    const double width = parameter.prior.high - parameter.prior.low;
    parameter.prior.sd = number(*node.find("sd"), key + ".sd", 1e-6 * width, 1e6 * width);
    try {
      check_prior(parameter.prior, parameter.path);
    } catch (const std::invalid_argument& error) {
      throw ConfigError(node.find("sd")->where, key + ".sd", error.what());
    }
  }
  if (parameter.integer && std::floor(parameter.prior.high) - std::ceil(parameter.prior.low) < 1) {
    throw ConfigError(range != nullptr ? range->where : path_node.where, key + ".range",
                      "'" + parameter.path + "' takes whole numbers and this range holds fewer than two of them");
  }
  return parameter;
}

void check_parameter_on_base(const ConfigNode& base, const std::vector<std::string>& fixed, const std::vector<Parameter>& parameters,
                             const ConfigNode& node, const std::string& key, const ParameterRole& role) {
  const Parameter& parameter = parameters.back();
  for (std::size_t j = 0; j + 1 < parameters.size(); ++j) {
    if (parameters[j].path == parameter.path) {
      throw ConfigError(node.where, key + ".path",
                        "'" + parameter.path + "' is already " + role.verb + " (" + role.list + "[" + std::to_string(j) + "])");
    }
  }
  if (std::any_of(fixed.begin(), fixed.end(), [&](const std::string& f) { return f.starts_with(parameter.path + "="); })) {
    throw ConfigError(node.where, key + ".path", "'" + parameter.path + "' is also fixed by set:; a parameter is either fixed or " + role.verb);
  }
  // Both ends of the support must make a valid scenario with the base.
  for (const double end : {parameter.prior.low, parameter.prior.high}) {
    ConfigNode tree = base;
    try {
      models::apply_override(tree, parameter.path + "=" + scenario_value(parameter, end));
      models::read_scenario(tree);
    } catch (const ConfigError& error) {
      throw ConfigError(node.where, key, "the scenario refuses " + parameter.path + " = " + scenario_value(parameter, end) +
                                             " at the edge of the " + role.range + ": " + error.what());
    }
  }
}

std::string scenario_value(const Parameter& parameter, double value) {
  return experiments::format_value(parameter.integer ? std::round(value) : value, parameter.integer);
}

models::ConfigNode with_values(models::ConfigNode tree, const std::vector<Parameter>& parameters, const std::vector<double>& values) {
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    models::apply_override(tree, parameters[i].path + "=" + scenario_value(parameters[i], values[i]));
  }
  return tree;
}

models::ConfigNode candidate_tree(const CalibrationSpec& spec, const std::vector<double>& values) {
  return with_values(spec.base, spec.parameters, values);
}

CalibrationSpec load_targets(const std::string& path) {
  const ConfigNode root = models::parse_yaml_file(path);
  check_keys(root, "", file_keys);
  CalibrationSpec spec;
  spec.file = path;
  spec.text = file_text(path);
  if (const ConfigNode* description = root.find("description")) spec.description = scalar(*description, "description");
  if (const ConfigNode* node = root.find("replications")) spec.replications = static_cast<int>(whole(*node, "replications", 1, 10000));
  if (const ConfigNode* seed = root.find("master_seed")) spec.master_seed = whole(*seed, "master_seed", 0, 9e15);
  if (const ConfigNode* node = root.find("predictive_draws")) spec.predictive_draws = whole(*node, "predictive_draws", 2, 100000);
  if (const ConfigNode* node = root.find("abc_smc")) read_abc(*node, spec.abc);
  if (const ConfigNode* node = root.find("history_matching")) read_history_matching(*node, spec.history_matching);

  experiments::BaseScenario base = experiments::load_base_scenario(root, path, spec.master_seed);
  spec.base_path = base.path.string();
  spec.base = std::move(base.root);
  spec.fixed = std::move(base.fixed);

  const ConfigNode& parameters = required(root, "parameters", "");
  if (parameters.kind != ConfigNode::Kind::sequence || parameters.sequence.empty()) {
    throw ConfigError(parameters.where, "parameters", "expected a non-empty list of parameters to fit");
  }
  for (std::size_t i = 0; i < parameters.sequence.size(); ++i) {
    const std::string key = "parameters[" + std::to_string(i) + "]";
    const ConfigNode& node = parameters.sequence[i];
    spec.parameters.push_back(read_parameter(node, key));
    check_parameter_on_base(spec.base, spec.fixed, spec.parameters, node, key, {"parameters", "fitted", "prior"});
  }

  // An emulator estimates a mean, a length scale per parameter and a
  // variance: history matching needs 2 points per parameter and 2 more.
  const std::size_t fewest_points = 2 * spec.parameters.size() + 2;
  if (spec.history_matching.points_per_wave > 0 && spec.history_matching.points_per_wave < fewest_points) {
    const ConfigNode& node = *root.find("history_matching")->find("points_per_wave");
    throw ConfigError(node.where, "history_matching.points_per_wave",
                      "at least " + std::to_string(fewest_points) + " points per wave for " + std::to_string(spec.parameters.size()) +
                          " parameters (2 per parameter and 2 more, for the emulators' fit)");
  }

  const ConfigNode& targets = required(root, "targets", "");
  if (targets.kind != ConfigNode::Kind::sequence || targets.sequence.empty()) {
    throw ConfigError(targets.where, "targets", "expected a non-empty list of targets");
  }
  const std::vector<experiments::Metric> metrics = base_metrics(base.scenario);
  for (std::size_t k = 0; k < targets.sequence.size(); ++k) {
    const std::string key = "targets[" + std::to_string(k) + "]";
    double discrepancy = 0;
    spec.targets.push_back(read_target(targets.sequence[k], key, metrics, discrepancy));
    spec.discrepancy_sd.push_back(discrepancy);
    for (std::size_t j = 0; j < k; ++j) {
      if (spec.targets[j].metric == spec.targets[k].metric) {
        throw ConfigError(targets.sequence[k].where, key + ".metric",
                          "'" + spec.targets[k].metric + "' is already a target (targets[" + std::to_string(j) + "])");
      }
    }
  }
  spec.fingerprint = fingerprint(spec, base.scenario);
  return spec;
}

}  // namespace tiaokuai::calibration
