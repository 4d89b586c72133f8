// The Gaussian-process emulator on functions with known values: accuracy on
// held-out points, its variance, the closed-form leave-one-out errors and
// the maximum-likelihood length scales.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "calibration/gaussian_process.hpp"
#include "sim/random_stream.hpp"

using namespace tiaokuai;
using namespace tiaokuai::calibration;

namespace {

// n equally spaced points of f on [low, high], without noise.
template <class Function>
GaussianProcessData grid_1d(Function f, std::size_t n, double low, double high) {
  GaussianProcessData data;
  data.x.resize(static_cast<Eigen::Index>(n), 1);
  data.y.resize(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    data.x(row, 0) = low + (high - low) * static_cast<double>(i) / static_cast<double>(n - 1);
    data.y(row) = f(data.x(row, 0));
  }
  data.noise_variance = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  data.lower = Eigen::VectorXd::Constant(1, 0.0);
  data.upper = Eigen::VectorXd::Constant(1, 1.0);
  return data;
}

double wave_and_slope(double x) { return std::sin(2 * std::numbers::pi * x) + 0.5 * x; }
double surface(double a, double b) { return std::exp(-a) * std::cos(3 * b); }

// n uniform random points of surface() on [0, 2] x [0, 1], each with noise
// of the given variance added.
GaussianProcessData random_2d(std::size_t n, double noise_variance, std::uint64_t seed) {
  sim::RandomStream random(seed, 0, "test/gp/2d");
  GaussianProcessData data;
  const auto rows = static_cast<Eigen::Index>(n);
  data.x.resize(rows, 2);
  data.y.resize(rows);
  data.noise_variance = Eigen::VectorXd::Constant(rows, noise_variance);
  for (Eigen::Index i = 0; i < rows; ++i) {
    data.x(i, 0) = random.uniform(0, 2);
    data.x(i, 1) = random.uniform(0, 1);
    data.y(i) = surface(data.x(i, 0), data.x(i, 1));
    if (noise_variance > 0) data.y(i) += random.normal(0, std::sqrt(noise_variance));
  }
  data.lower = Eigen::Vector2d(0, 0);
  data.upper = Eigen::Vector2d(2, 1);
  return data;
}

}  // namespace

TEST_CASE("a Gaussian process interpolates a smooth 1-D function on held-out points, with either kernel") {
  for (const Kernel kernel : {Kernel::squared_exponential, Kernel::matern52}) {
    CAPTURE(static_cast<int>(kernel));
    const GaussianProcess process = fit_gaussian_process(grid_1d(wave_and_slope, 12, 0, 1), kernel, MeanFunction::constant);
    double worst = 0;
    for (int j = 0; j < 50; ++j) {
      const double x = (j + 0.5) / 50.0;  // between and beside the training points
      worst = std::max(worst, std::abs(process.predict(Eigen::VectorXd::Constant(1, x)).mean - wave_and_slope(x)));
    }
    CHECK(worst < 0.005);  // the function spans about 2.4
  }
}

TEST_CASE("a Gaussian process interpolates a smooth 2-D function with inputs on different scales") {
  const GaussianProcess process = fit_gaussian_process(random_2d(40, 0, 3), Kernel::squared_exponential, MeanFunction::linear);
  sim::RandomStream random(4, 0, "test/gp/held_out");
  double sum_of_squares = 0, within_3_sd = 0;
  const int held_out = 200;
  for (int j = 0; j < held_out; ++j) {
    const Eigen::Vector2d x(random.uniform(0, 2), random.uniform(0, 1));
    const GaussianProcessPrediction prediction = process.predict(x);
    const double error = prediction.mean - surface(x(0), x(1));
    sum_of_squares += error * error;
    within_3_sd += std::abs(error) <= 3 * std::sqrt(prediction.variance) ? 1 : 0;
  }
  CHECK(std::sqrt(sum_of_squares / held_out) < 0.005);  // the function spans 2
  CHECK(within_3_sd / held_out > 0.9);                  // its variance is honest
}

