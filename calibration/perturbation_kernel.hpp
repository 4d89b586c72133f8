#pragma once
// The proposal of ABC-SMC population Monte Carlo (Beaumont, Cornuet, Marin
// and Robert 2009): pick a particle of the previous population by weight and
// move it with a multivariate normal whose covariance is twice the
// population's weighted covariance, in internal coordinates; and the
// importance weights that make the accepted proposals a sample of the prior
// restricted to the tolerance.

#include <vector>

#include <Eigen/Dense>

#include "calibration/abc_smc.hpp"
#include "calibration/parameter_space.hpp"
#include "sim/discrete_distribution.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {

class PerturbationKernel {
 public:
  // `previous` holds the previous generation with its importance weights;
  // the kernel's covariance is `covariance_scale` times theirs.
  PerturbationKernel(const ParameterSpace& space, const std::vector<Particle>& previous, double covariance_scale = 2.0);

  // A proposal inside the space. A move outside is redrawn, particle choice
  // included, so the proposal density is the kernel mixture restricted to
  // the space, up to one constant, as importance_weights assumes.
  std::vector<double> propose(sim::RandomStream& stream) const;

  // w_i proportional to prior(theta_i) / sum_j w_j K(theta_i | theta_j),
  // normalised; the particles' values are natural-scale.
  std::vector<double> importance_weights(const std::vector<Particle>& accepted) const;

 private:
  const ParameterSpace& space_;
  Eigen::MatrixXd points_;             // previous particles in internal coordinates, one a row
  Eigen::VectorXd log_weights_;        // of the previous particles
  Eigen::MatrixXd cholesky_;           // lower factor L of the kernel covariance
  Eigen::MatrixXd whitened_points_;    // L^-1 applied to each previous particle, one a row
  sim::DiscreteDistribution choose_particle_;
};

}  // namespace tiaokuai::calibration
