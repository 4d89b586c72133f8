#include "models/governance/run_outputs.hpp"

#include "models/governance/run_summary.hpp"
#include "models/csv.hpp"

#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace tiaokuai::models::governance {

namespace {

void append_number(std::string& line, double value, const char* format = "%.4f") {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, value);
  line += buffer;
}

void append_time(std::string& line, sim::Time time) {
  if (time != sim::Time::max()) append_number(line, time.to_hours());
}

// A DOT string: quoted, with the quote and the backslash (DOT's escape
// character in labels) escaped, so any name reads as written, and a line
// break as DOT's centred one.
std::string dot_quoted(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// Edges with at least this share of the heaviest edge's calls carry their
// count as a label; lighter ones would crowd the bundle, so they show it
// only as a tooltip.
constexpr double labelled_share_of_heaviest = 0.5;
// Arrow widths in points, from an arrow of no calls to the heaviest one:
// the thinnest still visible, the widest still apart from its neighbours.
constexpr double thinnest_arrow = 0.5, widest_arrow = 8.0;

// The realised call network as GraphViz: townships in one column on the
// left, departments in one on the right, an arrow from township to
// department (the direction of the call) for each channel that carried a
// call, as wide as its calls.
void write_call_network(std::ostream& out, const Organisation& organisation, const RunReport& report) {
  const OrganisationGraph& graph = organisation.graph();
  std::uint64_t heaviest = 0;
  for (const CallCell& cell : report.call_network) heaviest = std::max(heaviest, cell.calls);
  std::vector<std::uint64_t> township_calls(report.townships.size()), department_calls(report.departments.size());
  for (std::size_t t = 0; t < report.townships.size(); ++t) {
    for (std::size_t d = 0; d < report.departments.size(); ++d) {
      township_calls[t] += report.call(t, d).calls;
      department_calls[d] += report.call(t, d).calls;
    }
  }
  char text[160];
  std::snprintf(text, sizeof text, "%.0f", report.warm_up_days);
  out << "// Calls from townships (left) to departments (right). Render: dot -Tsvg calls.dot > calls.svg\n"
      << "digraph calls {\n"
      << "  graph [rankdir=LR, ranksep=3, nodesep=0.08, labelloc=t, fontname=\"Helvetica\", fontsize=16, label="
      << dot_quoted(std::string("Calls from townships (left) to departments (right), issues arisen after the ") + text +
                    "-day warm-up\nwidth grows with calls; counts on arrows with half the most calls or more; "
                    "hover for numbers")
      << "];\n"
      << "  node [fontname=\"Helvetica\", fontsize=11, style=filled, height=0.3];\n"
      << "  edge [arrowsize=0.5, color=\"#3b6ea5a0\", fontname=\"Helvetica\", fontsize=10, fontcolor=\"#1f3f66\", decorate=true];\n";
  out << "  subgraph townships {\n    rank=min;\n    node [shape=ellipse, fillcolor=\"#e8f0e0\"];\n";
  for (std::size_t t = 0; t < report.townships.size(); ++t) {
    std::snprintf(text, sizeof text, "%llu calls made", static_cast<unsigned long long>(township_calls[t]));
    out << "    t" << t << " [label=" << dot_quoted(report.townships[t].name) << ", tooltip="
        << dot_quoted(report.townships[t].name + ": " + text) << "];\n";
  }
  out << "  }\n  subgraph departments {\n    rank=max;\n    node [shape=box, fillcolor=\"#fbe9d0\"];\n";
  for (std::size_t d = 0; d < report.departments.size(); ++d) {
    std::snprintf(text, sizeof text, "%llu calls received", static_cast<unsigned long long>(department_calls[d]));
    out << "    d" << d << " [label=" << dot_quoted(report.departments[d].name) << ", tooltip="
        << dot_quoted(report.departments[d].name + ": " + text) << "];\n";
  }
  out << "  }\n";
  // The channels in the organisation graph run department -> township; a
  // call travels the other way.
  for (const auto e : boost::make_iterator_range(boost::edges(graph))) {
    if (graph[e].kind != LinkKind::channel) continue;
    const OrganisationNode& department = graph[boost::source(e, graph)];
    const OrganisationNode& township = graph[boost::target(e, graph)];
    const CallCell& cell = report.call(township.index, department.index);
    if (cell.calls == 0) continue;
    const double mean = cell.reports > 0 ? cell.response_hours_sum / static_cast<double>(cell.reports) : 0.0;
    std::snprintf(text, sizeof text, ": %llu calls, %llu refusals, mean response %.1f h",
                  static_cast<unsigned long long>(cell.calls), static_cast<unsigned long long>(cell.refusals), mean);
    out << "  t" << township.index << " -> d" << department.index << " [tooltip="
        << dot_quoted(township.name + " -> " + department.name + text);
    const double share = static_cast<double>(cell.calls) / static_cast<double>(heaviest);
    std::snprintf(text, sizeof text, "%.2f", thinnest_arrow + (widest_arrow - thinnest_arrow) * share);
    out << ", penwidth=" << text;
    if (share >= labelled_share_of_heaviest) {
      out << ", label=\"" << cell.calls << "\"";
    }
    out << ", calls=" << cell.calls << ", refusals=" << cell.refusals << "];\n";
  }
  out << "}\n";
}

}  // namespace

