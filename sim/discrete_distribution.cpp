#include "sim/discrete_distribution.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace tiaokuai::sim {

DiscreteDistribution::DiscreteDistribution(std::span<const double> weights) {
  const std::size_t n = weights.size();
  if (n == 0) throw std::invalid_argument("discrete distribution: no weights");
  if (n > std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("discrete distribution: too many weights");
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0.0) {
      throw std::invalid_argument("discrete distribution: weight " + std::to_string(i) + " is negative or not finite");
    }
    sum += weights[i];
  }
  if (!(sum > 0.0)) throw std::invalid_argument("discrete distribution: weights sum to zero");

  normalised_.resize(n);
  probability_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    normalised_[i] = weights[i] / sum;
    scaled[i] = normalised_[i] * static_cast<double>(n);
    alias_[i] = static_cast<std::uint32_t>(i);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Whatever remains is 1 up to rounding: those columns keep their own index.
}

std::size_t DiscreteDistribution::sample(RandomStream& stream) const {
  const auto column = static_cast<std::size_t>(stream.uniform_int(probability_.size()));
  return stream.uniform01() < probability_[column] ? column : alias_[column];
}

}  // namespace tiaokuai::sim
