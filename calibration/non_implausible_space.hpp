#pragma once
// The part of parameter space that history matching has not ruled out: the
// Gaussian-process emulators of every wave, one per target, and the
// implausibility measure that judges a parameter vector by them (Craig,
// Goldstein, Seheult and Smith 1997; Vernon, Goldstein and Bower 2010).
// A point is non-implausible if it passes every wave's emulators, so the
// space shrinks wave on wave.

#include <cstddef>
#include <vector>

#include "calibration/gaussian_process.hpp"
#include "calibration/problem.hpp"

namespace tiaokuai::calibration {

class NonImplausibleSpace {
 public:
  // No waves: every point is non-implausible.
  NonImplausibleSpace() = default;
  // discrepancy_sd: the model discrepancy of each target (sd); empty means 0.
  NonImplausibleSpace(std::vector<Target> targets, std::vector<double> discrepancy_sd, double cutoff);

  // One emulator per target, in the targets' order.
  void add_wave(std::vector<GaussianProcess> emulators);
  std::size_t waves() const { return waves_.size(); }
  double cutoff() const { return cutoff_; }

  // I_k(x) = |z_k - E[f_k(x)]| / sqrt(Var[f_k(x)] + sd_k^2 + discrepancy_k^2)
  // for target k under wave w's emulators; the wave's implausibility is the
  // largest over targets. The maximum, not the second or third largest that
  // Vernon et al. (2010) use against emulator failures in one of many
  // outputs: a calibration here has a handful of targets, and discarding
  // one would leave most of the space unjudged.
  double wave_implausibility(std::size_t wave, const std::vector<double>& x) const;
  // The largest over waves and targets; 0 with no waves.
  double implausibility(const std::vector<double>& x) const;
  // Every wave's implausibility is at most the cut-off.
  bool contains(const std::vector<double>& x) const;

 private:
  std::vector<Target> targets_;
  std::vector<double> discrepancy_variance_;
  double cutoff_ = 3;
  std::vector<std::vector<GaussianProcess>> waves_;  // [wave][target]
};

}  // namespace tiaokuai::calibration
