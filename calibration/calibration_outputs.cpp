#include "calibration/calibration_outputs.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "analysis/figure.hpp"
#include "calibration/calibration_report.hpp"
#include "calibration/number_text.hpp"
#include "calibration/prior.hpp"
#include "experiments/design.hpp"
#include "models/csv.hpp"
#include "models/scenario_schema.hpp"
#include "tiaokuai/version.hpp"

namespace tiaokuai::calibration {
namespace {

bool is_flat(const models::ConfigNode& node) {
  return std::none_of(node.map.begin(), node.map.end(), [](const models::ConfigEntry& entry) {
    return entry.second.kind == models::ConfigNode::Kind::map || entry.second.kind == models::ConfigNode::Kind::sequence;
  });
}

// The scenario tree as written, not the scenario as read: a value the base
// leaves to its default stays a default, and a county-wide lever stays
// county-wide (the read scenario copies each lever into every department's
// and township's scope, where a later `set: levers.X` would not reach it).
void emit(YAML::Emitter& out, const models::ConfigNode& node, bool in_sequence) {
  using Kind = models::ConfigNode::Kind;
  if (node.kind == Kind::map) {
    if (in_sequence && is_flat(node)) out << YAML::Flow;
    out << YAML::BeginMap;
    for (const models::ConfigEntry& entry : node.map) {
      out << YAML::Key << entry.first << YAML::Value;
      emit(out, entry.second, false);
    }
    out << YAML::EndMap;
  } else if (node.kind == Kind::sequence) {
    const bool scalars = std::none_of(node.sequence.begin(), node.sequence.end(),
                                      [](const models::ConfigNode& item) { return item.kind == Kind::map || item.kind == Kind::sequence; });
    if (scalars) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const models::ConfigNode& item : node.sequence) emit(out, item, true);
    out << YAML::EndSeq;
  } else if (node.kind == Kind::scalar) {
    out << node.scalar;
  } else {
    out << YAML::Null;
  }
}

std::string rounds_csv(const CalibrationResult& result) {
  std::string csv = "stage,round,tolerance,evaluated,accepted,ess,non_implausible_share,evaluations_so_far\n";
  for (const RoundRecord& r : result.rounds) {
    csv += r.stage + "," + std::to_string(r.round) + "," + csv_number(r.tolerance) + "," + std::to_string(r.evaluated) + "," +
           std::to_string(r.accepted) + "," + csv_number(r.ess) + "," + csv_number(r.non_implausible_share) + "," +
           std::to_string(r.evaluations_so_far) + "\n";
  }
  return csv;
}

// The emulators' leave-one-out diagnostic per wave and target.
std::string emulators_csv(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string csv = "wave,metric,loo_share_within_3\n";
  for (std::size_t w = 0; w < result.loo_within_3.size(); ++w) {
    for (std::size_t k = 0; k < result.loo_within_3[w].size(); ++k) {
      csv += std::to_string(w + 1) + "," + models::csv_field(spec.targets[k].metric) + "," + csv_number(result.loo_within_3[w][k]) + "\n";
    }
  }
  return csv;
}

std::string posterior_csv(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string csv = "particle,weight,distance";
  for (const Parameter& p : spec.parameters) (csv += ',') += models::csv_field(p.path);
  csv += "\n";
  for (std::size_t i = 0; i < result.population.size(); ++i) {
    const Particle& particle = result.population[i];
    csv += std::to_string(i) + "," + csv_number(particle.weight) + "," + csv_number(particle.distance);
    for (const double value : particle.values) (csv += ',') += csv_number(value);
    csv += "\n";
  }
  return csv;
}

std::string parameters_csv(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string csv = "parameter,prior,low,high,mean,median,lower_5,upper_95,prior_width_90,width_ratio,identified\n";
  for (std::size_t i = 0; i < result.summary.parameters.size(); ++i) {
    const ParameterSummary& s = result.summary.parameters[i];
    const Prior& prior = spec.parameters[i].prior;
    csv += models::csv_field(s.path) + "," + prior_name(prior.kind) + "," + csv_number(prior.low) + "," + csv_number(prior.high) + "," +
           csv_number(s.mean) + "," + csv_number(s.median) + "," + csv_number(s.lower) + "," + csv_number(s.upper) + "," + csv_number(s.prior_width) +
           "," + csv_number(s.width_ratio) + "," + (s.identified ? "true" : "false") + "\n";
  }
  return csv;
}

std::string correlation_csv(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string csv = "parameter";
  for (const Parameter& p : spec.parameters) (csv += ',') += models::csv_field(p.path);
  csv += "\n";
  for (std::size_t i = 0; i < result.summary.correlation.size(); ++i) {
    csv += models::csv_field(spec.parameters[i].path);
    for (const double r : result.summary.correlation[i]) (csv += ',') += csv_number(r);
    csv += "\n";
  }
  return csv;
}

std::string predictive_csv(const CalibrationSpec& spec, const std::vector<TargetCheck>& checks) {
  std::string csv = "metric,source,observed,sd,simulated_mean,simulated_5,simulated_median,simulated_95,z,consistent,draws\n";
  for (std::size_t k = 0; k < checks.size(); ++k) {
    const TargetCheck& c = checks[k];
    csv += models::csv_field(c.metric) + "," + models::csv_field(spec.targets[k].source) + "," + csv_number(c.observed) + "," + csv_number(c.sd) +
           "," + csv_number(c.simulated_mean) + "," + csv_number(c.simulated_lower) + "," + csv_number(c.simulated_median) + "," +
           csv_number(c.simulated_upper) + "," + csv_number(c.z) + "," + (c.consistent ? "true" : "false") + "," + std::to_string(c.draws) + "\n";
  }
  return csv;
}

// The calibrated point. For a posterior: its best-fitting particle (the
// smallest distance to the targets), a point the posterior holds; the
// medians of the marginals need not be one, and with correlated or
// degenerate weights they can miss targets every good particle meets. A
// history-matching sample has no distances: its medians.
std::vector<double> calibrated_point(const CalibrationResult& result, std::size_t& particle) {
  particle = result.population.size();
  if (!is_sample_only(result)) {
    for (std::size_t i = 0; i < result.population.size(); ++i) {
      const double distance = result.population[i].distance;
      if (std::isfinite(distance) && (particle == result.population.size() || distance < result.population[particle].distance)) particle = i;
    }
  }
  if (particle < result.population.size()) return result.population[particle].values;
  std::vector<double> medians;
  for (const ParameterSummary& s : result.summary.parameters) medians.push_back(s.median);
  return medians;
}

}  // namespace

