#include "calibration/parameter_space.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "calibration/prior.hpp"

namespace tiaokuai::calibration {

ParameterSpace::ParameterSpace(const std::vector<Parameter>& parameters, Support support)
    : support_(std::move(support)) {
  if (parameters.empty()) throw std::invalid_argument("calibration needs at least one parameter");
  for (const Parameter& parameter : parameters) {
    check_prior(parameter.prior, parameter.path);
    priors_.push_back(parameter.prior);
  }
}

bool ParameterSpace::contains(const std::vector<double>& natural) const {
  for (std::size_t k = 0; k < priors_.size(); ++k)
    if (!(natural[k] >= priors_[k].low && natural[k] <= priors_[k].high)) return false;
  return !support_ || support_(natural);
}

std::vector<double> ParameterSpace::draw_inside(const std::function<std::vector<double>()>& draw) const {
  constexpr int max_draws_in_a_row = 1'000'000;
  for (int attempt = 0; attempt < max_draws_in_a_row; ++attempt) {
    std::vector<double> candidate = draw();
    if (contains(candidate)) return candidate;
  }
  throw std::runtime_error("a million proposals in a row fell outside the prior's support or the restricted space");
}

std::vector<double> ParameterSpace::draw_from_prior(sim::RandomStream& stream) const {
  return draw_inside([&] {
    std::vector<double> candidate;
    for (const Prior& prior : priors_) candidate.push_back(sample(prior, stream));
    return candidate;
  });
}

Eigen::VectorXd ParameterSpace::to_internal(const std::vector<double>& natural) const {
  Eigen::VectorXd internal(static_cast<Eigen::Index>(priors_.size()));
  for (std::size_t k = 0; k < priors_.size(); ++k)
    internal[static_cast<Eigen::Index>(k)] = calibration::to_internal(priors_[k], natural[k]);
  return internal;
}

std::vector<double> ParameterSpace::to_natural(const Eigen::VectorXd& internal) const {
  std::vector<double> natural;
  for (std::size_t k = 0; k < priors_.size(); ++k)
    natural.push_back(calibration::to_natural(priors_[k], internal[static_cast<Eigen::Index>(k)]));
  return natural;
}

double ParameterSpace::log_prior_density(const Eigen::VectorXd& internal) const {
  double log_density = 0;
  for (std::size_t k = 0; k < priors_.size(); ++k)
    log_density += std::log(internal_density(priors_[k], internal[static_cast<Eigen::Index>(k)]));
  return log_density;
}

double ParameterSpace::internal_width(std::size_t k) const {
  return calibration::to_internal(priors_[k], priors_[k].high) - calibration::to_internal(priors_[k], priors_[k].low);
}

}  // namespace tiaokuai::calibration
