#include "sim/confidence_interval.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tiaokuai::sim {

double student_t_quantile(double degrees_of_freedom, double p) {
  if (!(degrees_of_freedom > 0.0) || !(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument("student_t_quantile: need df > 0 and 0 < p < 1");
  }
  return boost::math::quantile(boost::math::students_t_distribution<double>(degrees_of_freedom), p);
}

ConfidenceInterval student_t_interval(const RunningStats& sample, double level) {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("student_t_interval: level must lie in (0, 1)");
  ConfidenceInterval interval;
  interval.level = level;
  interval.estimate = sample.mean();
  if (sample.count() < 2) {
    interval.half_width = std::numeric_limits<double>::quiet_NaN();
    return interval;
  }
  const double n = static_cast<double>(sample.count());
  interval.half_width = student_t_quantile(n - 1.0, 0.5 + level / 2.0) * sample.stddev() / std::sqrt(n);
  return interval;
}

double student_t_p_value(const RunningStats& sample) {
  if (sample.count() < 2) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(sample.count());
  const double se = sample.stddev() / std::sqrt(n);
  if (!(se > 0.0)) return sample.mean() == 0.0 ? 1.0 : 0.0;
  const double t = std::abs(sample.mean()) / se;
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(n - 1.0), t));
}

}  // namespace tiaokuai::sim
