#pragma once
// A sweep's results database, read into memory for analysis: the design
// points, and every metric of every run as a dense (point, replication,
// metric) array. A run that failed or has not run yet reads as NaN; how
// many runs are missing or failed is kept beside the data (completeness),
// so that every output can say so. The file is checked whole first
// (experiments/results_check.hpp).

#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace tiaokuai::analysis {

struct CallNetworkCell {
  std::string township, department;
  double calls = 0, reports = 0, refusals = 0;  // summed over the point's runs
  double response_hours_sum = 0;                // mean response x reports, summed
};

struct FailedRun {
  std::size_t run = 0;
  std::string point;  // the design point's label
  int replication = 0;
  std::string message;
};

// How much of the design the database holds.
struct Completeness {
  std::size_t expected = 0;  // runs in the design: points x replications
  std::size_t done = 0;      // runs recorded, failed ones included
  std::vector<FailedRun> failed;
  bool complete() const { return done == expected && failed.empty(); }
  // "12 of 12 runs", "209 of 1024 runs; 3 failed"
  std::string summary() const;
};

// Two arms of a paired comparison, holding only the replications where both
// have a value (complete pairs), in replication order.
struct PairedSample {
  std::vector<double> treatment, base;
};

// A factor with a number at every point (booleans as 0/1) that takes more
// than one value: one the metamodel, Morris effects and scenario discovery
// can use. A text factor or a constant one tells them nothing.
struct VaryingNumericFactor {
  std::size_t factor = 0;  // index into SweepResults::factors
  double low = 0, high = 0;
};

class SweepResults {
 public:
  // Throws models::ConfigError naming the file if it is not a whole and
  // consistent results database.
  static SweepResults load(const std::string& database_path);
  // Results held in memory, for tests and for analyses of runs that never
  // went through a database: `data` is laid out as value() reads it,
  // [point][replication][metric], NaN for a missing run. Every run counts
  // as done (completeness), design "variants". Throws
  // std::invalid_argument if `data` has the wrong size.
  static SweepResults from_values(std::vector<std::string> labels, std::vector<std::string> metrics, int replications,
                                  std::vector<double> data);

  std::string database;  // the results database's path, for messages
  std::string file, design, description;
  int replications = 0;
  std::vector<std::string> factors;
  std::vector<std::string> labels;                // per point
  std::vector<std::string> roles;                 // per point: the variant's declared role (experiments/variant_roles.hpp), or empty
  std::vector<std::vector<std::string>> values;   // [point][factor], as written
  std::vector<std::vector<double>> numbers;       // [point][factor]; booleans as 0/1; NaN for text
  std::vector<std::string> metrics;               // metric names
  // design: morris only: each factor's (low, high) and the grid's levels,
  // as the sweep file declares them (experiments::morris_grid).
  std::vector<std::pair<double, double>> factor_ranges;
  std::size_t morris_levels = 0;
  std::vector<std::vector<CallNetworkCell>> call_network;  // per point
  Completeness completeness;

  std::size_t points() const { return labels.size(); }
  double value(std::size_t point, int replication, std::size_t metric) const {
    return data_[(point * static_cast<std::size_t>(replications) + static_cast<std::size_t>(replication)) * metrics.size() + metric];
  }
  // The index of a metric; throws std::invalid_argument with a "did you
  // mean" hint for an unknown name.
  std::size_t metric(const std::string& name) const;
  bool has_metric(const std::string& name) const;
  // Replications of a point with a value of the metric.
  std::vector<double> sample(std::size_t point, std::size_t metric) const;
  // Every replication of a point, in order, NaN where it has no value:
  // element r of two points' vectors share their random numbers.
  std::vector<double> by_replication(std::size_t point, std::size_t metric) const;
  std::size_t point(const std::string& label) const;  // throws if absent
  // The point of the variant with `role`, the first if several (a posterior
  // sweep has one per draw); throws std::invalid_argument naming the role
  // and the database if no point has it.
  std::size_t point_with_role(const std::string& role) const;
  bool has_role(const std::string& role) const;
  // The varying numeric factors, in the order of `factors`.
  std::vector<VaryingNumericFactor> varying_numeric_factors() const;
  // (treatment point, metric) against (base point, metric), complete pairs only.
  PairedSample paired(std::size_t treatment, std::size_t treatment_metric, std::size_t base, std::size_t base_metric) const;

 private:
  std::vector<double> data_;
};

}  // namespace tiaokuai::analysis
