#include "calibration/history_matching.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "calibration/prior.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::calibration {

namespace {

std::vector<double> prior_draw(const std::vector<Parameter>& parameters, sim::RandomStream& random) {
  std::vector<double> x(parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) x[i] = sample(parameters[i].prior, random);
  return x;
}

// n points; each parameter's prior probability is cut into n equal strata,
// each used once, at a uniform position inside it (McKay, Beckman and
// Conover 1979), mapped through the prior's quantile function.
std::vector<std::vector<double>> latin_hypercube(const std::vector<Parameter>& parameters, std::size_t n, sim::RandomStream& random) {
  std::vector<std::vector<double>> points(n, std::vector<double>(parameters.size()));
  std::vector<std::size_t> strata(n);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    std::iota(strata.begin(), strata.end(), 0);
    for (std::size_t j = n; j > 1; --j) std::swap(strata[j - 1], strata[random.uniform_int(j)]);  // Fisher-Yates
    for (std::size_t j = 0; j < n; ++j) {
      const double u = (static_cast<double>(strata[j]) + random.uniform01()) / static_cast<double>(n);
      points[j][i] = quantile(parameters[i].prior, u);
    }
  }
  return points;
}

std::vector<std::vector<double>> restricted_draws(const std::vector<Parameter>& parameters, const NonImplausibleSpace& space,
                                                  std::size_t n, std::size_t max_attempts, sim::RandomStream& random) {
  std::vector<std::vector<double>> kept;
  for (std::size_t attempt = 0; attempt < max_attempts && kept.size() < n; ++attempt) {
    std::vector<double> x = prior_draw(parameters, random);
    if (space.contains(x)) kept.push_back(std::move(x));
  }
  return kept;
}

constexpr std::size_t attempts_per_point = 10000;

double non_implausible_share(const std::vector<Parameter>& parameters, const NonImplausibleSpace& space, const HistoryMatchingOptions& options) {
  // The same draws every wave, so the estimate can only fall as waves are added.
  sim::RandomStream random(options.seed, 0, "hm/volume");
  std::size_t inside = 0;
  for (std::size_t j = 0; j < options.volume_samples; ++j) inside += space.contains(prior_draw(parameters, random)) ? 1 : 0;
  return static_cast<double>(inside) / static_cast<double>(options.volume_samples);
}

struct SimulatedPoint {
  std::vector<double> x;
  Evaluation evaluation;
};

// Target k's emulator data: the chosen simulated points whose mean and
// variance for k are finite (a failed run tells nothing about the surface).
GaussianProcessData emulator_data(const std::vector<Parameter>& parameters, const std::vector<SimulatedPoint>& simulated,
                                  const std::vector<std::size_t>& chosen, std::size_t k) {
  std::vector<const SimulatedPoint*> usable;
  for (const std::size_t j : chosen)
    if (std::isfinite(simulated[j].evaluation.mean[k]) && std::isfinite(simulated[j].evaluation.variance_of_mean[k])) usable.push_back(&simulated[j]);
  const auto n = static_cast<Eigen::Index>(usable.size()), d = static_cast<Eigen::Index>(parameters.size());
  GaussianProcessData data;
  data.x.resize(n, d);
  data.y.resize(n);
  data.noise_variance.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const SimulatedPoint& point = *usable[static_cast<std::size_t>(i)];
    data.x.row(i) = Eigen::Map<const Eigen::RowVectorXd>(point.x.data(), d);
    data.y(i) = point.evaluation.mean[k];
    data.noise_variance(i) = point.evaluation.variance_of_mean[k];
  }
  data.lower.resize(d);
  data.upper.resize(d);
  for (Eigen::Index j = 0; j < d; ++j) {
    data.lower(j) = parameters[static_cast<std::size_t>(j)].prior.low;
    data.upper(j) = parameters[static_cast<std::size_t>(j)].prior.high;
  }
  return data;
}

void check_inputs(const std::vector<Parameter>& parameters, const std::vector<Target>& targets, const HistoryMatchingOptions& options) {
  if (parameters.empty() || targets.empty()) throw std::invalid_argument("history matching needs parameters and targets");
  for (const Parameter& parameter : parameters)
    if (!(parameter.prior.low < parameter.prior.high)) throw std::invalid_argument("history matching: " + parameter.path + " needs low < high");
  for (const Target& target : targets)
    if (!(target.sd > 0)) throw std::invalid_argument("history matching: " + target.metric + " needs an sd > 0");
  if (!(options.cutoff > 0) || options.max_waves == 0 || options.volume_samples == 0)
    throw std::invalid_argument("history matching needs a positive cut-off, at least one wave and some volume samples");
}

}  // namespace

