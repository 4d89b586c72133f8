#include "analysis/point_choice.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "experiments/variant_roles.hpp"

namespace tiaokuai::analysis {
namespace {

double mean_of(const std::vector<double>& sample) {
  if (sample.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (const double v : sample) sum += v;
  return sum / static_cast<double>(sample.size());
}

}  // namespace

std::vector<std::string> factor_levels(const SweepResults& results, std::size_t factor) {
  std::vector<std::string> levels;
  std::vector<double> numbers;
  bool numeric = true;
  for (std::size_t p = 0; p < results.points(); ++p) {
    const std::string& value = results.values[p][factor];
    if (std::find(levels.begin(), levels.end(), value) != levels.end()) continue;
    levels.push_back(value);
    numbers.push_back(results.numbers[p][factor]);
    numeric = numeric && !std::isnan(results.numbers[p][factor]);
  }
  if (!numeric) return levels;
  std::vector<std::size_t> order(levels.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&numbers](std::size_t a, std::size_t b) { return numbers[a] < numbers[b]; });
  std::vector<std::string> sorted;
  for (const std::size_t i : order) sorted.push_back(levels[i]);
  return sorted;
}

std::size_t factorial_centre(const SweepResults& results) {
  std::vector<std::string> centre;
  for (std::size_t f = 0; f < results.factors.size(); ++f) {
    const std::vector<std::string> levels = factor_levels(results, f);
    if (levels.empty()) return 0;
    centre.push_back(levels[(levels.size() - 1) / 2]);
  }
  for (std::size_t p = 0; p < results.points(); ++p) {
    if (results.values[p] == centre) return p;
  }
  return 0;
}

bool is_lever(const std::string& path) {
  static const std::vector<std::string> deviations{"levers.over_calling", "levers.under_calling", "levers.formalism"};
  return path.starts_with("levers.") && std::find(deviations.begin(), deviations.end(), path) == deviations.end();
}

std::vector<std::size_t> changed_factors(const SweepResults& results, std::size_t point, std::size_t base) {
  std::vector<std::size_t> changed;
  for (std::size_t f = 0; f < results.factors.size(); ++f) {
    if (results.values[point][f] != results.values[base][f]) changed.push_back(f);
  }
  return changed;
}

bool compares_levers(const SweepResults& results, std::size_t point, std::size_t base) {
  if (const experiments::VariantRole* role = experiments::find_variant_role(results.roles[point])) return role->one_lever;
  const std::vector<std::size_t> changed = changed_factors(results, point, base);
  return !changed.empty() && std::all_of(changed.begin(), changed.end(), [&results](std::size_t f) { return is_lever(results.factors[f]); });
}

bool crossed_with_posterior_draws(const SweepResults& results) {
  return results.design == "variants" && results.points() > 0 &&
         std::all_of(results.labels.begin(), results.labels.end(), [](const std::string& label) { return label.starts_with("draw:"); });
}

std::vector<std::size_t> relevant_points(const SweepResults& results, std::size_t base, std::size_t metric, std::size_t cap) {
  std::vector<double> means(results.points());
  for (std::size_t p = 0; p < results.points(); ++p) means[p] = mean_of(results.sample(p, metric));
  std::vector<std::size_t> chosen{base};
  const auto add = [&chosen, cap](std::size_t p) {
    if (chosen.size() < cap && std::find(chosen.begin(), chosen.end(), p) == chosen.end()) chosen.push_back(p);
  };
  std::vector<std::size_t> with_value;
  for (std::size_t p = 0; p < results.points(); ++p) {
    if (!std::isnan(means[p])) with_value.push_back(p);
  }
  if (!with_value.empty()) {
    const auto by_mean = [&means](std::size_t a, std::size_t b) { return means[a] < means[b]; };
    add(*std::min_element(with_value.begin(), with_value.end(), by_mean));
    add(*std::max_element(with_value.begin(), with_value.end(), by_mean));
  }
  const double base_mean = means[base];
  const auto distance = [&](std::size_t p) {
    const double d = std::abs(means[p] - base_mean);
    return std::isnan(d) ? -1.0 : d;  // no value (or no base value): last
  };
  std::vector<std::size_t> others(results.points());
  for (std::size_t p = 0; p < others.size(); ++p) others[p] = p;
  std::stable_sort(others.begin(), others.end(), [&distance](std::size_t a, std::size_t b) { return distance(a) > distance(b); });
  for (const std::size_t p : others) add(p);
  return chosen;
}

}  // namespace tiaokuai::analysis
