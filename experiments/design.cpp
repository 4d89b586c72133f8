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

std::uint64_t morris_size(const std::vector<Factor>& factors, std::size_t trajectories) {
  return saturating_product(trajectories, factors.size() + 1);
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
  // The sequence's first point is the centre, 0.5 in every dimension, so
  // it would make A_0 = B_0: a block that adds nothing to any index but
  // its share of the variance, biasing every index towards 0. Skipped, as
  // SALib skips it.
  sequence.discard(2 * k);
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

double morris_delta(std::size_t levels) {
  const auto p = static_cast<double>(levels);
  return p / (2.0 * (p - 1.0));
}

std::vector<MorrisTrajectory> morris_candidates(std::size_t k, std::size_t levels, std::size_t count, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("Morris trajectories need an even number of levels, at least 2");
  // Points are held as level indices, so every coordinate is exactly on the
  // grid: Delta is p/2 steps of 1/(p-1), and a base takes one of the p/2
  // lowest levels so that base + Delta is still on the grid.
  const std::size_t shift = levels / 2;
  const auto unit = [levels](const std::vector<std::size_t>& grid) {
    std::vector<double> point;
    for (const std::size_t level : grid) point.push_back(static_cast<double>(level) / static_cast<double>(levels - 1));
    return point;
  };
  sim::RandomStream random(seed, 0, "design/morris");
  std::vector<MorrisTrajectory> trajectories(count);
  for (MorrisTrajectory& trajectory : trajectories) {
    std::vector<std::size_t> grid(k);
    std::vector<bool> up(k);
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t base = random.uniform_int(levels - shift);
      up[i] = random.bernoulli(0.5);
      grid[i] = up[i] ? base : base + shift;  // a factor moving down starts Delta above its base
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[random.uniform_int(i)]);  // Fisher-Yates
    trajectory.push_back(unit(grid));
    for (const std::size_t i : order) {
      grid[i] = up[i] ? grid[i] + shift : grid[i] - shift;
      trajectory.push_back(unit(grid));
    }
  }
  return trajectories;
}

namespace {

// Campolongo et al. (2007)'s distance between two trajectories.
double trajectory_distance(const MorrisTrajectory& a, const MorrisTrajectory& b) {
  double distance = 0;
  for (const std::vector<double>& x : a) {
    for (const std::vector<double>& y : b) {
      double squared = 0;
      for (std::size_t z = 0; z < x.size(); ++z) squared += (x[z] - y[z]) * (x[z] - y[z]);
      distance += std::sqrt(squared);
    }
  }
  return distance;
}

}  // namespace

double morris_spread(const std::vector<MorrisTrajectory>& trajectories) {
  double sum = 0;
  for (std::size_t m = 0; m < trajectories.size(); ++m) {
    for (std::size_t l = m + 1; l < trajectories.size(); ++l) sum += std::pow(trajectory_distance(trajectories[m], trajectories[l]), 2);
  }
  return std::sqrt(sum);
}

std::vector<std::size_t> spread_trajectories(const std::vector<MorrisTrajectory>& candidates, std::size_t r) {
  const std::size_t count = candidates.size();
  std::vector<std::vector<double>> squared(count, std::vector<double>(count, 0.0));
  for (std::size_t m = 0; m < count; ++m) {
    for (std::size_t l = m + 1; l < count; ++l) squared[m][l] = squared[l][m] = std::pow(trajectory_distance(candidates[m], candidates[l]), 2);
  }
  // A candidate's contribution to the squared spread of those kept: its
  // sum of d^2 to the others kept. Dropping the smallest keeps the most.
  std::vector<double> contribution(count, 0.0);
  for (std::size_t m = 0; m < count; ++m) {
    for (std::size_t l = 0; l < count; ++l) contribution[m] += squared[m][l];
  }
  std::vector<bool> kept(count, true);
  for (std::size_t left = count; left > r; --left) {
    std::size_t drop = count;
    for (std::size_t m = 0; m < count; ++m) {
      if (kept[m] && (drop == count || contribution[m] <= contribution[drop])) drop = m;
    }
    kept[drop] = false;
    for (std::size_t m = 0; m < count; ++m) contribution[m] -= squared[m][drop];
  }
  std::vector<std::size_t> chosen;
  for (std::size_t m = 0; m < count; ++m) {
    if (kept[m]) chosen.push_back(m);
  }
  return chosen;
}

std::vector<DesignPoint> morris(const std::vector<Factor>& factors, std::size_t trajectories, std::size_t levels,
                                std::size_t candidates, std::uint64_t seed) {
  require_ranges(factors, "a Morris design");
  if (candidates < trajectories) throw std::invalid_argument("a Morris design needs at least as many candidates as trajectories");
  const std::vector<MorrisTrajectory> drawn = morris_candidates(factors.size(), levels, candidates, seed);
  std::vector<DesignPoint> points;
  points.reserve(trajectories * (factors.size() + 1));
  std::size_t t = 0;
  for (const std::size_t chosen : spread_trajectories(drawn, trajectories)) {
    for (std::size_t m = 0; m < drawn[chosen].size(); ++m) {
      DesignPoint point;
      point.label = "T:" + std::to_string(t) + ":" + std::to_string(m);
      for (std::size_t i = 0; i < factors.size(); ++i) {
        point.values.push_back(format_value(scale(factors[i], drawn[chosen][m][i]), factors[i].integer));
      }
      points.push_back(std::move(point));
    }
    ++t;
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