std::vector<std::vector<double>> sample_non_implausible(const std::vector<Parameter>& parameters, const NonImplausibleSpace& space,
                                                        std::size_t n, std::uint64_t seed, std::size_t max_attempts) {
  sim::RandomStream random(seed, 0, "hm/sample");
  return restricted_draws(parameters, space, n, max_attempts > 0 ? max_attempts : attempts_per_point * n, random);
}

HistoryMatchingResult history_matching(const std::vector<Parameter>& parameters, const std::vector<Target>& targets,
                                       const HistoryMatchingOptions& options, const Evaluator& evaluator) {
  check_inputs(parameters, targets, options);
  const std::size_t per_wave = options.points_per_wave > 0 ? options.points_per_wave : 10 * parameters.size();
  // An emulator estimates d + 2 hyperparameters and a mean; with fewer than
  // two points per parameter and two more, its fit says little.
  const std::size_t fewest_points = 2 * parameters.size() + 2;
  if (per_wave < fewest_points) throw std::invalid_argument("history matching: too few points per wave for the emulators");

  HistoryMatchingResult result;
  result.space = NonImplausibleSpace(targets, options.discrepancy_sd, options.cutoff);
  std::vector<SimulatedPoint> simulated;
  double share = 1;
  for (std::size_t wave = 1;; ++wave) {
    std::size_t n = per_wave;
    if (options.budget > 0) {
      n = std::min(n, options.budget - result.evaluations);
      if (n < fewest_points) {
        result.stop_reason = "budget: " + std::to_string(result.evaluations) + " of " + std::to_string(options.budget) +
                             " evaluations used, too few left for another wave";
        break;
      }
    }
    sim::RandomStream random(options.seed, wave, "hm/points");
    Candidates points = wave == 1 ? latin_hypercube(parameters, n, random)
                                  : restricted_draws(parameters, result.space, n, attempts_per_point * n, random);
    if (points.empty()) {
      result.stop_reason = "no non-implausible points: the model cannot match the targets within the cut-off";
      break;
    }
    if (points.size() < fewest_points) {
      result.stop_reason = "too few non-implausible points to emulate: " + std::to_string(points.size()) + " in " +
                           std::to_string(attempts_per_point * n) + " prior draws";
      break;
    }

    const std::vector<Evaluation> evaluations = evaluator(BatchKey{"hm", wave, 0}, points);
    if (evaluations.size() != points.size()) throw std::runtime_error("history matching: the evaluator returned the wrong number of evaluations");
    for (const Evaluation& evaluation : evaluations)
      if (evaluation.mean.size() != targets.size() || evaluation.variance_of_mean.size() != targets.size())
        throw std::runtime_error("history matching: an evaluation has the wrong number of targets");
    result.evaluations += points.size();

    // Training points: this wave's and the earlier ones the space keeps.
    std::vector<std::size_t> training;
    for (std::size_t j = 0; j < simulated.size(); ++j)
      if (result.space.contains(simulated[j].x)) training.push_back(j);
    for (std::size_t j = 0; j < points.size(); ++j) {
      training.push_back(simulated.size());
      simulated.push_back({points[j], evaluations[j]});
    }

    Wave record;
    record.index = wave;
    record.evaluated = points.size();
    std::vector<GaussianProcess> emulators;
    bool emulated = true;
    for (std::size_t k = 0; k < targets.size() && emulated; ++k) {
      GaussianProcessData data = emulator_data(parameters, simulated, training, k);
      if (static_cast<std::size_t>(data.y.size()) < fewest_points) {
        result.stop_reason = "too few finite evaluations to emulate " + targets[k].metric + " in wave " + std::to_string(wave);
        emulated = false;
        break;
      }
      emulators.push_back(fit_gaussian_process(std::move(data), options.kernel, MeanFunction::constant));
      const Eigen::VectorXd errors = emulators.back().leave_one_out_standardised_errors();
      record.loo_share_within_3.push_back(static_cast<double>((errors.array().abs() <= 3.0).count()) / static_cast<double>(errors.size()));
    }
    if (!emulated) break;
    result.space.add_wave(std::move(emulators));
    for (const std::vector<double>& x : points) record.max_implausibility.push_back(result.space.wave_implausibility(wave - 1, x));
    record.points = std::move(points);
    record.non_implausible_share = non_implausible_share(parameters, result.space, options);
    const double shrink = share > 0 ? (share - record.non_implausible_share) / share : 0;
    share = record.non_implausible_share;
    result.waves.push_back(std::move(record));

    if (shrink < options.min_shrink) {
      result.stop_reason = "converged: wave " + std::to_string(wave) + " shrank the non-implausible share by less than min_shrink";
      break;
    }
    if (wave == options.max_waves) {
      result.stop_reason = "max_waves: " + std::to_string(wave) + " waves";
      break;
    }
  }
  return result;
}

}  // namespace tiaokuai::calibration
