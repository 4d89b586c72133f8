#include "calibration/non_implausible_space.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tiaokuai::calibration {

NonImplausibleSpace::NonImplausibleSpace(std::vector<Target> targets, std::vector<double> discrepancy_sd, double cutoff)
    : targets_(std::move(targets)), discrepancy_variance_(targets_.size(), 0.0), cutoff_(cutoff) {
  if (!discrepancy_sd.empty() && discrepancy_sd.size() != targets_.size())
    throw std::invalid_argument("history matching: give one model discrepancy per target, or none");
  for (std::size_t k = 0; k < discrepancy_sd.size(); ++k) discrepancy_variance_[k] = discrepancy_sd[k] * discrepancy_sd[k];
}

void NonImplausibleSpace::add_wave(std::vector<GaussianProcess> emulators) {
  if (emulators.size() != targets_.size()) throw std::invalid_argument("history matching: a wave needs one emulator per target");
  waves_.push_back(std::move(emulators));
}

double NonImplausibleSpace::wave_implausibility(std::size_t wave, const std::vector<double>& x) const {
  const Eigen::Map<const Eigen::VectorXd> point(x.data(), static_cast<Eigen::Index>(x.size()));
  double largest = 0;
  for (std::size_t k = 0; k < targets_.size(); ++k) {
    const GaussianProcessPrediction prediction = waves_.at(wave)[k].predict(point);
    const double variance = prediction.variance + targets_[k].sd * targets_[k].sd + discrepancy_variance_[k];
    largest = std::max(largest, std::abs(targets_[k].observed - prediction.mean) / std::sqrt(variance));
  }
  return largest;
}

double NonImplausibleSpace::implausibility(const std::vector<double>& x) const {
  double largest = 0;
  for (std::size_t w = 0; w < waves_.size(); ++w) largest = std::max(largest, wave_implausibility(w, x));
  return largest;
}

bool NonImplausibleSpace::contains(const std::vector<double>& x) const {
  for (std::size_t w = 0; w < waves_.size(); ++w)
    if (wave_implausibility(w, x) > cutoff_) return false;
  return true;
}

}  // namespace tiaokuai::calibration
