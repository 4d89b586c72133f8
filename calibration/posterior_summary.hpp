#pragma once
// What a weighted posterior population says about each parameter: its
// weighted mean, median and 90 % credible interval, how much narrower that
// interval is than the prior's (a parameter the targets do not pin down
// keeps about the prior's width), and the weighted correlations between the
// parameters (a ridge of good fits shows as a strong correlation).

#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/problem.hpp"

namespace tiaokuai::calibration {

struct ParameterSummary {
  std::string path;
  double mean = 0, median = 0;
  double lower = 0, upper = 0;   // weighted 5 % and 95 % quantiles: the 90 % credible interval
  double prior_width = 0;        // the prior's central 90 % width
  double width_ratio = 0;        // prior_width / (upper - lower); +inf for a posterior on one point
  bool identified = false;       // width_ratio >= 1.5; false: the posterior is about the prior
};

struct PosteriorSummary {
  std::vector<ParameterSummary> parameters;
  // [i][j]: weighted correlation of parameters i and j (1 on the diagonal;
  // NaN where a parameter does not vary in the population).
  std::vector<std::vector<double>> correlation;
};

// Below this width ratio a parameter counts as not identified by the targets.
inline constexpr double identified_width_ratio = 1.5;

// The population's values are natural-scale; the weights need not be
// normalised. Throws std::invalid_argument for an empty population.
PosteriorSummary summarise_posterior(const std::vector<Parameter>& parameters, const std::vector<Particle>& population);

}  // namespace tiaokuai::calibration