std::string calibrated_scenario_yaml(const CalibrationSpec& spec, const CalibrationResult& result, const std::string& database) {
  std::size_t particle = 0;
  const std::vector<double> point = calibrated_point(result, particle);
  const bool best_particle = particle < result.population.size();
  const models::ConfigNode tree = candidate_tree(spec, point);
  models::read_scenario(tree);  // the medians of valid candidates can still make an invalid scenario: refuse it here
  std::ostringstream text;
  text << "# Calibrated scenario, written by tiaokuai " << tiaokuai::version << " calibrate --method " << result.method << "\n";
  if (!spec.description.empty()) text << "# " << spec.description << "\n";
  text << "# Targets: " << spec.file << " (" << spec.targets.size() << " targets, " << spec.replications
       << " replications per candidate, master seed " << spec.master_seed << ")\n";
  text << "# Database: " << database << " (" << result.evaluations << " candidates; " << result.stop_reason << ")\n";
  text << "# Base: " << spec.base_path << (spec.fixed.empty() ? "" : ", with the targets file's set:") << "\n";
  if (best_particle) {
    text << "# Each fitted parameter is at the posterior's best-fitting particle (distance " << rounded(result.population[particle].distance, 4)
         << " to the targets); beside it the posterior median, [90 % interval], prior-to-posterior width ratio:\n";
  } else {
    text << "# Each fitted parameter is at its " << (is_sample_only(result) ? "non-implausible sample's" : "posterior") << " median; "
         << "[90 % interval], prior-to-posterior width ratio:\n";
  }
  for (const ParameterSummary& s : result.summary.parameters) {
    const std::size_t k = static_cast<std::size_t>(&s - result.summary.parameters.data());
    text << "#   " << s.path << " = " << scenario_value(spec.parameters[k], point[k])
         << (best_particle ? "  median " + scenario_value(spec.parameters[k], s.median) : std::string()) << "  ["
         << rounded(s.lower, 4) << ", " << rounded(s.upper, 4) << "]  ratio " << rounded(s.width_ratio, 3)
         << (s.identified ? "" : "  (not pinned down by the targets: posterior about the prior)") << "\n";
  }
  text << "# A point is one value: run over the whole posterior with a sweep's design: posterior.\n";
  text << scenario_tree_yaml(tree);
  return text.str();
}

std::string scenario_tree_yaml(const models::ConfigNode& tree) {
  YAML::Emitter out;
  emit(out, tree, false);
  return std::string(out.c_str()) + "\n";
}

