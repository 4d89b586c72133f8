#pragma once
// A Gaussian-process emulator of one simulated output (Rasmussen and
// Williams 2006): it predicts the simulator's mean at an untried parameter
// vector, with the variance of that prediction, from a few simulated
// points. History matching (history_matching.hpp) rules out parameter
// vectors by these predictions instead of simulating them.
//
// Model: y_i = h(x_i)'b + f(x_i) + e_i, where f ~ GP(0, s2 k(x, x')) with
// per-input length scales, e_i ~ N(0, noise_i + nugget) (noise_i: the
// replication variance of a simulated mean, nugget: a small fitted extra),
// and h a constant or linear mean whose coefficients b are estimated by
// generalised least squares (R&W 2006 §2.7). Inputs are mapped to [0, 1] by
// their bounds, so length scales are shares of each input's range.

#include <Eigen/Dense>
#include <cstddef>

namespace tiaokuai::calibration {

enum class Kernel { squared_exponential, matern52 };
enum class MeanFunction { constant, linear };

struct GaussianProcessData {
  Eigen::MatrixXd x;               // n x d, natural scale
  Eigen::VectorXd y;               // n
  Eigen::VectorXd noise_variance;  // n; zeros for a deterministic function
  Eigen::VectorXd lower, upper;    // d; each input's bounds, mapped to [0, 1]
};

struct GaussianProcessHyperparameters {
  Eigen::VectorXd length_scales;  // d, on the [0, 1] scale
  double signal_variance = 1;     // s2
  double nugget = 0;              // added to every point's noise variance
};

struct GaussianProcessPrediction {
  double mean = 0;
  double variance = 0;  // of the latent mean function, including the uncertainty of the estimated b
};

class GaussianProcess {
 public:
  // Conditions on the data with the given hyperparameters. Throws
  // std::invalid_argument if the shapes disagree, a value is not finite, a
  // noise variance is negative or there are too few points for the mean
  // function, std::runtime_error if the covariance matrix is not
  // numerically positive definite.
  GaussianProcess(GaussianProcessData data, Kernel kernel, MeanFunction mean, GaussianProcessHyperparameters hyperparameters);

  GaussianProcessPrediction predict(const Eigen::VectorXd& x) const;

  // For each training point, (y_i - mean_-i) / sd_-i, where mean_-i and
  // sd_-i^2 predict y_i (noise included) from the other points with the same
  // hyperparameters and b re-estimated; in closed form (R&W 2006 §5.4.2,
  // extended to the estimated mean by Dubrule 1983): with
  // P = K^-1 - K^-1 H (H' K^-1 H)^-1 H' K^-1, the error is (P y)_i / sqrt(P_ii).
  // Roughly standard normal when the emulator is honest.
  Eigen::VectorXd leave_one_out_standardised_errors() const;

  double log_likelihood() const { return log_likelihood_; }
  const GaussianProcessHyperparameters& hyperparameters() const { return hyperparameters_; }
  std::size_t points() const { return static_cast<std::size_t>(y_.size()); }

 private:
  friend GaussianProcess fit_gaussian_process(GaussianProcessData data, Kernel kernel, MeanFunction mean,
                                              std::size_t max_likelihood_evaluations);
  GaussianProcess(GaussianProcessData data, Kernel kernel, MeanFunction mean);
  // Factorises the covariance for hyperparameters_; false if it is not
  // positive definite (the optimiser then tries elsewhere).
  bool condition();
  double correlation(const Eigen::VectorXd& unit_a, const Eigen::VectorXd& unit_b) const;
  Eigen::VectorXd unit(const Eigen::VectorXd& x) const;
  Eigen::VectorXd basis(const Eigen::VectorXd& unit_x) const;

  Kernel kernel_;
  MeanFunction mean_;
  Eigen::MatrixXd unit_x_;  // n x d, inputs mapped to [0, 1]
  Eigen::VectorXd y_, noise_variance_, lower_, span_;
  GaussianProcessHyperparameters hyperparameters_;
  Eigen::LLT<Eigen::MatrixXd> covariance_;  // of y: s2 C + diag(noise + nugget)
  Eigen::MatrixXd basis_;                   // n x q, h(x_i)'
  Eigen::MatrixXd inverse_times_basis_;     // K^-1 H
  Eigen::LLT<Eigen::MatrixXd> gls_;         // H' K^-1 H
  Eigen::VectorXd coefficients_;            // b
  Eigen::VectorXd weights_;                 // K^-1 (y - H b) = P y
  double log_likelihood_ = 0;
};

// Maximum likelihood of the hyperparameters (log length scales, log s2,
// log nugget / s2), by NLopt's BOBYQA (Powell 2009) from three deterministic
// starting points (short, medium and long length scales), at most
// max_likelihood_evaluations likelihoods in all. The nugget is kept between
// 1e-8 and 1 times s2: the floor keeps the covariance well conditioned.
// Deterministic: the same data give the same fit.
GaussianProcess fit_gaussian_process(GaussianProcessData data, Kernel kernel, MeanFunction mean,
                                     std::size_t max_likelihood_evaluations = 1500);

}  // namespace tiaokuai::calibration