RunOutputDirectory::RunOutputDirectory(const std::filesystem::path& directory, const Scenario& scenario, bool issue_rows)
    : folder_(directory), scenario_(scenario) {
  if (issue_rows) {
    issues_ = &open("issues.csv");
    std::string header =
        "issue,category,township,community,arose_h,detected_h,first_call_h,reports,escalated_h,closed_h,outcome,"
        "within_deadline,satisfaction,calls,recalls,refusals,misroutes,failures,breakups";
    for (const char* phase : phase_names) header += std::string(",") + phase + "_h";
    issues_->write(header + "\n");
  }
  effort_ = &open("effort.csv");
  effort_->write("period,day,department,effort,mean_score,scores\n");
  units_ = &open("units.csv");
  units_->write("period,day,unit,kind,district,closed,response_rate,resolution_rate,satisfaction,score,rank\n");
}

OutputFile& RunOutputDirectory::open(const std::string& name) {
  files_.push_back(std::make_unique<OutputFile>(folder_.path() / name));
  return *files_.back();
}

void RunOutputDirectory::on_issue(const IssueRecord& record) {
  if (issues_ == nullptr) return;
  const Issue& issue = record.issue;
  std::string& line = line_;
  line.clear();
  line += std::to_string(issue.serial) + ",";
  line += csv_field(scenario_.categories[issue.category].name) + ",";
  line += csv_field(scenario_.townships[issue.township].name) + ",";
  line += std::to_string(issue.community + 1) + ",";
  append_time(line, issue.arose);
  line += ",";
  append_time(line, issue.detected);
  line += ",";
  append_time(line, issue.first_call);
  line += ",";
  // One field listing department@hours pairs: quoted as a whole if a name needs it.
  std::string reports;
  for (const Leg& leg : issue.legs) {
    if (leg.first_report_at == sim::Time::max()) continue;
    if (!reports.empty()) reports += ";";
    reports += scenario_.departments[leg.department].name + "@";
    append_time(reports, leg.first_report_at);
  }
  line += csv_field(reports) + ",";
  append_time(line, issue.escalated_at);
  line += ",";
  if (record.outcome != Outcome::open) append_time(line, issue.closed);
  line += ",";
  line += outcome_names[static_cast<std::size_t>(record.outcome)];
  line += record.within_deadline ? ",1," : ",0,";
  append_number(line, record.satisfaction);
  for (const std::uint16_t count : {issue.calls, issue.recalls, issue.refusals, issue.misroutes, issue.failures, issue.breakups}) {
    line += ',';
    line += std::to_string(count);
  }
  for (const double hours : issue.phase_hours) {
    line += ",";
    append_number(line, hours);
  }
  line += "\n";
  issues_->write(line);
}

void RunOutputDirectory::on_assessment(std::uint32_t period, double day, std::uint32_t department, double effort,
                                       double mean_score, std::uint64_t scores) {
  std::string& line = line_;
  line.clear();
  line += std::to_string(period) + ",";
  append_number(line, day, "%.2f");
  line += "," + csv_field(scenario_.departments[department].name) + ",";
  append_number(line, effort, "%.6f");
  line += ",";
  append_number(line, mean_score, "%.6f");
  line += "," + std::to_string(scores) + "\n";
  effort_->write(line);
}

