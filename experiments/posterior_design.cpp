#include "experiments/posterior_design.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "experiments/database_query.hpp"

namespace tiaokuai::experiments {
namespace {

bool has_calibration_meta(sqlite3* db, const std::string& path) {
  Query table(db, path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'calibration_meta'");
  return table.row() && table.integer(0) > 0;
}

}  // namespace

bool is_calibration_database(const std::string& path) {
  try {
    refuse_unless_sqlite_file(path);
  } catch (const models::ConfigError&) {
    return false;  // missing or not SQLite: the caller's own check says what it is
  }
  const DatabaseConnection db = open_read_only(path);
  return has_calibration_meta(db.get(), path);
}

std::vector<double> calibration_numbers(const std::string& path, const std::string& text) {
  std::vector<double> values;
  bool numbers = true;
  try {
    const nlohmann::json array = nlohmann::json::parse(text);
    numbers = array.is_array();
    for (const auto& v : numbers ? array : nlohmann::json::array()) {
      values.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
    }
  } catch (const nlohmann::json::exception&) {
    numbers = false;
  }
  if (!numbers) refuse_file(path, "an evaluation holds '" + text + "', not an array of numbers");
  return values;
}

void refuse_unless_sqlite_file(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status))
    refuse_file(path, "no such calibration database (tiaokuai calibrate TARGETS writes one)");
  if (!std::filesystem::is_regular_file(status)) refuse_file(path, "not a file, so not a calibration database");
  char header[16] = {};
  std::ifstream in(path, std::ios::binary);
  if (!in.read(header, sizeof header) || std::memcmp(header, "SQLite format 3", sizeof header) != 0) {
    refuse_file(path, "not an SQLite file, so not a calibration database written by tiaokuai calibrate");
  }
}

namespace {

std::map<std::string, std::string> read_meta(sqlite3* db, const std::string& path) {
  if (!has_calibration_meta(db, path)) refuse_file(path, "not a tiaokuai calibration database (it has no calibration_meta table)");
  std::map<std::string, std::string> meta;
  Query rows(db, path, "SELECT key, value FROM calibration_meta");
  while (rows.row()) meta[rows.text(0)] = rows.text(1);
  if (meta["format"] != calibration_format) {
    refuse_file(path, "not a tiaokuai calibration database of the format '" + std::string(calibration_format) +
                          "' (its format is '" + meta["format"] + "')");
  }
  if (meta["status"] != "complete") {
    const std::string targets = meta["targets_file"].empty() ? "TARGETS" : meta["targets_file"];
    refuse_file(path, "the calibration is still running or was interrupted (its status is '" + meta["status"] +
                          "'); finish it with tiaokuai calibrate " + targets + " before sampling its posterior");
  }
  return meta;
}

}  // namespace

