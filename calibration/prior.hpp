#pragma once
// The priors of calibration parameters (problem.hpp's Prior): draws, the
// normalised density, the CDF and its inverse, and the internal coordinates
// in which the algorithms move parameters. Normal priors are always
// truncated to [low, high], so every prior is a proper density on that
// interval.
//
// Internal coordinates: a log-uniform parameter is moved as log x, so that a
// Gaussian perturbation kernel suits a parameter spanning decades (a step of
// 0.1 in log x is 10 % at any scale); every other parameter is moved as x.

#include "calibration/problem.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {

// The prior's name in a targets file: uniform, log_uniform, normal, truncated_normal.
const char* prior_name(PriorKind kind);

// Throws std::invalid_argument when the prior is not a proper density:
// low >= high or not finite, a log-uniform prior with low <= 0, a normal
// prior with sd <= 0 or not finite.
void check_prior(const Prior& prior, const std::string& path);

// One draw, by inverting the CDF at a uniform draw (one uniform01 per call).
double sample(const Prior& prior, sim::RandomStream& stream);
// The normalised density at x; 0 outside [low, high].
double density(const Prior& prior, double x);
// P(X <= x): 0 below low, 1 above high.
double cdf(const Prior& prior, double x);
// The inverse CDF for p in [0, 1]: quantile(prior, 0) = low, quantile(prior, 1) = high.
double quantile(const Prior& prior, double p);

// Natural value <-> internal coordinate (log x for log-uniform priors, x otherwise).
double to_internal(const Prior& prior, double x);
double to_natural(const Prior& prior, double internal);
// The prior density of the internal coordinate, with the Jacobian dx/du of
// the change of variables; 0 outside the prior's support.
double internal_density(const Prior& prior, double internal);

}  // namespace tiaokuai::calibration
