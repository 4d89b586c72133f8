// The report's figures per design (analysis/report_figures.hpp), on results
// planted in memory (SweepResults::from_values) so that no simulation runs:
// each design gets the figures it should and not the others, every figure
// of the page is also a standalone SVG beside the CSV of what it draws,
// ids are unique across the page, a full factorial's base is its centre,
// the tornado holds only levers, and a negative Sobol index is drawn.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "analysis/analyze.hpp"
#include "analysis/point_choice.hpp"
#include "analysis/report.hpp"
#include "analysis/sweep_results.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using namespace tiaokuai::analysis;

namespace {

using Json = nlohmann::ordered_json;

const std::vector<std::string> metrics{"resolution_hours.mean", "satisfaction"};

// A point: its label and each factor's value as written.
struct Point {
  std::string label;
  std::vector<std::string> values;
};

double number_of(const std::string& value) {
  if (value == "true") return 1;
  if (value == "false") return 0;
  try {
    std::size_t used = 0;
    const double x = std::stod(value, &used);
    return used == value.size() ? x : NAN;
  } catch (const std::exception&) {
    return NAN;
  }
}

// Replication r's luck, shared by every point (common random numbers).
double luck(int r) { return std::sin(1.7 * r + 0.3); }

// `hours(point index, values)` is the point's mean resolution hours;
// satisfaction falls as hours rise.
template <class Hours>
SweepResults planted(const std::string& design, const std::vector<std::string>& factors, const std::vector<Point>& points, int replications,
                     Hours hours) {
  std::vector<std::string> labels;
  std::vector<double> data;
  for (std::size_t p = 0; p < points.size(); ++p) {
    labels.push_back(points[p].label);
    for (int r = 0; r < replications; ++r) {
      const double h = hours(p, points[p].values) + luck(r) + 0.05 * std::cos(3.1 * static_cast<double>(p) + r);
      data.push_back(h);
      data.push_back(1.0 / (1.0 + h / 50));
    }
  }
  SweepResults results = SweepResults::from_values(labels, metrics, replications, data);
  results.design = design;
  results.factors = factors;
  for (std::size_t p = 0; p < points.size(); ++p) {
    results.values[p] = points[p].values;
    for (const std::string& v : points[p].values) results.numbers[p].push_back(number_of(v));
  }
  return results;
}

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Report {
  Json json;
  std::string html;
  std::filesystem::path folder;
  std::set<std::string> figures;  // NAME of every <figure id='figure-NAME'>
  std::string csv(const std::string& name) const { return read(folder / "figures" / (name + ".csv")); }
};

Report report_of(const ScratchFolder& scratch, const SweepResults& results, const std::string& base = "") {
  AnalyzeOptions options;
  options.metrics = metrics;
  options.base = base;
  Report report;
  report.json = analyze(results, options);
  report.folder = scratch.path() / "report";
  write_report(results, report.json, report.folder.string());
  report.html = read(report.folder / "index.html");
  const std::regex figure("<figure id='figure-([a-z_]+)'>");
  for (auto it = std::sregex_iterator(report.html.begin(), report.html.end(), figure); it != std::sregex_iterator(); ++it) {
    report.figures.insert((*it)[1]);
  }
  return report;
}

// Every figure of the page is in figures/ as a titled SVG and a CSV; every
// id in the page is unique; nothing is fetched.
void check_page(const Report& report) {
  CHECK_FALSE(report.figures.empty());
  for (const std::string& name : report.figures) {
    CAPTURE(name);
    const std::string svg = read(report.folder / "figures" / (name + ".svg"));
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find("<title>Gnuplot</title>") == std::string::npos);
    CHECK(svg.find("<title>gnuplot_plot") == std::string::npos);  // no tooltip of gnuplot's internals
    CHECK(svg.find(" using ") == std::string::npos);
    CHECK(svg.find("<title>") != std::string::npos);
    const std::string csv = report.csv(name);
    CHECK(std::count(csv.begin(), csv.end(), '\n') >= 2);  // a header and data
  }
  const std::regex id("\\sid=['\"]([^'\"]+)['\"]");
  std::map<std::string, int> ids;
  for (auto it = std::sregex_iterator(report.html.begin(), report.html.end(), id); it != std::sregex_iterator(); ++it) ++ids[(*it)[1]];
  CHECK(ids.size() > 10);
  for (const auto& [name, n] : ids) {
    CAPTURE(name);
    CHECK(n == 1);
  }
  for (const char* fetch : {"src=", "<link", "@import", "href='http", "href=\"http", "url(http"}) {
    CAPTURE(fetch);
    CHECK(report.html.find(fetch) == std::string::npos);
  }
  CHECK(report.html.find("<script>") != std::string::npos);  // sorting the tables
  CHECK(report.html.find("<table class=sortable><thead>") != std::string::npos);
}

