#include "calibration/weighted_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace tiaokuai::calibration {

double weighted_quantile(std::span<const double> values, std::span<const double> weights, double p) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Stable, so equal values keep their order and the answer is the same on any library.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cumulative = 0;
  for (const std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= p * total) return values[i];
  }
  return values[order.back()];
}

double effective_sample_size(std::span<const double> weights) {
  double sum = 0, sum_of_squares = 0;
  for (const double w : weights) {
    sum += w;
    sum_of_squares += w * w;
  }
  return sum_of_squares > 0 ? sum * sum / sum_of_squares : 0.0;
}

std::vector<double> normalised_weights(std::span<const double> log_weights) {
  if (log_weights.empty()) return {};
  const double largest = *std::max_element(log_weights.begin(), log_weights.end());
  if (!std::isfinite(largest)) throw std::runtime_error("every particle's weight is zero or not a number");
  std::vector<double> weights;
  double sum = 0;
  for (const double log_weight : log_weights) {
    weights.push_back(std::exp(log_weight - largest));
    sum += weights.back();
  }
  for (double& weight : weights) weight /= sum;
  return weights;
}

Eigen::VectorXd weighted_mean(const Eigen::MatrixXd& points, const Eigen::VectorXd& weights) {
  return points.transpose() * weights / weights.sum();
}

Eigen::MatrixXd weighted_covariance(const Eigen::MatrixXd& points, const Eigen::VectorXd& weights) {
  const Eigen::MatrixXd centred = points.rowwise() - weighted_mean(points, weights).transpose();
  return centred.transpose() * weights.asDiagonal() * centred / weights.sum();
}

}  // namespace tiaokuai::calibration
