#pragma once
// ExactQuantiles: stores every value and answers quantiles exactly, with the
// linear interpolation of Hyndman and Fan's type 7 (R's and numpy's default).
// Memory grows with the sample: use it for per-run or per-sweep summaries of
// modest size, and QuantileSketch for unbounded streams.

#include <vector>

namespace tiaokuai::sim {

class ExactQuantiles {
 public:
  void add(double x) {
    values_.push_back(x);
    sorted_ = false;
  }
  std::size_t count() const { return values_.size(); }
  // q in [0, 1]; NaN when empty.
  double quantile(double q) const;

 private:
  mutable std::vector<double> values_;
  mutable bool sorted_ = true;
};

}  // namespace tiaokuai::sim
