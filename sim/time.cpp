#include "sim/time.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace tiaokuai::sim {

Time Time::from_seconds(double seconds) {
  const double ticks = seconds * ticks_per_second;
  // Beyond ±2^62 ticks (about 146 million years) a delay is a modelling
  // error, not a time; refuse it rather than wrap around.
  if (!std::isfinite(ticks) || std::fabs(ticks) > 4.6e18) {
    throw std::out_of_range("time in seconds is not finite or out of range: " + std::to_string(seconds));
  }
  return Time(std::llround(ticks));
}

std::string format(Time t) {
  Time::Rep ticks = t.ticks();
  const bool negative = ticks < 0;
  // Magnitude in unsigned arithmetic so that Time::min-like values do not overflow.
  std::uint64_t rest = negative ? 0 - static_cast<std::uint64_t>(ticks) : static_cast<std::uint64_t>(ticks);
  const std::uint64_t ms = rest % 1000;
  rest /= 1000;
  const std::uint64_t s = rest % 60;
  rest /= 60;
  const std::uint64_t m = rest % 60;
  rest /= 60;
  const std::uint64_t h = rest % 24;
  const std::uint64_t d = rest / 24;
  char buffer[64];
  if (d > 0) {
    std::snprintf(buffer, sizeof buffer, "%s%llud %02llu:%02llu:%02llu.%03llu", negative ? "-" : "",
                  static_cast<unsigned long long>(d), static_cast<unsigned long long>(h),
                  static_cast<unsigned long long>(m), static_cast<unsigned long long>(s),
                  static_cast<unsigned long long>(ms));
  } else {
    std::snprintf(buffer, sizeof buffer, "%s%02llu:%02llu:%02llu.%03llu", negative ? "-" : "",
                  static_cast<unsigned long long>(h), static_cast<unsigned long long>(m),
                  static_cast<unsigned long long>(s), static_cast<unsigned long long>(ms));
  }
  return buffer;
}

std::ostream& operator<<(std::ostream& out, Time t) { return out << format(t); }

}  // namespace tiaokuai::sim