const std::set<std::string> design_figures{"main_effects", "interactions", "tornado", "other_comparisons", "sobol", "sobol_convergence",
                                           "inputs_scatter"};

// The design's own figures are exactly `expected`.
void check_design_figures(const Report& report, const std::set<std::string>& expected) {
  for (const std::string& name : design_figures) {
    CAPTURE(name);
    CHECK(report.figures.contains(name) == expected.contains(name));
  }
}

// The rows of a CSV (header left out) as fields, split on commas (the test's labels have none).
std::vector<std::vector<std::string>> csv_rows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace

TEST_CASE("a full factorial's report has main effects and interactions around its centre cell") {
  ScratchFolder scratch("report-factorial");
  std::vector<Point> points;
  for (const char* a : {"0", "0.5", "1"}) {
    for (const char* b : {"1", "2", "4", "8"}) {
      points.push_back({std::string("levers.a=") + a + ";levers.b=" + b, {a, b}});
    }
  }
  const auto hours = [](std::size_t, const std::vector<std::string>& v) { return 40 - 10 * number_of(v[0]) + 2 * number_of(v[1]) * number_of(v[0]); };
  const SweepResults results = planted("full_factorial", {"levers.a", "levers.b"}, points, 4, hours);
  CHECK(results.labels[factorial_centre(results)] == "levers.a=0.5;levers.b=2");
  const Report report = report_of(scratch, results);
  // analyze and the report agree on the base: the centre, not the first cell.
  CHECK(report.json["base"] == "levers.a=0.5;levers.b=2");
  CHECK(report.html.find("Base point: <b>levers.a=0.5;levers.b=2</b>") != std::string::npos);
  check_page(report);
  check_design_figures(report, {"main_effects", "interactions"});
  CHECK(report.figures.contains("replications"));
  CHECK(report.figures.contains("latency_cdf") == false);  // no quantile metrics planted
  // The plotted main effect of a's top level: the mean over b's levels and replications.
  double sum = 0;
  int n = 0;
  for (std::size_t p = 0; p < results.points(); ++p) {
    if (results.values[p][0] != "1") continue;
    for (const double v : results.sample(p, 0)) sum += v, ++n;
  }
  bool found = false;
  for (const auto& row : csv_rows(report.csv("main_effects"))) {
    if (row[0] == "levers.a" && row[2] == "1") {
      found = true;
      CHECK(std::stod(row[3]) == doctest::Approx(sum / n).epsilon(1e-9));
      CHECK(std::stod(row[4]) < std::stod(row[3]));
      CHECK(std::stod(row[5]) > std::stod(row[3]));
    }
  }
  CHECK(found);
  CHECK(csv_rows(report.csv("interactions")).size() == 12);  // 3 x 4 cells of the one pair
  // --base still wins over the centre.
  CHECK(analyze(results, {metrics, "levers.a=0;levers.b=1"})["base"] == "levers.a=0;levers.b=1");
}

TEST_CASE("a one-at-a-time report's tornado holds only levers, lowest and highest level, the rest apart") {
  ScratchFolder scratch("report-oat");
  const std::vector<std::string> factors{"run.mode", "levers.x", "levers.over_calling", "levers.y"};
  const std::vector<Point> points{{"base", {"reform", "2", "0", "0"}},
                                  {"run.mode=pre_reform", {"pre_reform", "2", "0", "0"}},
                                  {"levers.x=1", {"reform", "1", "0", "0"}},
                                  {"levers.x=4", {"reform", "4", "0", "0"}},
                                  {"levers.x=8", {"reform", "8", "0", "0"}},
                                  {"levers.over_calling=0.5", {"reform", "2", "0.5", "0"}},
                                  {"levers.y=1", {"reform", "2", "0", "1"}}};
  const auto hours = [](std::size_t, const std::vector<std::string>& v) {
    return 40 + (v[0] == "pre_reform" ? 30 : 0) - 3 * number_of(v[1]) + 20 * number_of(v[2]) - 1 * number_of(v[3]);
  };
  const Report report = report_of(scratch, planted("one_at_a_time", factors, points, 5, hours));
  check_page(report);
  check_design_figures(report, {"tornado", "other_comparisons"});
  std::map<std::string, std::set<std::string>> tornado;  // comparison -> levels drawn
  for (const auto& row : csv_rows(report.csv("tornado"))) tornado[row[1]].insert(row[2]);
  CHECK(tornado.size() == 2);
  CHECK(tornado["x 1 .. 8"] == std::set<std::string>{"1", "8"});  // lowest and highest, not 4
  CHECK(tornado["y 0 .. 1"] == std::set<std::string>{"0", "1"});   // the base's own level is a bar of 0
  for (const auto& row : csv_rows(report.csv("tornado"))) {
    if (row[2] == "8") CHECK(std::stod(row[4]) == doctest::Approx(-18).epsilon(0.01));  // (8 - 2) x -3 hours
    if (row[1].starts_with("y") && row[2] == "0") CHECK(std::stod(row[4]) == 0.0);
  }
  std::set<std::string> others;
  for (const auto& row : csv_rows(report.csv("other_comparisons"))) others.insert(row[1]);
  CHECK(others == std::set<std::string>{"run.mode reform .. pre_reform", "over_calling 0 .. 0.5"});
}

