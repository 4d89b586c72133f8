#include "calibration/prior.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>

namespace tiaokuai::calibration {

namespace {

const boost::math::normal_distribution<double> standard_normal;

bool is_normal(const Prior& prior) {
  return prior.kind == PriorKind::normal || prior.kind == PriorKind::truncated_normal;
}

// A normal prior truncated to [low, high], in standard units. When the
// interval lies above the mean the upper tail Q(z) = 1 - Phi(z) is used
// instead of Phi(z), so a truncation far out in the tail keeps its precision
// (Phi(a) and Phi(b) would both round to 1 there).
struct TruncatedNormal {
  double a = 0, b = 0;      // (low - mean) / sd, (high - mean) / sd
  bool upper_tail = false;
  double mass = 0;          // the normal's probability of [low, high]

  explicit TruncatedNormal(const Prior& prior)
      : a((prior.low - prior.mean) / prior.sd), b((prior.high - prior.mean) / prior.sd), upper_tail(a > 0) {
    mass = upper_tail ? tail(a) - tail(b) : tail(b) - tail(a);
  }
  // Phi(z), or Q(z) when upper_tail.
  double tail(double z) const {
    return upper_tail ? boost::math::cdf(boost::math::complement(standard_normal, z)) : boost::math::cdf(standard_normal, z);
  }
  // The z with tail(z) = q, for q in (0, 1).
  double inverse_tail(double q) const {
    return upper_tail ? boost::math::quantile(boost::math::complement(standard_normal, q))
                      : boost::math::quantile(standard_normal, q);
  }
};

}  // namespace

const char* prior_name(PriorKind kind) {
  switch (kind) {
    case PriorKind::uniform: return "uniform";
    case PriorKind::log_uniform: return "log_uniform";
    case PriorKind::normal: return "normal";
    case PriorKind::truncated_normal: return "truncated_normal";
  }
  return "";
}

void check_prior(const Prior& prior, const std::string& path) {
  const auto fail = [&](const std::string& why) { throw std::invalid_argument(path + ": " + why); };
  if (!std::isfinite(prior.low) || !std::isfinite(prior.high) || !(prior.low < prior.high))
    fail("the prior needs finite bounds with low < high");
  if (prior.kind == PriorKind::log_uniform && !(prior.low > 0)) fail("a log-uniform prior needs low > 0");
  if (is_normal(prior)) {
    if (!std::isfinite(prior.mean) || !std::isfinite(prior.sd) || !(prior.sd > 0))
      fail("a normal prior needs a finite mean and sd > 0");
    if (!(TruncatedNormal(prior).mass > 0)) fail("the normal prior has no probability inside [low, high]");
  }
}

double sample(const Prior& prior, sim::RandomStream& stream) { return quantile(prior, stream.uniform01()); }

double density(const Prior& prior, double x) {
  if (!(x >= prior.low && x <= prior.high)) return 0.0;
  switch (prior.kind) {
    case PriorKind::uniform:
      return 1.0 / (prior.high - prior.low);
    case PriorKind::log_uniform:
      return 1.0 / (x * std::log(prior.high / prior.low));
    case PriorKind::normal:
    case PriorKind::truncated_normal:
      break;
  }
  const TruncatedNormal normal(prior);
  return boost::math::pdf(standard_normal, (x - prior.mean) / prior.sd) / (prior.sd * normal.mass);
}

double cdf(const Prior& prior, double x) {
  if (x <= prior.low) return 0.0;
  if (x >= prior.high) return 1.0;
  switch (prior.kind) {
    case PriorKind::uniform:
      return (x - prior.low) / (prior.high - prior.low);
    case PriorKind::log_uniform:
      return std::log(x / prior.low) / std::log(prior.high / prior.low);
    case PriorKind::normal:
    case PriorKind::truncated_normal:
      break;
  }
  const TruncatedNormal normal(prior);
  const double z = (x - prior.mean) / prior.sd;
  const double probability =
      normal.upper_tail ? (normal.tail(normal.a) - normal.tail(z)) : (normal.tail(z) - normal.tail(normal.a));
  return std::clamp(probability / normal.mass, 0.0, 1.0);
}

double quantile(const Prior& prior, double p) {
  if (!(p > 0)) return prior.low;
  if (!(p < 1)) return prior.high;
  double x = 0;
  switch (prior.kind) {
    case PriorKind::uniform:
      x = prior.low + p * (prior.high - prior.low);
      break;
    case PriorKind::log_uniform:
      x = prior.low * std::exp(p * std::log(prior.high / prior.low));
      break;
    case PriorKind::normal:
    case PriorKind::truncated_normal: {
      const TruncatedNormal normal(prior);
      const double q = normal.upper_tail ? normal.tail(normal.a) - p * normal.mass : normal.tail(normal.a) + p * normal.mass;
      // The tail probability rounded to its end: the draw lies at the bound on that side.
      if (!(q > 0 && q < 1)) return normal.upper_tail || q >= 1 ? prior.high : prior.low;
      x = prior.mean + prior.sd * normal.inverse_tail(q);
      break;
    }
  }
  // Rounding may step a hair outside the support; the support is closed.
  return std::clamp(x, prior.low, prior.high);
}

double to_internal(const Prior& prior, double x) { return prior.kind == PriorKind::log_uniform ? std::log(x) : x; }

double to_natural(const Prior& prior, double internal) {
  return prior.kind == PriorKind::log_uniform ? std::exp(internal) : internal;
}

double internal_density(const Prior& prior, double internal) {
  if (prior.kind != PriorKind::log_uniform) return density(prior, internal);
  // The density 1 / (x log(high / low)) times the Jacobian dx/du = x: flat
  // in u = log x. Bounds compared in u, since exp(log(low)) may round below low.
  const double log_low = std::log(prior.low), log_high = std::log(prior.high);
  return internal >= log_low && internal <= log_high ? 1.0 / (log_high - log_low) : 0.0;
}

}  // namespace tiaokuai::calibration
