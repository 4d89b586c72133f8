#pragma once
// A sweep file (scenarios/sweeps/*.yaml, docs/sweeps.md): a base scenario,
// factors, a design, replications and a master seed, loaded and validated in
// full before anything runs. Every design point's scenario is built and
// checked here, so a bad value stops the sweep with the sweep file's line
// and key, before any result exists.
//
// Seeds: replication r of every design point runs with the same random
// streams, keyed by (master seed, r): common random numbers, so differences
// between points are paired. A run is identified by its run index
// point * replications + r, which depends only on the sweep file.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiments/design.hpp"
#include "models/scenario.hpp"

namespace tiaokuai::experiments {

// The largest sweep a file may ask for (docs/sweeps.md). Every point's
// scenario is built, checked and held before anything runs: about 10 KB and
// 0.2 ms per point for W county, so 100 000 points take about 1 GB and
// 20 s. Runs are rows of the results database, and a million runs of W
// county are days of computing. A design beyond these is refused, naming
// its size and the limit, before its points are made.
inline constexpr std::uint64_t max_points = 100000;
inline constexpr std::uint64_t max_runs = 1000000;
inline constexpr std::uint64_t max_replications = 100000;

struct SweepSpec {
  std::string file;          // the sweep file as given
  std::string text;          // its YAML text, stored with the results
  std::string description;
  std::string base;          // the base scenario's path, as written (relative to the folder of the file that names it)
  std::string design;        // full_factorial | latin_hypercube | saltelli | morris | one_at_a_time | variants | posterior
  std::size_t samples = 0;   // Latin hypercube points, Saltelli base samples, Morris trajectories, or posterior draws (both posterior designs)
  std::string posterior;     // design: posterior: the calibration database (relative to the sweep file's folder)
  // design: variants with a posterior: block, crossed (posterior_draws > 0):
  // the posterior files as found from the sweep file, the draws, and a hash
  // of the files' bytes (it enters the fingerprint).
  std::vector<std::string> posterior_files;
  std::size_t posterior_draws = 0;
  std::string posterior_digest;
  int replications = 1;      // per point: the posterior: block's when crossed
  std::uint64_t master_seed = 1;
  std::vector<std::string> fixed;  // key.path=value applied to every run (the `set:` map)
  std::vector<Factor> factors;     // design: posterior: the calibrated parameters first, then the file's factors
  std::vector<DesignPoint> points;
  std::vector<models::Scenario> scenarios;  // one per point, validated, run.seed = master seed
  std::string fingerprint;   // hash of everything that decides the results; guards resume

  std::size_t run_count() const { return points.size() * static_cast<std::size_t>(replications); }
  std::size_t point_of(std::size_t run) const { return run / static_cast<std::size_t>(replications); }
  int replication_of(std::size_t run) const { return static_cast<int>(run % static_cast<std::size_t>(replications)); }
};

// How to read a sweep file whose variants have a posterior: block, so that
// `tiaokuai reproduce` can run either sweep from one file.
struct SweepLoadOptions {
  // If not 0, replaces the file's replications (tiaokuai reproduce
  // --replications): the posterior: block's when the variants are crossed
  // with draws, the top-level one otherwise. It enters the fingerprint like
  // any other setting.
  int replications = 0;
  // Unset: as the file declares (a posterior: block is crossed with its
  // draws). 0: ignore the posterior: block and run the plain variants (its
  // files are not read and do not enter the fingerprint). N: cross with N
  // draws instead of the block's (refused for a file without the block).
  std::optional<std::size_t> posterior_draws;
};

// Throws models::ConfigError (file, line, column, key) for any problem,
// including a design larger than the limits above, two spellings of one
// factor, a repeated level and a factor on the seed.
SweepSpec load_sweep(const std::string& path, const SweepLoadOptions& options);
// load_sweep(path, {replications}): the file as it declares itself.
SweepSpec load_sweep(const std::string& path, int replications = 0);

// The grid of a morris sweep as its stored file text declares it
// (SweepSpec::text, kept in the results database): the levels, and each
// factor's path and range in factor order. The database holds the points'
// values but not the ranges, and an elementary effect measures its step as
// a share of the factor's range. Throws models::ConfigError (on `name`)
// if the text is not a morris sweep file.
struct MorrisGrid {
  std::size_t levels = 0;
  std::vector<std::string> paths;
  std::vector<std::pair<double, double>> ranges;  // (low, high)
};
MorrisGrid morris_grid(const std::string& stored_text, const std::string& name);

// The hash of everything that decides a sweep's results: the code and model
// versions (tiaokuai::version, models/governance/model_version.hpp), the
// design, replications, master seed and every point's label and resolved
// scenario. load_sweep stores it in SweepSpec::fingerprint; a results
// database of another fingerprint is refused, so a binary whose results
// differ never adds runs to an old database. (Not the git commit: that
// would refuse every resume after any commit.)
std::string sweep_fingerprint(const SweepSpec& spec, const std::string& code_version, int model_version);

}  // namespace tiaokuai::experiments