TEST_CASE("a variants report splits lever variants from the other comparisons") {
  ScratchFolder scratch("report-variants");
  const std::vector<std::string> factors{"run.mode", "levers.incentive_weight", "levers.over_calling"};
  const std::vector<Point> points{{"status_quo", {"reform", "0.33", "0.1"}},
                                  {"pre_reform", {"pre_reform", "0", "0.1"}},
                                  {"incentives", {"reform", "0.5", "0.1"}},
                                  {"over_calling", {"reform", "0.33", "0.6"}}};
  const auto hours = [](std::size_t p, const std::vector<std::string>&) { return 30.0 + 5.0 * static_cast<double>(p); };
  const Report report = report_of(scratch, planted("variants", factors, points, 3, hours));
  CHECK(report.json["base"] == "status_quo");
  check_page(report);
  check_design_figures(report, {"tornado", "other_comparisons"});
  std::set<std::string> tornado, others;
  for (const auto& row : csv_rows(report.csv("tornado"))) tornado.insert(row[1]);
  for (const auto& row : csv_rows(report.csv("other_comparisons"))) others.insert(row[1]);
  CHECK(tornado == std::set<std::string>{"incentives"});
  CHECK(others == std::set<std::string>{"pre_reform", "over_calling"});
}

TEST_CASE("declared roles choose the base and the tornado's variants, whatever the names") {
  ScratchFolder scratch("report-roles");
  const std::vector<std::string> factors{"run.mode", "levers.incentive_weight", "levers.party_coordination"};
  const std::vector<Point> points{{"改革前", {"pre_reform", "0.33", "0.4"}},
                                  {"现状", {"reform", "0.33", "0.4"}},
                                  {"激励", {"reform", "0.5", "0.4"}},
                                  {"两项", {"reform", "0.5", "0.7"}}};
  const auto hours = [](std::size_t p, const std::vector<std::string>&) { return 30.0 + 5.0 * static_cast<double>(p); };
  SweepResults results = planted("variants", factors, points, 3, hours);
  results.roles = {"pre_reform", "status_quo", "incentives", "all_four_levers"};
  const Report report = report_of(scratch, results);
  CHECK(report.json["base"] == "现状");  // by its role, though not first
  std::set<std::string> tornado, others;
  for (const auto& row : csv_rows(report.csv("tornado"))) tornado.insert(row[1]);
  for (const auto& row : csv_rows(report.csv("other_comparisons"))) others.insert(row[1]);
  CHECK(tornado == std::set<std::string>{"激励"});
  CHECK(others == std::set<std::string>{"改革前", "两项"});  // a package of levers is not one lever
}

TEST_CASE("variants crossed with posterior draws get no tornado: one base would compare across draws") {
  ScratchFolder scratch("report-crossed");
  const std::vector<std::string> factors{"levers.incentive_weight"};
  const std::vector<Point> points{{"draw:0 status_quo", {"0.33"}}, {"draw:0 incentives", {"0.5"}},
                                  {"draw:1 status_quo", {"0.33"}}, {"draw:1 incentives", {"0.5"}}};
  const auto hours = [](std::size_t p, const std::vector<std::string>&) { return 30.0 + 5.0 * static_cast<double>(p); };
  const Report report = report_of(scratch, planted("variants", factors, points, 3, hours));
  check_page(report);
  check_design_figures(report, {});
}

