#include "analysis/sweep_results.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "experiments/database_query.hpp"
#include "experiments/results_check.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/closest_name.hpp"
#include "models/config_node.hpp"

namespace tiaokuai::analysis {
namespace {

// Runs `sql` and calls `row` with each result row.
template <class Row>
void each_row(sqlite3* db, const char* sql, Row row) {
  sqlite3_stmt* statement = nullptr;
  experiments::check_sqlite(db, sqlite3_prepare_v2(db, sql, -1, &statement, nullptr), "read");
  int code = SQLITE_ROW;
  while ((code = sqlite3_step(statement)) == SQLITE_ROW) row(statement);
  sqlite3_finalize(statement);
  experiments::check_sqlite(db, code, "read", SQLITE_DONE);
}

std::string text(sqlite3_stmt* statement, int column) {
  const auto* value = sqlite3_column_text(statement, column);
  return value != nullptr ? reinterpret_cast<const char*>(value) : "";
}

double real(sqlite3_stmt* statement, int column) {
  return sqlite3_column_type(statement, column) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                               : sqlite3_column_double(statement, column);
}

// A morris design's levels and the factors' ranges, which the elementary
// effects are scaled by, from the sweep file text the database stores; a
// grid that does not fit the stored points is a damaged database.
void read_morris_grid(SweepResults& results, const std::string& sweep_text) {
  const std::string& path = results.database;
  experiments::MorrisGrid grid;
  try {
    grid = experiments::morris_grid(sweep_text, path + " (its sweep file)");
  } catch (const models::ConfigError& error) {
    experiments::refuse_file(path, std::string("damaged results database: its stored morris sweep file: ") + error.what());
  }
  if (grid.paths != results.factors) {
    experiments::refuse_file(path, "damaged results database: its stored sweep file's factors are not those of its factors table");
  }
  for (std::size_t f = 0; f < grid.ranges.size(); ++f) {
    const auto [low, high] = grid.ranges[f];
    for (std::size_t p = 0; p < results.points(); ++p) {
      const double x = results.numbers[p][f];
      if (!(low < high) || !(x >= low && x <= high)) {
        experiments::refuse_file(path, "damaged results database: point " + results.labels[p] + " has " + results.factors[f] + " = " +
                                           results.values[p][f] + ", outside its stored range [" + experiments::format_value(low, false) +
                                           ", " + experiments::format_value(high, false) + "]");
      }
    }
  }
  results.factor_ranges = grid.ranges;
  results.morris_levels = grid.levels;
}

}  // namespace

SweepResults SweepResults::load(const std::string& database_path) {
  const auto db = experiments::open_checked(database_path);
  SweepResults results;
  results.database = database_path;
  std::string sweep_text;
  try {
    each_row(db.get(), "SELECT file, design, description, replications, yaml FROM sweep", [&](sqlite3_stmt* s) {
      results.file = text(s, 0);
      results.design = text(s, 1);
      results.description = text(s, 2);
      results.replications = sqlite3_column_int(s, 3);
      sweep_text = text(s, 4);
    });
    each_row(db.get(), "SELECT path FROM factors ORDER BY factor", [&](sqlite3_stmt* s) { results.factors.push_back(text(s, 0)); });
    each_row(db.get(), "SELECT label, role FROM points ORDER BY point", [&](sqlite3_stmt* s) {
      results.labels.push_back(text(s, 0));
      results.roles.push_back(text(s, 1));
    });
    results.values.assign(results.points(), std::vector<std::string>(results.factors.size()));
    results.numbers.assign(results.points(), std::vector<double>(results.factors.size(), std::numeric_limits<double>::quiet_NaN()));
    each_row(db.get(), "SELECT point, factor, value, number FROM point_values", [&](sqlite3_stmt* s) {
      const auto p = static_cast<std::size_t>(sqlite3_column_int64(s, 0));
      const auto f = static_cast<std::size_t>(sqlite3_column_int64(s, 1));
      results.values[p][f] = text(s, 2);
      results.numbers[p][f] = results.values[p][f] == "true" ? 1.0 : results.values[p][f] == "false" ? 0.0 : real(s, 3);
    });
    std::map<std::int64_t, std::size_t> metric_column;
    each_row(db.get(), "SELECT metric, name FROM metric_names ORDER BY metric", [&](sqlite3_stmt* s) {
      metric_column[sqlite3_column_int64(s, 0)] = results.metrics.size();
      results.metrics.push_back(text(s, 1));
    });
    results.data_.assign(results.points() * static_cast<std::size_t>(results.replications) * results.metrics.size(),
                         std::numeric_limits<double>::quiet_NaN());
    each_row(db.get(), "SELECT run, metric, value FROM metrics", [&](sqlite3_stmt* s) {
      const auto run = static_cast<std::size_t>(sqlite3_column_int64(s, 0));
      results.data_[run * results.metrics.size() + metric_column.at(sqlite3_column_int64(s, 1))] = real(s, 2);
    });
    results.call_network.resize(results.points());
    std::map<std::tuple<std::size_t, std::string, std::string>, CallNetworkCell> cells;
    each_row(db.get(), "SELECT run, township, department, calls, reports, refusals, mean_response_hours FROM call_network",
             [&](sqlite3_stmt* s) {
               const std::size_t point = static_cast<std::size_t>(sqlite3_column_int64(s, 0)) / static_cast<std::size_t>(results.replications);
               CallNetworkCell& cell = cells[{point, text(s, 1), text(s, 2)}];
               cell.township = text(s, 1);
               cell.department = text(s, 2);
               cell.calls += real(s, 3);
               cell.reports += real(s, 4);
               cell.refusals += real(s, 5);
               if (!std::isnan(real(s, 6))) cell.response_hours_sum += real(s, 6) * real(s, 4);
             });
    for (auto& [key, cell] : cells) results.call_network[std::get<0>(key)].push_back(cell);
    results.completeness.expected = results.points() * static_cast<std::size_t>(results.replications);
    each_row(db.get(), "SELECT run, point, replication, status, message FROM runs ORDER BY run", [&](sqlite3_stmt* s) {
      ++results.completeness.done;
      if (text(s, 3) == "ok") return;
      results.completeness.failed.push_back({static_cast<std::size_t>(sqlite3_column_int64(s, 0)),
                                             results.labels[static_cast<std::size_t>(sqlite3_column_int64(s, 1))],
                                             sqlite3_column_int(s, 2), text(s, 4)});
    });
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(database_path + ": " + error.what());
  }
  if (results.design == "morris") read_morris_grid(results, sweep_text);
  return results;
}

SweepResults SweepResults::from_values(std::vector<std::string> labels, std::vector<std::string> metrics, int replications,
                                       std::vector<double> data) {
  if (replications < 0 || data.size() != labels.size() * static_cast<std::size_t>(replications) * metrics.size()) {
    throw std::invalid_argument("SweepResults::from_values: " + std::to_string(data.size()) + " values for " + std::to_string(labels.size()) +
                                " points x " + std::to_string(replications) + " replications x " + std::to_string(metrics.size()) + " metrics");
  }
  SweepResults results;
  results.database = "(in memory)";
  results.design = "variants";
  results.replications = replications;
  results.values.assign(labels.size(), {});
  results.numbers.assign(labels.size(), {});
  results.call_network.assign(labels.size(), {});
  results.labels = std::move(labels);
  results.roles.assign(results.labels.size(), "");
  results.metrics = std::move(metrics);
  results.completeness.expected = results.completeness.done = results.points() * static_cast<std::size_t>(replications);
  results.data_ = std::move(data);
  return results;
}

std::string Completeness::summary() const {
  std::string text = std::to_string(done) + " of " + std::to_string(expected) + " runs";
  if (!failed.empty()) text += "; " + std::to_string(failed.size()) + " failed";
  return text;
}

PairedSample SweepResults::paired(std::size_t treatment, std::size_t treatment_metric, std::size_t base, std::size_t base_metric) const {
  PairedSample pairs;
  for (int r = 0; r < replications; ++r) {
    const double t = value(treatment, r, treatment_metric), b = value(base, r, base_metric);
    if (std::isnan(t) || std::isnan(b)) continue;
    pairs.treatment.push_back(t);
    pairs.base.push_back(b);
  }
  return pairs;
}

bool SweepResults::has_metric(const std::string& name) const {
  return std::find(metrics.begin(), metrics.end(), name) != metrics.end();
}

std::size_t SweepResults::metric(const std::string& name) const {
  const auto found = std::find(metrics.begin(), metrics.end(), name);
  if (found != metrics.end()) return static_cast<std::size_t>(found - metrics.begin());
  std::string message = "no metric '" + name + "' in the results";
  const std::string hint = models::closest_name(name, metrics);
  if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
  throw std::invalid_argument(message + "; docs/outputs.md lists the summary's fields");
}

std::vector<double> SweepResults::sample(std::size_t point, std::size_t metric_index) const {
  std::vector<double> out;
  for (int r = 0; r < replications; ++r) {
    const double v = value(point, r, metric_index);
    if (!std::isnan(v)) out.push_back(v);
  }
  return out;
}

std::vector<double> SweepResults::by_replication(std::size_t point, std::size_t metric_index) const {
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(replications));
  for (int r = 0; r < replications; ++r) values.push_back(value(point, r, metric_index));
  return values;
}

std::size_t SweepResults::point(const std::string& label) const {
  const auto found = std::find(labels.begin(), labels.end(), label);
  if (found == labels.end()) throw std::invalid_argument("no design point labelled '" + label + "'");
  return static_cast<std::size_t>(found - labels.begin());
}

std::size_t SweepResults::point_with_role(const std::string& role) const {
  const auto found = std::find(roles.begin(), roles.end(), role);
  if (found == roles.end()) throw std::invalid_argument(database + ": no variant has the role '" + role + "'");
  return static_cast<std::size_t>(found - roles.begin());
}

bool SweepResults::has_role(const std::string& role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

std::vector<VaryingNumericFactor> SweepResults::varying_numeric_factors() const {
  std::vector<VaryingNumericFactor> varying;
  for (std::size_t f = 0; f < factors.size(); ++f) {
    bool numeric = true;
    double low = INFINITY, high = -INFINITY;
    for (std::size_t p = 0; p < points(); ++p) {
      numeric = numeric && !std::isnan(numbers[p][f]);
      low = std::min(low, numbers[p][f]);
      high = std::max(high, numbers[p][f]);
    }
    if (numeric && high > low) varying.push_back({f, low, high});
  }
  return varying;
}

}  // namespace tiaokuai::analysis
