#include "experiments/design.hpp"

#include <boost/random/sobol.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "sim/random_stream.hpp"

namespace tiaokuai::experiments {
namespace {

double scale(const Factor& factor, double unit) { return factor.low + unit * (factor.high - factor.low); }

void require_ranges(const std::vector<Factor>& factors, const char* design) {
  for (const Factor& factor : factors) {
    if (!factor.has_range) throw std::invalid_argument(std::string(design) + " needs a range for factor " + factor.path);
  }
}

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::uint64_t>::max() : product;
}

}  // namespace

std::uint64_t full_factorial_size(const std::vector<Factor>& factors) {
  std::uint64_t points = 1;
  for (const Factor& factor : factors) points = saturating_product(points, factor.values.size());
  return points;
}

std::uint64_t saltelli_size(const std::vector<Factor>& factors, std::size_t n) {
  return saturating_product(n, factors.size() + 2);
}

std::uint64_t posterior_size(const std::vector<Factor>& factors, std::size_t draws) {
  return saturating_product(draws, full_factorial_size(factors));
}

std::uint64_t one_at_a_time_size(const std::vector<Factor>& factors) {
  std::uint64_t points = 1;
  for (const Factor& factor : factors) {
    for (const std::string& value : factor.values) points += value != factor.base_value;
  }
  return points;
}

std::string format_value(double value, bool integer) {
  if (integer) value = std::round(value);
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::vector<DesignPoint> full_factorial(const std::vector<Factor>& factors) {
  std::vector<DesignPoint> points(1);
  for (const Factor& factor : factors) {
    std::vector<DesignPoint> next;
    for (const DesignPoint& partial : points) {
      for (const std::string& value : factor.values) {
        DesignPoint point = partial;
        point.values.push_back(value);
        point.label += (point.label.empty() ? "" : ";") + factor.path + "=" + value;
        next.push_back(std::move(point));
      }
    }
    points = std::move(next);
  }
  return points;
}

std::vector<DesignPoint> latin_hypercube(const std::vector<Factor>& factors, std::size_t n, std::uint64_t seed) {
  require_ranges(factors, "a Latin hypercube");
  sim::RandomStream random(seed, 0, "design/latin_hypercube");
  std::vector<DesignPoint> points(n);
  for (std::size_t j = 0; j < n; ++j) points[j].label = "LH:" + std::to_string(j);
  for (const Factor& factor : factors) {
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t i = n; i > 1; --i) std::swap(strata[i - 1], strata[random.uniform_int(i)]);  // Fisher-Yates
    for (std::size_t j = 0; j < n; ++j) {
      const double unit = (static_cast<double>(strata[j]) + random.uniform01()) / static_cast<double>(n);
      points[j].values.push_back(format_value(scale(factor, unit), factor.integer));
    }
  }
  return points;
}

std::vector<DesignPoint> saltelli(const std::vector<Factor>& factors, std::size_t n) {
  require_ranges(factors, "a Saltelli design");
  const std::size_t k = factors.size();
  boost::random::sobol_engine<std::uint32_t, 32> sequence(2 * k);
  const double span = 4294967296.0;  // 2^32
  std::vector<DesignPoint> points;
  points.reserve(n * (k + 2));
  std::vector<double> a(k), b(k);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t i = 0; i < k; ++i) a[i] = sequence() / span;
    for (std::size_t i = 0; i < k; ++i) b[i] = sequence() / span;
    const auto point_from = [&](const std::vector<double>& units, std::string label) {
      DesignPoint point;
      point.label = std::move(label);
      for (std::size_t i = 0; i < k; ++i) point.values.push_back(format_value(scale(factors[i], units[i]), factors[i].integer));
      return point;
    };
    points.push_back(point_from(a, "A:" + std::to_string(j)));
    points.push_back(point_from(b, "B:" + std::to_string(j)));
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> mixed = a;
      mixed[i] = b[i];
      points.push_back(point_from(mixed, "AB:" + std::to_string(j) + ":" + std::to_string(i)));
    }
  }
  return points;
}

std::vector<DesignPoint> one_at_a_time(const std::vector<Factor>& factors) {
  DesignPoint base;
  base.label = "base";
  for (const Factor& factor : factors) base.values.push_back(factor.base_value);
  std::vector<DesignPoint> points{base};
  for (std::size_t i = 0; i < factors.size(); ++i) {
    for (const std::string& value : factors[i].values) {
      if (value == factors[i].base_value) continue;
      DesignPoint point = base;
      point.values[i] = value;
      point.label = factors[i].path + "=" + value;
      points.push_back(std::move(point));
    }
  }
  return points;
}

}  // namespace tiaokuai::experiments
