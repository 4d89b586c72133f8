#pragma once
// Logarithmic buckets of relative width `a`: a value x > 0 falls in bucket
// ceil(log_gamma(x)), gamma = (1+a)/(1-a), which spans (gamma^(i-1),
// gamma^i]; the bucket's centre 2 gamma^i / (gamma + 1) is within a relative
// error `a` of every value in it. QuantileSketch and BinnedKaplanMeier share
// this scheme, so their answers use the same resolution.

#include <cmath>
#include <stdexcept>
#include <string>

namespace tiaokuai::sim {

class LogBuckets {
 public:
  // `owner` names the class for the error message.
  LogBuckets(double relative_accuracy, const char* owner) : accuracy_(relative_accuracy) {
    if (!(relative_accuracy > 0.0 && relative_accuracy < 1.0)) {
      throw std::invalid_argument(std::string(owner) + ": relative accuracy must lie in (0, 1)");
    }
    log_gamma_ = std::log((1.0 + accuracy_) / (1.0 - accuracy_));
  }

  double relative_accuracy() const { return accuracy_; }
  int bucket_of(double x) const { return static_cast<int>(std::ceil(std::log(x) / log_gamma_)); }
  double centre_of(int bucket) const { return 2.0 * std::exp(bucket * log_gamma_) / (std::exp(log_gamma_) + 1.0); }
  double lower_edge(int bucket) const { return std::exp((bucket - 1) * log_gamma_); }
  double upper_edge(int bucket) const { return std::exp(bucket * log_gamma_); }

 private:
  double accuracy_;
  double log_gamma_;
};

}  // namespace tiaokuai::sim
