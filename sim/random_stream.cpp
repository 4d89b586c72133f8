#include "sim/random_stream.hpp"

#include <cmath>
#include <stdexcept>

namespace tiaokuai::sim {
namespace {

constexpr std::uint64_t master_salt = 0x6a09e667f3bcc908ull;  // sqrt(2) bits: nothing up the sleeve
constexpr std::uint64_t run_salt = 0xbb67ae8584caa73bull;     // sqrt(3) bits
constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ull;

// GCC and Clang provide a 128-bit integer; __extension__ marks the use as deliberate under -Wpedantic.
__extension__ using uint128 = unsigned __int128;

}  // namespace

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::string stream_name(std::string_view family, std::uint64_t index, std::string_view purpose) {
  std::string name(family);
  name += '/';
  name += std::to_string(index);
  name += '/';
  name += purpose;
  return name;
}

RandomStream::RandomStream(std::uint64_t master_seed, std::uint64_t run_index, std::string_view name) {
  std::uint64_t s = splitmix64(splitmix64(master_seed ^ master_salt) ^ splitmix64(run_index ^ run_salt) ^ fnv1a64(name));
  for (std::uint64_t& word : state_) {
    s += golden_gamma;
    word = splitmix64(s);
  }
  // An all-zero state is the one fixed point of xoshiro; SplitMix64 is a
  // bijection of distinct inputs, so four zero outputs cannot occur.
}

RandomStream RandomStream::from_state(const std::array<std::uint64_t, 4>& state) {
  if (state == std::array<std::uint64_t, 4>{}) throw std::invalid_argument("xoshiro state must not be all zero");
  RandomStream stream;
  stream.state_ = state;
  return stream;
}

std::uint64_t RandomStream::uniform_int(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("uniform_int: n must be positive");
  // Lemire's multiply-shift with rejection of the biased low region.
  uint128 product = static_cast<uint128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(product);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      product = static_cast<uint128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

double RandomStream::normal(double mean, double sd) {
  double u;
  double v;
  double s;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  return mean + sd * u * std::sqrt(-2.0 * std::log(s) / s);
}

double RandomStream::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

double RandomStream::gamma(double shape, double scale) {
  if (!(shape > 0.0) || !(scale > 0.0)) throw std::invalid_argument("gamma: shape and scale must be positive");
  if (shape < 1.0) {
    // Boost for shape < 1: Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double boosted = gamma(shape + 1.0, scale);
    return boosted * std::pow(1.0 - uniform01(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = normal(0.0, 1.0);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = 1.0 - uniform01();  // (0, 1]
    if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return d * v * scale;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

}  // namespace tiaokuai::sim