void RunOutputDirectory::on_unit_rates(std::uint32_t period, double day, const UnitRates& rates) {
  const bool township = rates.kind == UnitKind::township;
  const std::string& name = township ? scenario_.townships[rates.index].name : scenario_.departments[rates.index].name;
  const std::string& district = township ? scenario_.townships[rates.index].district : scenario_.departments[rates.index].district;
  std::string& line = line_;
  line.clear();
  line += std::to_string(period);
  line += ",";
  append_number(line, day, "%.2f");
  line += ",";
  line += csv_field(name);
  line += township ? ",township," : ",department,";
  line += csv_field(district);
  line += ",";
  line += std::to_string(rates.closed);
  for (const double rate : {rates.response_rate, rates.resolution_rate, rates.satisfaction, rates.score}) {
    line += ",";
    if (!std::isnan(rate)) append_number(line, rate, "%.6f");
  }
  line += ",";
  line += std::to_string(rates.rank);
  line += "\n";
  units_->write(line);
}

void RunOutputDirectory::commit(const RunReport& report, const Organisation& organisation,
                                const nlohmann::ordered_json& manifest) {
  std::string text = "department,staff,calls,refusals,wrong_calls,reports,mean_response_h,utilisation,initial_effort,final_effort,mean_score,scores\n";
  for (std::size_t d = 0; d < report.departments.size(); ++d) {
    const DepartmentReport& row = report.departments[d];
    text += csv_field(row.name) + "," + std::to_string(scenario_.departments[d].staff) + "," + std::to_string(row.calls) + "," +
            std::to_string(row.refusals) + "," + std::to_string(row.wrong_calls) + "," + std::to_string(row.reports) + ",";
    for (const double value : {row.mean_response_hours, row.utilisation, row.initial_effort, row.final_effort, row.mean_score}) {
      append_number(text, value, "%.6f");
      text += ",";
    }
    text += std::to_string(row.scores) + "\n";
  }
  open("departments.csv").write(text);

  text = "township,staff,communities,arisen,resolved_by_residents,resolved_alone,called,resolved,pushed_tasks,pushed_returned,mean_resolution_h,utilisation,local_share_of_load\n";
  for (std::size_t t = 0; t < report.townships.size(); ++t) {
    const TownshipReport& row = report.townships[t];
    text += csv_field(row.name) + "," + std::to_string(scenario_.townships[t].staff) + "," +
            std::to_string(scenario_.townships[t].communities) + "," + std::to_string(row.arisen) + "," +
            std::to_string(row.social) + "," + std::to_string(row.resolved_alone) + "," + std::to_string(row.called) + "," +
            std::to_string(row.resolved) + "," + std::to_string(row.pushed_tasks) + "," + std::to_string(row.pushed_returned) + ",";
    append_number(text, row.mean_resolution_hours, "%.6f");
    text += ",";
    append_number(text, row.utilisation, "%.6f");
    text += ",";
    append_number(text, row.local_share_of_load, "%.6f");
    text += "\n";
  }
  open("townships.csv").write(text);

  text = "township,department,calls,reports,refusals,mean_response_h\n";
  for (std::size_t t = 0; t < report.townships.size(); ++t) {
    for (std::size_t d = 0; d < report.departments.size(); ++d) {
      const CallCell& cell = report.call(t, d);
      text += csv_field(report.townships[t].name) + "," + csv_field(report.departments[d].name) + "," +
              std::to_string(cell.calls) + "," + std::to_string(cell.reports) + "," + std::to_string(cell.refusals) + ",";
      if (cell.reports > 0) append_number(text, cell.response_hours_sum / static_cast<double>(cell.reports), "%.6f");
      text += "\n";
    }
  }
  open("calls.csv").write(text);

  std::ostringstream dot;
  write_call_network(dot, organisation, report);
  open("calls.dot").write(dot.str());
  open("summary.json").write(summary_json(report).dump(2) + "\n");
  open("manifest.json").write(manifest.dump(2) + "\n");

  // Close every file first, so a full disk stops the run before any file
  // has been moved into place; then move them all, not cut short by a
  // signal, so the folder never holds some files of the run but not all.
  for (const auto& file : files_) file->close();
  const HoldInterrupts hold;
  for (const auto& file : files_) file->rename_into_place();
  folder_.keep();
}

}  // namespace tiaokuai::models::governance
