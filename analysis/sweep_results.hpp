#pragma once
// A sweep's results database, read into memory for analysis: the design
// points, and every metric of every run as a dense (point, replication,
// metric) array. A run that failed or has not run yet reads as NaN.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace tiaokuai::analysis {

struct CallNetworkCell {
  std::string township, department;
  double calls = 0, reports = 0, refusals = 0;  // summed over the point's runs
  double response_hours_sum = 0;                // mean response x reports, summed
};

class SweepResults {
 public:
  // Throws std::runtime_error naming the file if it is not a results database.
  static SweepResults load(const std::string& database_path);

  std::string file, design, description;
  int replications = 0;
  std::vector<std::string> factors;
  std::vector<std::string> labels;                // per point
  std::vector<std::vector<std::string>> values;   // [point][factor], as written
  std::vector<std::vector<double>> numbers;       // [point][factor]; booleans as 0/1; NaN for text
  std::vector<std::string> metrics;               // metric names
  std::vector<std::vector<CallNetworkCell>> call_network;  // per point

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
  std::size_t point(const std::string& label) const;  // throws if absent

 private:
  std::vector<double> data_;
};

}  // namespace tiaokuai::analysis
