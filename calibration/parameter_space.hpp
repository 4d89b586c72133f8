#pragma once
// The space the ABC algorithms search: the parameters' priors, restricted
// by an optional Support (history matching's non-implausible space), with
// the conversion between natural values (what the evaluator receives) and
// internal coordinates (what the perturbation kernel moves; prior.hpp).

#include <cstddef>
#include <functional>
#include <vector>

#include <Eigen/Dense>

#include "calibration/abc_smc.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {

class ParameterSpace {
 public:
  // Throws std::invalid_argument for no parameters or an improper prior.
  ParameterSpace(const std::vector<Parameter>& parameters, Support support);

  std::size_t dimension() const { return priors_.size(); }
  // Inside every prior's [low, high] and the support.
  bool contains(const std::vector<double>& natural) const;
  // Calls `draw` until it returns a point inside the space. Draws outside
  // are discarded without being simulated; that leaves the distribution of
  // the kept draws proportional to the drawing density on the space, which
  // is what the importance weights assume. Throws std::runtime_error when a
  // million draws in a row fall outside (a support that excludes nearly all
  // of the prior).
  std::vector<double> draw_inside(const std::function<std::vector<double>()>& draw) const;
  // A draw from the prior restricted to the space.
  std::vector<double> draw_from_prior(sim::RandomStream& stream) const;

  Eigen::VectorXd to_internal(const std::vector<double>& natural) const;
  std::vector<double> to_natural(const Eigen::VectorXd& internal) const;
  // log of the prior density in internal coordinates, up to the constant
  // that normalises the prior over the support; -inf outside the priors.
  double log_prior_density(const Eigen::VectorXd& internal) const;
  // The width of parameter k's prior support in internal coordinates.
  double internal_width(std::size_t k) const;

 private:
  std::vector<Prior> priors_;
  Support support_;
};

}  // namespace tiaokuai::calibration