TEST_CASE("a noise-free Gaussian process is nearly certain at its points and uncertain far from them") {
  const GaussianProcess process = fit_gaussian_process(grid_1d(wave_and_slope, 10, 0, 0.5), Kernel::squared_exponential, MeanFunction::constant);
  const double signal = process.hyperparameters().signal_variance;
  for (int i = 0; i < 10; ++i) CHECK(process.predict(Eigen::VectorXd::Constant(1, 0.5 * i / 9.0)).variance < 1e-6 * signal);
  CHECK(process.predict(Eigen::VectorXd::Constant(1, 1.0)).variance > 0.1 * signal);
}

TEST_CASE("the closed-form leave-one-out errors equal refitting without each point") {
  for (const MeanFunction mean : {MeanFunction::constant, MeanFunction::linear}) {
    for (const Kernel kernel : {Kernel::squared_exponential, Kernel::matern52}) {
      CAPTURE(static_cast<int>(mean));
      CAPTURE(static_cast<int>(kernel));
      GaussianProcessData data = random_2d(20, 1e-3, 5);
      for (Eigen::Index i = 0; i < 20; ++i) data.noise_variance(i) *= 1 + i % 3;  // unequal replication variances
      const GaussianProcess full = fit_gaussian_process(data, kernel, mean);
      const Eigen::VectorXd closed_form = full.leave_one_out_standardised_errors();
      const auto& h = full.hyperparameters();
      for (Eigen::Index left_out = 0; left_out < 20; ++left_out) {
        GaussianProcessData rest;
        rest.x.resize(19, 2);
        rest.y.resize(19);
        rest.noise_variance.resize(19);
        for (Eigen::Index i = 0, r = 0; i < 20; ++i) {
          if (i == left_out) continue;
          rest.x.row(r) = data.x.row(i);
          rest.y(r) = data.y(i);
          rest.noise_variance(r++) = data.noise_variance(i);
        }
        rest.lower = data.lower;
        rest.upper = data.upper;
        const GaussianProcess refit(rest, kernel, mean, h);
        const GaussianProcessPrediction prediction = refit.predict(data.x.row(left_out).transpose());
        const double variance = prediction.variance + data.noise_variance(left_out) + h.nugget;
        const double brute_force = (data.y(left_out) - prediction.mean) / std::sqrt(variance);
        CHECK(std::abs(closed_form(left_out) - brute_force) < 1e-8);
      }
    }
  }
}

TEST_CASE("maximum likelihood finds a longer length scale for a smoother function") {
  const auto smooth = [](double x) { return std::sin(2 * std::numbers::pi * x); };
  const auto rough = [](double x) { return std::sin(8 * std::numbers::pi * x); };
  const double smooth_scale = fit_gaussian_process(grid_1d(smooth, 30, 0, 1), Kernel::squared_exponential, MeanFunction::constant)
                                  .hyperparameters().length_scales(0);
  const double rough_scale = fit_gaussian_process(grid_1d(rough, 30, 0, 1), Kernel::squared_exponential, MeanFunction::constant)
                                 .hyperparameters().length_scales(0);
  MESSAGE("length scales: smooth ", smooth_scale, ", rough ", rough_scale);
  // The wavelengths differ fourfold; maximum likelihood on dense noise-free
  // points is not proportional to them (here about 0.31 and 0.11).
  CHECK(smooth_scale > 2 * rough_scale);
}

TEST_CASE("fitting a Gaussian process twice gives the same emulator") {
  const GaussianProcessData data = random_2d(25, 1e-3, 6);
  const GaussianProcess first = fit_gaussian_process(data, Kernel::matern52, MeanFunction::linear);
  const GaussianProcess second = fit_gaussian_process(data, Kernel::matern52, MeanFunction::linear);
  CHECK(first.log_likelihood() == second.log_likelihood());
  const Eigen::Vector2d x(1.3, 0.2);
  CHECK(first.predict(x).mean == second.predict(x).mean);
  CHECK(first.predict(x).variance == second.predict(x).variance);
}

TEST_CASE("a Gaussian process refuses outputs that are not numbers") {
  GaussianProcessData data = random_2d(10, 0, 7);
  data.y(3) = std::nan("");
  CHECK_THROWS_AS(fit_gaussian_process(data, Kernel::squared_exponential, MeanFunction::constant), std::invalid_argument);
}