std::string calibration_summary_text(const CalibrationSpec& spec, const CalibrationResult& result, const std::vector<TargetCheck>& checks) {
  std::ostringstream text;
  text << spec.file << ": " << result.method << ", " << spec.parameters.size() << " parameters, " << spec.targets.size() << " targets\n";
  std::size_t wave = 0;
  for (const RoundRecord& r : result.rounds) {
    if (r.stage == "hm") {
      // The emulators' leave-one-out diagnostic (Bastos and O'Hagan 2009):
      // about 99 % of standardised errors lie within 3 for a sound emulator.
      double worst_loo = 1;
      for (const double share : result.loo_within_3.at(wave++)) worst_loo = std::min(worst_loo, share);
      text << "  wave " << r.round << ": " << r.evaluated << " candidates, non-implausible share of the prior " << rounded(r.non_implausible_share, 3)
           << ", emulators' leave-one-out errors within 3 sd: " << rounded(100 * worst_loo, 3) << " % (worst target)\n";
    } else {
      text << "  " << (r.stage == "abc" ? "generation " : "rejection ") << r.round << ": tolerance " << rounded(r.tolerance, 3) << ", accepted "
           << r.accepted << " of " << r.evaluated << ", ESS " << rounded(r.ess, 4) << "\n";
    }
  }
  if (result.posterior_step > 0) {
    text << "  final importance step: " << result.posterior_step
         << " candidates drawn around the last population, weighted by prior x likelihood / proposal\n";
  }
  text << "  stopped: " << result.stop_reason << "; " << result.evaluations << " candidates x " << spec.replications << " replications";
  if (!is_sample_only(result)) text << "; final ESS " << rounded(result.ess, 4);
  text << "\n";
  const double population = static_cast<double>(result.population.size());
  if (!is_sample_only(result) && result.ess < 0.1 * population) {
    text << "  WARNING: an ESS of " << rounded(result.ess, 3) << " from " << result.population.size()
         << " particles: a few particles carry the weight, so the intervals below rest on them and are not reliable. "
            "Either some targets cannot be met together (see the predictive check) or the final tolerance was not reached; "
            "a larger population or a model discrepancy for the facts the model cannot reproduce helps.\n";
  }
  text << "\n";
  text << (is_sample_only(result) ? "non-implausible sample (equally weighted; not a posterior):\n" : "posterior:\n");
  char line[512];
  std::snprintf(line, sizeof line, "  %-40s %11s %11s %23s %8s\n", "parameter", "mean", "median", "90 % interval", "narrower");
  text << line;
  std::size_t unidentified = 0;
  for (const ParameterSummary& s : result.summary.parameters) {
    const std::string interval = interval_text(s.lower, s.upper, 4);
    std::snprintf(line, sizeof line, "  %-40s %11s %11s %23s %7sx%s\n", s.path.c_str(), rounded(s.mean, 4).c_str(), rounded(s.median, 4).c_str(),
                  interval.c_str(), rounded(s.width_ratio, 3).c_str(), s.identified ? "" : "  not identified");
    text << line;
    unidentified += s.identified ? 0 : 1;
  }
  if (unidentified > 0) {
    text << "  'not identified': the targets do not pin this parameter down; its posterior is about its prior (narrower by less than "
         << rounded(identified_width_ratio, 3) << "x), so any value in the prior is as consistent with the data.\n";
  }
  text << "\nposterior predictive check (" << (checks.empty() ? 0 : checks.front().draws) << " draws):\n";
  std::snprintf(line, sizeof line, "  %-45s %10s %10s %23s %7s\n", "target", "observed", "simulated", "90 % of draws", "z");
  text << line;
  std::size_t inconsistent = 0;
  for (const TargetCheck& c : checks) {
    const std::string band = interval_text(c.simulated_lower, c.simulated_upper, 4);
    std::snprintf(line, sizeof line, "  %-45s %10s %10s %23s %7s%s\n", c.metric.c_str(), rounded(c.observed, 4).c_str(),
                  rounded(c.simulated_mean, 4).c_str(), band.c_str(), rounded(c.z, 3).c_str(), c.consistent ? "" : "  NOT MATCHED");
    text << line;
    inconsistent += c.consistent ? 0 : 1;
  }
  if (inconsistent > 0) {
    text << "  NOT MATCHED: the calibrated model misses this target by more than 2 predictive standard deviations; no value of the fitted "
            "parameters inside their priors reproduces it, so the model (or the target) needs another look.\n";
  }
  return text.str();
}

void write_calibration_outputs(const std::string& folder, const CalibrationSpec& spec, const CalibrationResult& result,
                               const std::vector<TargetCheck>& checks, const std::string& database) {
  // The report first: without gnuplot it fails before anything is created.
  std::vector<analysis::ReportFile> files = calibration_report(spec, result, checks);
  files.insert(files.begin(), {{"posterior.csv", posterior_csv(spec, result)},
                               {"parameters.csv", parameters_csv(spec, result)},
                               {"correlation.csv", correlation_csv(spec, result)},
                               {"rounds.csv", rounds_csv(result)},
                               {"emulators.csv", emulators_csv(spec, result)},
                               {"predictive.csv", predictive_csv(spec, checks)},
                               {"calibrated.yaml", calibrated_scenario_yaml(spec, result, database)},
                               {"summary.txt", calibration_summary_text(spec, result, checks)}});
  analysis::write_files_all_or_none(folder, {analysis::figures_folder}, files);
}

}  // namespace tiaokuai::calibration
