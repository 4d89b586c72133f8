// The posterior.csv of `tiaokuai calibrate` as a PosteriorSample
// (experiments/posterior_design.hpp), so a sweep can draw from a posterior
// shipped as text beside the scenarios.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "experiments/posterior_design.hpp"
#include "models/config_node.hpp"
#include "models/scenario_schema.hpp"

namespace tiaokuai::experiments {
namespace {

using models::ConfigError;
using models::SourceLocation;

struct Field {
  std::string text;
  int column = 1;  // 1-based character column where the field starts
};

// One line of RFC 4180 fields (a quoted field may hold commas and doubled
// quotes; calibrate quotes a path only if it holds one of those).
std::vector<Field> split_line(const std::string& line) {
  std::vector<Field> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().text += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().text += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(Field{"", static_cast<int>(i) + 2});
    } else {
      fields.back().text += c;
    }
  }
  return fields;
}

bool parse_number(const std::string& text, double& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

PosteriorSample read_posterior_csv(const std::string& path) {
  const auto refuse = [&path](int line, int column, const std::string& key, const std::string& problem) {
    throw ConfigError(SourceLocation{path, line, column}, key, problem);
  };
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    refuse(0, 0, "", "no such posterior file (tiaokuai calibrate TARGETS writes posterior.csv)");
  }
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!std::getline(in, line)) refuse(1, 1, "", "an empty file, not a posterior.csv (its header is particle,weight,distance,<parameter>...)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const std::vector<Field> header = split_line(line);

  // particle, weight and distance, then the parameters, each named once.
  const char* const fixed[] = {"particle", "weight", "distance"};
  for (std::size_t i = 0; i < 3; ++i) {
    if (header.size() <= i || header[i].text != fixed[i]) {
      const Field& found = header[std::min(i, header.size() - 1)];
      refuse(1, found.column, fixed[i],
             "missing column '" + std::string(fixed[i]) + "' (column " + std::to_string(i + 1) +
                 " of the header particle,weight,distance,<parameter>...; found '" + (header.size() > i ? found.text : "") + "')");
    }
  }
  PosteriorSample sample;
  sample.method = "csv";
  for (std::size_t c = 3; c < header.size(); ++c) {
    const SourceLocation where{path, 1, header[c].column};
    const std::string& name = header[c].text;
    const std::string canonical = models::canonical_key_path(name, where, name);
    models::ParameterInfo info;
    try {
      info = models::declared_parameter(canonical, where, name);
    } catch (const ConfigError& unknown) {
      const std::string prefix = where.to_string() + ": " + name + ": ";
      refuse(1, header[c].column, name, "unknown column: " + std::string(unknown.what()).substr(prefix.size()));
    }
    if (info.type != "real" && info.type != "integer") {
      refuse(1, header[c].column, name, "a " + info.type + " parameter; a posterior draws real and integer parameters only");
    }
    for (std::size_t earlier = 0; earlier < sample.paths.size(); ++earlier) {
      if (sample.paths[earlier] == canonical) {
        refuse(1, header[c].column, name, "the column " + canonical + " comes twice (column " + std::to_string(earlier + 4) + " before)");
      }
    }
    sample.paths.push_back(canonical);
    sample.integer.push_back(info.type == "integer");
  }
  if (sample.paths.empty()) refuse(1, 1, "", "no parameter columns after particle,weight,distance");

  double total = 0;
  int number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<Field> fields = split_line(line);
    if (fields.size() != header.size()) {
      refuse(number, fields.back().column, "",
             std::to_string(fields.size()) + " fields where the header has " + std::to_string(header.size()));
    }
    const auto value_of = [&](std::size_t c, const std::string& what) {
      double value = 0;
      if (!parse_number(fields[c].text, value) || !std::isfinite(value)) {
        refuse(number, fields[c].column, header[c].text, "'" + fields[c].text + "' is not a finite number" + what);
      }
      return value;
    };
    const double particle = value_of(0, "");
    if (particle != std::floor(particle) || std::fabs(particle) > 9e15) {
      refuse(number, fields[0].column, "particle", "'" + fields[0].text + "' is not a whole number");
    }
    const double weight = value_of(1, "; a posterior weight must be a finite number, not negative");
    if (weight < 0) {
      refuse(number, fields[1].column, "weight", "'" + fields[1].text + "' is negative; a posterior weight must be a finite number, not negative");
    }
    double distance = 0;
    if (!fields[2].text.empty() && !parse_number(fields[2].text, distance)) {
      refuse(number, fields[2].column, "distance", "'" + fields[2].text + "' is not a number (an empty distance is allowed)");
    }
    std::vector<double> values;
    for (std::size_t c = 3; c < fields.size(); ++c) values.push_back(value_of(c, ""));
    sample.particles.push_back(static_cast<std::int64_t>(particle));
    sample.weights.push_back(weight);
    sample.values.push_back(std::move(values));
    total += weight;
  }
  if (sample.particles.empty()) refuse(number + 1, 1, "", "no rows: the posterior has no particles");
  if (!(total > 0) || !std::isfinite(total)) {
    refuse(1, header[1].column, "weight", "the weights sum to " + format_value(total, false) + ", not a positive finite number");
  }
  return sample;
}

PosteriorSample read_posterior_file(const std::string& path) {
  if (std::filesystem::path(path).extension() == ".csv") return read_posterior_csv(path);
  return read_posterior(path);
}

}  // namespace tiaokuai::experiments
