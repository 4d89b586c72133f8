#pragma once
// An analytic calibration problem with a known posterior, for the ABC tests:
// the model returns its parameters (mean = theta, no simulation noise) and
// the observations are y = theta* + e, e ~ N(0, sigma^2) per target. With a
// wide uniform prior the exact posterior is N(y, sigma^2) per parameter,
// independent across parameters.

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/problem.hpp"
#include "calibration/prior.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration::testing {

struct LinearGaussianProblem {
  std::vector<Parameter> parameters;
  std::vector<Target> targets;
  std::vector<double> truth;
};

// Two parameters, uniform on [-half_width, half_width]. The truth is
// `truth` when given, otherwise drawn from the prior; the noise comes from
// the stream (seed, 0, "test/noise").
inline LinearGaussianProblem linear_gaussian(std::uint64_t seed, double sigma, double half_width = 10,
                                             std::vector<double> truth = {}) {
  LinearGaussianProblem problem;
  sim::RandomStream truth_stream(seed, 0, "test/truth"), noise(seed, 0, "test/noise");
  const char* const parameter_names[] = {"theta0", "theta1"};
  const char* const target_names[] = {"y0", "y1"};
  for (std::size_t k = 0; k < 2; ++k) {
    const Prior prior{PriorKind::uniform, -half_width, half_width, 0, 1};
    problem.parameters.push_back(Parameter{parameter_names[k], prior, false});
    problem.truth.push_back(truth.empty() ? sample(prior, truth_stream) : truth[k]);
    const double observed = problem.truth.back() + noise.normal(0.0, sigma);
    problem.targets.push_back(Target{target_names[k], observed, sigma, ""});
  }
  return problem;
}

// mean = theta, variance of the mean 0.
inline std::vector<Evaluation> identity_model(const BatchKey&, const Candidates& candidates) {
  std::vector<Evaluation> evaluations;
  for (const std::vector<double>& theta : candidates)
    evaluations.push_back(Evaluation{theta, std::vector<double>(theta.size(), 0.0)});
  return evaluations;
}

}  // namespace tiaokuai::calibration::testing
