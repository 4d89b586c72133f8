#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/effects.hpp"
#include "analysis/report_figures.hpp"

namespace tiaokuai::analysis {

std::string metric_axis(const std::string& metric) {
  if (metric.find("hours") != std::string::npos) return metric + " (hours)";
  if (metric.find("days") != std::string::npos || metric.ends_with(".day")) return metric + " (days)";
  if (metric.starts_with("rates.") || metric.ends_with("_share")) return metric + " (share, 0..1)";
  if (metric == "satisfaction" || metric.find("effort") != std::string::npos) return metric + " (0..1)";
  if (metric.ends_with(".count") || metric.ends_with("attempts")) return metric + " (count)";
  return metric;
}

std::string short_factor(const std::string& path) { return path.starts_with("levers.") ? path.substr(7) : path; }

MeanInterval mean_interval(const std::vector<double>& sample) {
  const Precision p = precision(sample, 0.0);
  if (p.n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan};
  }
  const double half = p.n > 1 ? p.half_width : 0.0;
  return {p.mean, p.mean - half, p.mean + half};
}

double quantile(const std::vector<double>& sorted, double q) {
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (at - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

PanelGrid panel_grid(std::size_t panels, std::size_t columns) {
  const std::size_t c = std::max<std::size_t>(1, std::min(panels, columns));
  return {std::max<std::size_t>(1, (panels + c - 1) / c), c};
}

}  // namespace tiaokuai::analysis
