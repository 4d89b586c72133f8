#include "calibration/posterior_summary.hpp"

#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>

#include "calibration/abc_round.hpp"
#include "calibration/prior.hpp"
#include "calibration/weighted_statistics.hpp"

namespace tiaokuai::calibration {

PosteriorSummary summarise_posterior(const std::vector<Parameter>& parameters, const std::vector<Particle>& population) {
  if (population.empty()) throw std::invalid_argument("no posterior population to summarise");
  const std::vector<double> weights = weights_of(population);
  const auto dimension = static_cast<Eigen::Index>(parameters.size());
  Eigen::MatrixXd points(static_cast<Eigen::Index>(population.size()), dimension);
  for (std::size_t i = 0; i < population.size(); ++i)
    for (Eigen::Index k = 0; k < dimension; ++k)
      points(static_cast<Eigen::Index>(i), k) = population[i].values[static_cast<std::size_t>(k)];
  const Eigen::Map<const Eigen::VectorXd> weight_vector(weights.data(), static_cast<Eigen::Index>(weights.size()));
  const Eigen::VectorXd mean = weighted_mean(points, weight_vector);
  const Eigen::MatrixXd covariance = weighted_covariance(points, weight_vector);

  PosteriorSummary summary;
  for (Eigen::Index k = 0; k < dimension; ++k) {
    const Parameter& parameter = parameters[static_cast<std::size_t>(k)];
    const Eigen::VectorXd column = points.col(k);
    const std::span<const double> values(column.data(), population.size());
    ParameterSummary s;
    s.path = parameter.path;
    s.mean = mean[k];
    s.median = weighted_quantile(values, weights, 0.5);
    s.lower = weighted_quantile(values, weights, 0.05);
    s.upper = weighted_quantile(values, weights, 0.95);
    s.prior_width = quantile(parameter.prior, 0.95) - quantile(parameter.prior, 0.05);
    const double posterior_width = s.upper - s.lower;
    s.width_ratio = posterior_width > 0 ? s.prior_width / posterior_width : std::numeric_limits<double>::infinity();
    s.identified = s.width_ratio >= identified_width_ratio;
    summary.parameters.push_back(s);
  }
  summary.correlation.assign(parameters.size(), std::vector<double>(parameters.size()));
  for (Eigen::Index i = 0; i < dimension; ++i)
    for (Eigen::Index j = 0; j < dimension; ++j) {
      const double scale = std::sqrt(covariance(i, i) * covariance(j, j));
      double& correlation = summary.correlation[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
      if (!(scale > 0))
        correlation = std::numeric_limits<double>::quiet_NaN();
      else
        correlation = i == j ? 1.0 : covariance(i, j) / scale;
    }
  return summary;
}

}  // namespace tiaokuai::calibration
