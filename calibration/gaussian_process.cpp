#include "calibration/gaussian_process.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace tiaokuai::calibration {

namespace {

// Hyperparameter search box, on the [0, 1] input scale and relative to the
// variance of y: length scales from 1% of a range (rougher than any design
// of a few dozen points can resolve) to 20 ranges (the input hardly matters).
constexpr double shortest_length_scale = 0.01, longest_length_scale = 20;
constexpr double smallest_signal_share = 1e-6, largest_signal_share = 1e3;
constexpr double smallest_nugget_ratio = 1e-8, largest_nugget_ratio = 1;
constexpr double unfactorisable = 1e300;

}  // namespace

GaussianProcess::GaussianProcess(GaussianProcessData data, Kernel kernel, MeanFunction mean)
    : kernel_(kernel), mean_(mean) {
  const auto n = data.x.rows(), d = data.x.cols();
  if (data.y.size() != n || data.noise_variance.size() != n || data.lower.size() != d || data.upper.size() != d)
    throw std::invalid_argument("Gaussian process: inputs, outputs, noise variances and bounds disagree in size");
  if (!data.x.allFinite() || !data.y.allFinite() || !(data.noise_variance.array() >= 0).all())
    throw std::invalid_argument("Gaussian process: inputs and outputs must be finite and noise variances >= 0 (leave failed runs out)");
  if (!(data.upper.array() > data.lower.array()).all())
    throw std::invalid_argument("Gaussian process: every input needs bounds with lower < upper");
  lower_ = std::move(data.lower);
  span_ = data.upper - lower_;
  unit_x_.resize(n, d);
  for (Eigen::Index i = 0; i < n; ++i) unit_x_.row(i) = unit(data.x.row(i).transpose()).transpose();
  y_ = std::move(data.y);
  noise_variance_ = std::move(data.noise_variance);
  basis_.resize(n, mean_ == MeanFunction::constant ? 1 : d + 1);
  for (Eigen::Index i = 0; i < n; ++i) basis_.row(i) = basis(unit_x_.row(i).transpose()).transpose();
  if (n <= basis_.cols()) throw std::invalid_argument("Gaussian process: more points than mean terms are needed");
}

GaussianProcess::GaussianProcess(GaussianProcessData data, Kernel kernel, MeanFunction mean,
                                 GaussianProcessHyperparameters hyperparameters)
    : GaussianProcess(std::move(data), kernel, mean) {
  if (hyperparameters.length_scales.size() != unit_x_.cols())
    throw std::invalid_argument("Gaussian process: one length scale per input is needed");
  hyperparameters_ = std::move(hyperparameters);
  if (!condition()) throw std::runtime_error("Gaussian process: the covariance matrix is not positive definite");
}

Eigen::VectorXd GaussianProcess::unit(const Eigen::VectorXd& x) const {
  return ((x - lower_).array() / span_.array()).matrix();
}

Eigen::VectorXd GaussianProcess::basis(const Eigen::VectorXd& unit_x) const {
  Eigen::VectorXd h(mean_ == MeanFunction::constant ? 1 : unit_x.size() + 1);
  h(0) = 1;
  if (mean_ == MeanFunction::linear) h.tail(unit_x.size()) = unit_x;
  return h;
}

double GaussianProcess::correlation(const Eigen::VectorXd& unit_a, const Eigen::VectorXd& unit_b) const {
  const double r2 = ((unit_a - unit_b).array() / hyperparameters_.length_scales.array()).square().sum();
  if (kernel_ == Kernel::squared_exponential) return std::exp(-0.5 * r2);
  const double s = std::sqrt(5.0 * r2);  // Matern nu = 5/2 (R&W 2006 eq. 4.17)
  return (1.0 + s + 5.0 * r2 / 3.0) * std::exp(-s);
}

bool GaussianProcess::condition() {
  const auto n = unit_x_.rows();
  Eigen::MatrixXd k(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < i; ++j)
      k(i, j) = k(j, i) = hyperparameters_.signal_variance * correlation(unit_x_.row(i).transpose(), unit_x_.row(j).transpose());
    k(i, i) = hyperparameters_.signal_variance + noise_variance_(i) + hyperparameters_.nugget;
  }
  covariance_.compute(k);
  if (covariance_.info() != Eigen::Success) return false;
  inverse_times_basis_ = covariance_.solve(basis_);
  gls_.compute(basis_.transpose() * inverse_times_basis_);
  if (gls_.info() != Eigen::Success) return false;
  coefficients_ = gls_.solve(inverse_times_basis_.transpose() * y_);
  const Eigen::VectorXd residuals = y_ - basis_ * coefficients_;
  weights_ = covariance_.solve(residuals);
  const double log_determinant = 2.0 * covariance_.matrixLLT().diagonal().array().log().sum();
  log_likelihood_ = -0.5 * residuals.dot(weights_) - 0.5 * log_determinant -
                    0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);
  return std::isfinite(log_likelihood_);
}

