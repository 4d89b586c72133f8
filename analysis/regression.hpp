#pragma once
// Ordinary least squares (Eigen), and the lever metamodel: a metric regressed
// on the standardised numeric factors of a sweep, main effects and two-way
// interactions, so coefficients compare across levers measured in
// different units.

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

struct RegressionFit {
  std::vector<std::string> terms;      // "(intercept)", factor paths, "a x b"
  Eigen::VectorXd coefficients, standard_errors;
  double r_squared = 0;
  std::size_t observations = 0;
};

// y = X b + e by column-pivoting QR; standard errors from s^2 (X'X)^-1.
// Throws std::invalid_argument if there are no more observations than terms.
RegressionFit ordinary_least_squares(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::vector<std::string> terms);

// One observation per finished run. Factors and the metric are standardised
// (z-scores), so a coefficient is the change in standard deviations of the
// metric per standard deviation of the lever. Factors without a numeric
// value, or constant ones, are left out.
RegressionFit lever_metamodel(const SweepResults& results, std::size_t metric, bool interactions);

}  // namespace tiaokuai::analysis