TEST_CASE("a Saltelli report draws every metric's indices, negative ones too, their convergence and the warning") {
  ScratchFolder scratch("report-saltelli");
  // 8 blocks of A, B, AB:1, AB:2. f(AB^2) moves against f(B), so the
  // first-order estimate of levers.b comes out below 0.
  std::vector<Point> points;
  std::vector<double> a_values, b_values;
  for (int j = 0; j < 8; ++j) {
    const std::string block = std::to_string(j);
    const double x = std::fmod(0.37 * j + 0.1, 1.0), y = std::fmod(0.61 * j + 0.5, 1.0);
    points.push_back({"A:" + block, {std::to_string(x), std::to_string(x)}});
    points.push_back({"B:" + block, {std::to_string(y), std::to_string(y)}});
    points.push_back({"AB:" + block + ":0", {std::to_string(y), std::to_string(x)}});
    points.push_back({"AB:" + block + ":1", {std::to_string(x), std::to_string(y)}});
  }
  const auto hours = [&points](std::size_t p, const std::vector<std::string>& v) {
    const std::string& label = points[p].label;
    const double x = number_of(v[0]);
    if (label.starts_with("AB:") && label.ends_with(":1")) return 100 * number_of(points[p - 3].values[0]) - 60 * (number_of(points[p - 2].values[0]) - 0.5);
    return 100 * x;
  };
  const Report report = report_of(scratch, planted("saltelli", {"levers.a", "levers.b"}, points, 2, hours));
  check_page(report);
  check_design_figures(report, {"sobol", "sobol_convergence"});
  double negative = 0;
  std::set<std::string> plotted_metrics;
  for (const auto& row : csv_rows(report.csv("sobol"))) {
    plotted_metrics.insert(row[0]);
    if (row[0] == "resolution_hours.mean" && row[2] == "levers.b") negative = std::stod(row[3]);
  }
  CHECK(negative < 0);
  for (const auto& s : report.json["sobol"]) {
    if (s["metric"] == "resolution_hours.mean" && s["factor"] == "levers.b") CHECK(s["first"].get<double>() == doctest::Approx(negative).epsilon(1e-9));
  }
  CHECK(plotted_metrics == std::set<std::string>(metrics.begin(), metrics.end()));
  std::set<std::string> blocks;
  for (const auto& row : csv_rows(report.csv("sobol_convergence"))) blocks.insert(row[3]);
  CHECK(blocks == std::set<std::string>{"4", "8"});
  CHECK(report.html.find("id='sobol-warning'") != std::string::npos);
  CHECK(report.html.find("not converged") != std::string::npos);
}

TEST_CASE("a Latin hypercube report plots each numeric factor against the key metric with the metamodel's line") {
  ScratchFolder scratch("report-lhs");
  std::vector<Point> points;
  for (int j = 0; j < 12; ++j) {
    points.push_back({"LH:" + std::to_string(j), {std::to_string(std::fmod(0.37 * j, 1.0)), std::to_string(std::fmod(0.71 * j + 0.2, 1.0))}});
  }
  const auto hours = [](std::size_t, const std::vector<std::string>& v) { return 20 + 30 * number_of(v[0]); };
  const Report report = report_of(scratch, planted("latin_hypercube", {"levers.a", "levers.b"}, points, 2, hours));
  check_page(report);
  check_design_figures(report, {"inputs_scatter"});
  std::map<std::string, int> kinds;
  for (const auto& row : csv_rows(report.csv("inputs_scatter"))) ++kinds[row[1] + " " + row[2]];
  CHECK(kinds["levers.a run"] == 24);  // 12 points x 2 replications
  CHECK(kinds["levers.a fit"] == 3);
  CHECK(kinds["levers.b fit"] == 3);
}

TEST_CASE("points are chosen by relevance: the base, the extremes, then the largest differences") {
  std::vector<std::string> labels;
  std::vector<double> data;
  const std::vector<double> means{10, 11, 30, 2, 12, 19, 9.5};
  for (std::size_t p = 0; p < means.size(); ++p) {
    labels.push_back(std::string(1, 'p').append(std::to_string(p)));  // not "p" + string: GCC 12's -Wrestrict (bug 105651)
    data.push_back(means[p]);
  }
  const SweepResults results = SweepResults::from_values(labels, {"m"}, 1, data);
  CHECK(relevant_points(results, 0, 0, 4) == std::vector<std::size_t>{0, 3, 2, 5});
  CHECK(relevant_points(results, 0, 0, 100).size() == means.size());
  CHECK(is_lever("levers.incentive_weight"));
  CHECK_FALSE(is_lever("levers.over_calling"));
  CHECK_FALSE(is_lever("run.mode"));
}