PosteriorSample read_posterior(const std::string& path) {
  refuse_unless_sqlite_file(path);
  // Read-only, and as the results databases are read: without creating or
  // changing any file beside it, even when it is in WAL mode.
  const DatabaseConnection db = open_read_only(path);

  PosteriorSample sample;
  sample.method = read_meta(db.get(), path)["method"];

  std::map<std::int64_t, std::size_t> parameter_of;  // parameters.idx -> position
  Query parameters(db.get(), path, "SELECT idx, path, integer FROM parameters ORDER BY idx");
  while (parameters.row()) {
    parameter_of[parameters.integer(0)] = sample.paths.size();
    sample.paths.push_back(parameters.text(1));
    sample.integer.push_back(parameters.integer(2) != 0);
  }
  if (sample.paths.empty()) refuse_file(path, "the calibration has no parameters (the parameters table is empty)");

  std::map<std::int64_t, std::size_t> particle_of;  // posterior.particle -> position
  double total = 0;
  Query particles(db.get(), path, "SELECT particle, weight FROM posterior ORDER BY particle");
  while (particles.row()) {
    const std::int64_t particle = particles.integer(0);
    const double weight = particles.real(1);
    if (!particles.is_number(1) || !std::isfinite(weight) || weight < 0) {
      refuse_file(path, "particle " + std::to_string(particle) + " has the weight '" + particles.text(1) +
                            "'; a posterior weight must be a finite number, not negative");
    }
    particle_of[particle] = sample.particles.size();
    sample.particles.push_back(particle);
    sample.weights.push_back(weight);
    total += weight;
  }
  if (sample.particles.empty())
    refuse_file(path, "the calibration's posterior has no particles (the posterior table is empty)");
  if (!(total > 0) || !std::isfinite(total))
    refuse_file(path, "the posterior's weights sum to " + format_value(total, false) + ", not a positive number");

  sample.values.assign(sample.particles.size(), std::vector<double>(sample.paths.size(), std::nan("")));
  Query values(db.get(), path, "SELECT particle, parameter, value FROM posterior_values");
  while (values.row()) {
    const auto particle = particle_of.find(values.integer(0));
    const auto parameter = parameter_of.find(values.integer(1));
    if (particle == particle_of.end() || parameter == parameter_of.end()) {
      refuse_file(path, "posterior_values holds a value of particle " + std::to_string(values.integer(0)) +
                            " and parameter " + std::to_string(values.integer(1)) +
                            ", which the posterior and parameters tables do not have");
    }
    const double value = values.real(2);
    if (!values.is_number(2) || !std::isfinite(value)) {
      refuse_file(path, "particle " + std::to_string(particle->first) + "'s value of " +
                            sample.paths[parameter->second] + " is '" + values.text(2) + "', not a finite number");
    }
    sample.values[particle->second][parameter->second] = value;
  }
  for (std::size_t p = 0; p < sample.particles.size(); ++p) {
    for (std::size_t j = 0; j < sample.paths.size(); ++j) {
      if (std::isnan(sample.values[p][j])) {
        refuse_file(path, "particle " + std::to_string(sample.particles[p]) + " has no value of " + sample.paths[j] +
                              " (posterior_values)");
      }
    }
  }
  return sample;
}

std::vector<std::size_t> systematic_resample(const std::vector<double>& weights, std::size_t n, double u) {
  if (!(u >= 0 && u < 1)) throw std::invalid_argument("systematic resampling needs u in [0, 1)");
  double total = 0;
  for (const double weight : weights) {
    if (!std::isfinite(weight) || weight < 0)
      throw std::invalid_argument("systematic resampling needs finite weights, not negative");
    total += weight;
  }
  if (!(total > 0) || !std::isfinite(total))
    throw std::invalid_argument("systematic resampling needs weights with a positive, finite sum");
  // Rounding may leave the last cumulative share a hair below n: the draws
  // beyond it go to the last particle with weight, never to one without.
  std::size_t last = weights.size() - 1;
  while (weights[last] == 0) --last;
  const double scale = static_cast<double>(n) / total;  // cumulative weight in units of one draw
  std::vector<std::size_t> draws;
  draws.reserve(n);
  std::size_t particle = 0;
  double cumulative = weights[0] * scale;
  for (std::size_t k = 0; k < n; ++k) {
    const double position = static_cast<double>(k) + u;
    while (position >= cumulative && particle < last) cumulative += weights[++particle] * scale;
    draws.push_back(particle);
  }
  return draws;
}

std::vector<DesignPoint> posterior_points(const PosteriorSample& sample, const std::vector<std::size_t>& draws,
                                          const std::vector<Factor>& factors) {
  const std::vector<DesignPoint> combinations = full_factorial(factors);
  std::vector<DesignPoint> points;
  points.reserve(draws.size() * combinations.size());
  for (std::size_t d = 0; d < draws.size(); ++d) {
    DesignPoint drawn;
    drawn.label = "draw:" + std::to_string(d);
    for (std::size_t j = 0; j < sample.paths.size(); ++j)
      drawn.values.push_back(format_value(sample.values[draws[d]][j], sample.integer[j]));
    for (const DesignPoint& combination : combinations) {
      DesignPoint point = drawn;
      point.values.insert(point.values.end(), combination.values.begin(), combination.values.end());
      if (!combination.label.empty()) point.label += " " + combination.label;
      points.push_back(std::move(point));
    }
  }
  return points;
}

}  // namespace tiaokuai::experiments
