#pragma once
// Statistics of a weighted sample (an importance-weighted particle
// population): quantiles, mean and covariance, and the effective sample
// size. Weights need not be normalised; they must be >= 0 with a positive sum.

#include <span>
#include <vector>

#include <Eigen/Dense>

namespace tiaokuai::calibration {

// The smallest value whose cumulative normalised weight reaches p (the
// inverse of the weighted empirical CDF), p in [0, 1].
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double p);

// Kish's effective sample size (sum w)^2 / sum w^2: how many equally
// weighted draws the sample is worth.
double effective_sample_size(std::span<const double> weights);

// Weights from their logarithms, normalised to sum to 1; subtracting the
// largest first keeps weights whose logs are far below zero from all
// underflowing. Throws std::runtime_error when every weight is zero.
std::vector<double> normalised_weights(std::span<const double> log_weights);

// Rows of `points` are the draws, columns the coordinates.
Eigen::VectorXd weighted_mean(const Eigen::MatrixXd& points, const Eigen::VectorXd& weights);
// The weighted covariance sum_i w_i (x_i - m)(x_i - m)' / sum_i w_i (no
// small-sample correction: for particle populations it is an estimate of
// the spread, not of a sampling variance).
Eigen::MatrixXd weighted_covariance(const Eigen::MatrixXd& points, const Eigen::VectorXd& weights);

}  // namespace tiaokuai::calibration
