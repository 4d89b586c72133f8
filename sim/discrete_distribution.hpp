#pragma once
// DiscreteDistribution: draws index i with probability weight[i] / sum,
// in O(1) per draw through Walker's alias table (Vose's construction, which
// is numerically stable). Construction is O(n) and validates the weights.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/random_stream.hpp"

namespace tiaokuai::sim {

class DiscreteDistribution {
 public:
  // Weights must be finite and >= 0 with a positive sum; throws
  // std::invalid_argument otherwise.
  explicit DiscreteDistribution(std::span<const double> weights);

  // One uniform_int draw picks a column, one uniform01 draw picks between the
  // column's own index and its alias.
  std::size_t sample(RandomStream& stream) const;

  std::size_t size() const { return probability_.size(); }
  // The normalised probability of index i (for tests and reports).
  double probability(std::size_t i) const { return normalised_[i]; }

 private:
  std::vector<double> probability_;  // chance of keeping the column's own index
  std::vector<std::uint32_t> alias_;
  std::vector<double> normalised_;
};

}  // namespace tiaokuai::sim
