#include "experiments/run_metrics.hpp"

#include <limits>

#include "models/governance/run_summary.hpp"

namespace tiaokuai::experiments {
namespace {

void flatten(const nlohmann::ordered_json& node, const std::string& name, std::vector<Metric>& out) {
  if (node.is_number()) {
    out.push_back({name, node.get<double>()});
  } else if (node.is_null()) {
    out.push_back({name, std::numeric_limits<double>::quiet_NaN()});  // summary_json writes NaN as null
  } else if (node.is_object()) {
    for (const auto& [key, child] : node.items()) flatten(child, name.empty() ? key : name + "." + key, out);
  } else if (node.is_array()) {
    for (const auto& entity : node) {
      const std::string prefix = name + "." + entity.at("name").get<std::string>();
      for (const auto& [key, child] : entity.items()) {
        if (key != "name") flatten(child, prefix + "." + key, out);
      }
    }
  }
}

}  // namespace

std::vector<Metric> run_metrics(const models::governance::RunReport& report) {
  nlohmann::ordered_json summary = models::governance::summary_json(report);
  for (const char* input : {"scenario", "mode", "seed", "run_index", "horizon_days", "warm_up_days", "events"}) summary.erase(input);
  std::vector<Metric> metrics;
  flatten(summary, "", metrics);
  return metrics;
}

}  // namespace tiaokuai::experiments
