#pragma once
// History matching in waves (Craig, Goldstein, Seheult and Smith 1997;
// Vernon, Goldstein and Bower 2010; Andrianakis et al. 2015): simulate a
// design of parameter vectors, emulate each target's simulated mean with a
// Gaussian process, rule out the parameter vectors whose emulated outputs
// are implausibly far from the observations, and repeat inside what is
// left. The result is the non-implausible space, not a posterior: where the
// model can match the targets, given the observation and emulator
// uncertainty and the model discrepancy. It also serves as the starting
// prior of ABC-SMC (sample_non_implausible).
//
// Deterministic: every random draw comes from RandomStream(seed, wave,
// "hm/..."), and each wave makes one evaluator call, BatchKey{"hm", wave, 0}
// with waves counted from 1, so replaying with stored evaluations
// reproduces the run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "calibration/gaussian_process.hpp"
#include "calibration/non_implausible_space.hpp"
#include "calibration/problem.hpp"

namespace tiaokuai::calibration {

struct HistoryMatchingOptions {
  std::size_t points_per_wave = 0;      // 0: 10 x the number of parameters
  std::size_t max_waves = 6;
  double cutoff = 3;                    // implausibility cut-off (Pukelsheim's three-sigma rule)
  std::vector<double> discrepancy_sd;   // model discrepancy per target (sd); empty: 0 for all
  Kernel kernel = Kernel::squared_exponential;
  double min_shrink = 0.1;              // stop when a wave shrinks the non-implausible share by less than this fraction
  std::size_t budget = 0;               // most candidate evaluations; 0: no limit
  std::size_t volume_samples = 20000;   // prior draws that estimate the non-implausible share
  std::uint64_t seed = 1;
};

struct Wave {
  std::size_t index = 0;                      // from 1
  std::size_t evaluated = 0;                  // candidates simulated in this wave
  double non_implausible_share = 1;           // of the prior, after this wave (Monte Carlo, volume_samples draws)
  std::vector<double> loo_share_within_3;     // per target: share of leave-one-out standardised errors within +-3
  std::vector<std::vector<double>> points;    // the wave's candidates, natural scale
  std::vector<double> max_implausibility;     // of each candidate under this wave's emulators
};

struct HistoryMatchingResult {
  std::vector<Wave> waves;
  NonImplausibleSpace space;
  std::string stop_reason;
  std::size_t evaluations = 0;
};

// Wave 1 simulates a Latin hypercube over the prior; later waves simulate
// prior draws that the space so far keeps. Each wave's emulators are fitted
// on its own candidates and the earlier waves' candidates still inside the
// space, leaving out NaN evaluations. Stops after max_waves, when a wave
// shrinks the non-implausible share by less than min_shrink, when the
// budget cannot pay for another wave, or when no prior draw is
// non-implausible (a result: the model cannot match the targets). Throws
// std::invalid_argument on inconsistent inputs; lets the evaluator's
// exceptions through.
HistoryMatchingResult history_matching(const std::vector<Parameter>& parameters, const std::vector<Target>& targets,
                                       const HistoryMatchingOptions& options, const Evaluator& evaluator);

// Up to n draws from the prior restricted to the space, by rejection, with
// at most max_attempts prior draws (0: 10000 x n); fewer than n only when
// the space is too small to fill in that many attempts. Deterministic from
// the seed.
std::vector<std::vector<double>> sample_non_implausible(const std::vector<Parameter>& parameters, const NonImplausibleSpace& space,
                                                        std::size_t n, std::uint64_t seed, std::size_t max_attempts = 0);

}  // namespace tiaokuai::calibration