GaussianProcessPrediction GaussianProcess::predict(const Eigen::VectorXd& x) const {
  const Eigen::VectorXd u = unit(x);
  const auto n = unit_x_.rows();
  Eigen::VectorXd cross(n);
  for (Eigen::Index i = 0; i < n; ++i) cross(i) = hyperparameters_.signal_variance * correlation(u, unit_x_.row(i).transpose());
  const Eigen::VectorXd h = basis(u);
  GaussianProcessPrediction prediction;
  prediction.mean = h.dot(coefficients_) + cross.dot(weights_);
  // R&W 2006 eq. 2.42: the kriging variance plus the estimated mean's share.
  const Eigen::VectorXd whitened = covariance_.matrixL().solve(cross);
  const Eigen::VectorXd mean_gap = h - inverse_times_basis_.transpose() * cross;
  const double variance = hyperparameters_.signal_variance - whitened.squaredNorm() + mean_gap.dot(gls_.solve(mean_gap));
  prediction.variance = std::max(variance, 0.0);
  return prediction;
}

Eigen::VectorXd GaussianProcess::leave_one_out_standardised_errors() const {
  const auto n = unit_x_.rows();
  const Eigen::MatrixXd inverse = covariance_.solve(Eigen::MatrixXd::Identity(n, n));
  const Eigen::MatrixXd projected = inverse - inverse_times_basis_ * gls_.solve(inverse_times_basis_.transpose());
  return (weights_.array() / projected.diagonal().array().sqrt()).matrix();
}

GaussianProcess fit_gaussian_process(GaussianProcessData data, Kernel kernel, MeanFunction mean,
                                     std::size_t max_likelihood_evaluations) {
  GaussianProcess process(std::move(data), kernel, mean);
  const auto d = static_cast<std::size_t>(process.unit_x_.cols());
  const double spread = (process.y_.array() - process.y_.mean()).square().mean();
  const double scale = spread > 0 ? spread : 1.0;  // a constant output: any scale will do

  // theta = (log length scales, log s2, log nugget/s2).
  std::vector<double> lower(d, std::log(shortest_length_scale)), upper(d, std::log(longest_length_scale));
  lower.push_back(std::log(smallest_signal_share * scale));
  upper.push_back(std::log(largest_signal_share * scale));
  lower.push_back(std::log(smallest_nugget_ratio));
  upper.push_back(std::log(largest_nugget_ratio));

  const auto set_hyperparameters = [&](const std::vector<double>& theta) {
    process.hyperparameters_.length_scales = Eigen::Map<const Eigen::VectorXd>(theta.data(), static_cast<Eigen::Index>(d)).array().exp();
    process.hyperparameters_.signal_variance = std::exp(theta[d]);
    process.hyperparameters_.nugget = std::exp(theta[d]) * std::exp(theta[d + 1]);
  };
  std::vector<double> best_theta;
  double best = std::numeric_limits<double>::infinity();
  auto negative_log_likelihood = [&](const std::vector<double>& theta) {
    set_hyperparameters(theta);
    // An unfactorisable covariance gets a large finite value, which BOBYQA's
    // quadratic models tolerate better than infinity.
    const double value = process.condition() ? -process.log_likelihood_ : unfactorisable;
    if (value < best) {  // kept here, since NLopt may stop with an exception before returning its best
      best = value;
      best_theta = theta;
    }
    return value;
  };
  using Objective = decltype(negative_log_likelihood);
  const auto objective = [](const std::vector<double>& theta, std::vector<double>&, void* context) {
    return (*static_cast<Objective*>(context))(theta);
  };

  const std::vector<double> starting_length_scales{0.1, 0.3, 1.0};
  const auto evaluations_per_start = std::max<std::size_t>(max_likelihood_evaluations / starting_length_scales.size(), 1);
  for (const double length_scale : starting_length_scales) {
    std::vector<double> theta(d, std::log(length_scale));
    theta.push_back(std::log(scale));
    theta.push_back(std::log(1e-6));
    nlopt::opt optimiser(nlopt::LN_BOBYQA, static_cast<unsigned>(d + 2));
    optimiser.set_lower_bounds(lower);
    optimiser.set_upper_bounds(upper);
    optimiser.set_min_objective(objective, &negative_log_likelihood);
    optimiser.set_maxeval(static_cast<int>(evaluations_per_start));
    optimiser.set_xtol_rel(1e-6);
    double value = 0;
    try {
      optimiser.optimize(theta, value);
    } catch (const nlopt::roundoff_limited&) {
      // The best point seen so far is kept in best_theta.
    }
  }
  if (!(best < unfactorisable))
    throw std::runtime_error("Gaussian process: no hyperparameters give a positive definite covariance");
  set_hyperparameters(best_theta);
  process.condition();
  return process;
}

}  // namespace tiaokuai::calibration
