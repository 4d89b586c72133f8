#pragma once
// design: posterior (docs/sweeps.md): a sweep's points drawn from the
// posterior of a finished calibration (the SQLite database `tiaokuai
// calibrate` writes), so that an experiment runs over parameter
// uncertainty instead of at one guessed value. Reads the posterior,
// resamples it by weight, and crosses the draws with the sweep's factors.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/design.hpp"

namespace tiaokuai::experiments {

// The weighted particles of a calibration's posterior, as stored.
struct PosteriorSample {
  std::string method;                       // abc-smc | history-matching | history-matching+abc-smc | rejection
  std::vector<std::string> paths;           // one per calibrated parameter: a canonical declared path
  std::vector<bool> integer;                // the parameter takes whole numbers
  std::vector<std::int64_t> particles;      // the particles' ids in the database
  std::vector<double> weights;              // one per particle, finite, not negative, summing to more than 0
  std::vector<std::vector<double>> values;  // values[particle][parameter], on the scenario's natural scale
};

// The format a calibration database declares in calibration_meta.
inline constexpr const char* calibration_format = "tiaokuai-calibration 1";

// Whether `path` is a calibration database: an SQLite file with a
// calibration_meta table (of any format, which the readers then check).
// False for a path that is missing or not SQLite, so that the caller's own
// check (a results database's, say) names what it is instead.
bool is_calibration_database(const std::string& path);

// A list of numbers as a calibration database stores it (a JSON array,
// written by the calibration database; null, a failed evaluation, reads as
// NaN). Throws models::ConfigError naming `path` for text that is not an
// array of numbers.
std::vector<double> calibration_numbers(const std::string& path, const std::string& text);

// Refuses (models::ConfigError naming the file) a path that is missing, not
// a regular file, or not an SQLite file: a file SQLite would open as an
// empty database (0 bytes) is named for what it is, and never written.
void refuse_unless_sqlite_file(const std::string& path);

// Reads the posterior of the calibration database at `path`, opened
// read-only as results databases are (open_read_only, results_check.hpp:
// no file is created or changed beside it, WAL mode or not). Throws models::ConfigError naming the file and the problem
// for a missing file, a file that is not SQLite or not a calibration
// database (no calibration_meta table, or another format), a calibration
// whose status is not 'complete', no parameters or no posterior particles,
// a weight that is not finite or is negative, weights summing to zero,
// and a particle lacking a parameter's value (or holding one that is not
// a finite number).
PosteriorSample read_posterior(const std::string& path);

// Reads the posterior.csv that `tiaokuai calibrate` writes beside its
// database (docs/calibration.md): the header particle,weight,distance, then
// one column per calibrated parameter (a declared real or integer
// parameter, its canonical path); one row per particle, values on the
// natural scale, distance possibly empty. `method` is "csv"; `integer`
// comes from the parameter's declared type, so posterior_points rounds an
// integer parameter's values. Throws models::ConfigError naming the file,
// the line and the column (and the column's name) for a missing file, a
// missing, repeated or unknown column, a column that is not a declared
// real or integer parameter, a row of the wrong width, a value that is not
// a finite number (a particle that is not a whole number), a negative
// weight, weights that are all zero, and a file without rows.
PosteriorSample read_posterior_csv(const std::string& path);

// A posterior file of either kind: read_posterior_csv for a name ending
// in .csv, read_posterior (a calibration database) for any other.
PosteriorSample read_posterior_file(const std::string& path);

// Systematic resampling (Kitagawa 1996; Douc and Cappe 2005): n draws of
// particle indices with probabilities proportional to `weights`, from one
// uniform u in [0, 1): the k-th draw is the particle whose cumulative
// share of the weight first exceeds (k + u) / n. Particle i is drawn
// floor(n w_i) or ceil(n w_i) times (w_i its normalised weight), so the
// draws follow the weights with far less noise than n independent ones.
// The indices come out in ascending order. Throws std::invalid_argument
// for weights that are empty, not finite, negative or summing to zero,
// or u outside [0, 1).
std::vector<std::size_t> systematic_resample(const std::vector<double>& weights, std::size_t n, double u);

// The points of a posterior design: for each draw (a particle index of
// `sample`), every combination of the factors' levels, the draw varying
// slowest. A point's values are the draw's parameter values (whole
// numbers rounded where `sample.integer` says so), then the factors'
// values; its label is "draw:D", then " " and the combination's label
// when there are factors ("draw:3 levers.incentive_weight=0.5").
std::vector<DesignPoint> posterior_points(const PosteriorSample& sample, const std::vector<std::size_t>& draws,
                                          const std::vector<Factor>& factors);

}  // namespace tiaokuai::experiments
