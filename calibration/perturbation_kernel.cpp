#include "calibration/perturbation_kernel.hpp"

#include <cmath>
#include <stdexcept>

#include "calibration/abc_round.hpp"
#include "calibration/weighted_statistics.hpp"

namespace tiaokuai::calibration {

namespace {

Eigen::MatrixXd internal_points(const ParameterSpace& space, const std::vector<Particle>& particles) {
  Eigen::MatrixXd points(static_cast<Eigen::Index>(particles.size()), static_cast<Eigen::Index>(space.dimension()));
  for (std::size_t i = 0; i < particles.size(); ++i)
    points.row(static_cast<Eigen::Index>(i)) = space.to_internal(particles[i].values).transpose();
  return points;
}

// The lower Cholesky factor of `scale` times the population's weighted
// covariance (twice it between generations: Beaumont et al. 2009). A population collapsed onto a point or a line has
// a singular covariance; a ridge, tiny against each prior's width and grown
// until the factorisation succeeds, keeps the kernel proper.
Eigen::MatrixXd kernel_cholesky(const ParameterSpace& space, const Eigen::MatrixXd& points,
                                const std::vector<double>& weights, double scale) {
  Eigen::MatrixXd covariance =
      scale * weighted_covariance(points, Eigen::Map<const Eigen::VectorXd>(weights.data(), static_cast<Eigen::Index>(weights.size())));
  if (!covariance.allFinite()) throw std::runtime_error("the population's covariance is not finite");
  Eigen::VectorXd ridge(covariance.rows());
  for (Eigen::Index k = 0; k < ridge.size(); ++k)
    ridge[k] = 1e-12 * std::pow(space.internal_width(static_cast<std::size_t>(k)), 2);
  for (;;) {
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    if (llt.info() == Eigen::Success) return llt.matrixL();
    covariance.diagonal() += ridge;
    ridge *= 100;
  }
}

}  // namespace

PerturbationKernel::PerturbationKernel(const ParameterSpace& space, const std::vector<Particle>& previous, double covariance_scale)
    : space_(space),
      points_(internal_points(space, previous)),
      log_weights_(static_cast<Eigen::Index>(previous.size())),
      cholesky_(kernel_cholesky(space, points_, weights_of(previous), covariance_scale)),
      whitened_points_(cholesky_.triangularView<Eigen::Lower>().solve(points_.transpose()).transpose()),
      choose_particle_(weights_of(previous)) {
  for (std::size_t j = 0; j < previous.size(); ++j) log_weights_[static_cast<Eigen::Index>(j)] = std::log(previous[j].weight);
}

std::vector<double> PerturbationKernel::propose(sim::RandomStream& stream) const {
  return space_.draw_inside([&] {
    const auto chosen = static_cast<Eigen::Index>(choose_particle_.sample(stream));
    Eigen::VectorXd step(points_.cols());
    for (Eigen::Index k = 0; k < step.size(); ++k) step[k] = stream.normal(0.0, 1.0);
    return space_.to_natural(points_.row(chosen).transpose() + cholesky_ * step);
  });
}

std::vector<double> PerturbationKernel::importance_weights(const std::vector<Particle>& accepted) const {
  std::vector<double> log_weights;
  for (const Particle& particle : accepted) {
    const Eigen::VectorXd internal = space_.to_internal(particle.values);
    const Eigen::VectorXd whitened = cholesky_.triangularView<Eigen::Lower>().solve(internal);
    // log sum_j w_j K(theta_i | theta_j) by log-sum-exp, without the
    // kernel's normalising constant: it is the same for every i and cancels.
    const Eigen::VectorXd terms =
        log_weights_ - 0.5 * (whitened_points_.rowwise() - whitened.transpose()).rowwise().squaredNorm();
    const double largest = terms.maxCoeff();
    const double log_mixture = largest + std::log((terms.array() - largest).exp().sum());
    log_weights.push_back(space_.log_prior_density(internal) - log_mixture);
  }
  return normalised_weights(log_weights);
}

}  // namespace tiaokuai::calibration
