// The report's figures of the base point's call network.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "analysis/figure_data.hpp"
#include "analysis/report_figures.hpp"
#include "analysis/svg_figure.hpp"

namespace tiaokuai::analysis {
namespace {

// Names ranked by a total, largest first (ties by name): rank 0 is drawn on top.
std::map<std::string, std::size_t> ranked(const std::map<std::string, double>& totals) {
  std::vector<std::pair<std::string, double>> order(totals.begin(), totals.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::map<std::string, std::size_t> rank;
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i].first] = i;
  return rank;
}

Figure latency_heatmap(const ReportInputs& in) {
  const std::vector<CallNetworkCell>& cells = in.results.call_network[in.base];
  std::map<std::string, std::size_t> townships, departments;
  for (const CallNetworkCell& cell : cells) {
    townships.emplace(cell.township, 0);
    departments.emplace(cell.department, 0);
  }
  std::size_t i = 0;
  for (auto& [name, index] : townships) index = i++;
  i = 0;
  for (auto& [name, index] : departments) index = i++;
  FigureData data({"department_index", "township_index", "township", "department", "reports", "mean_response_hours"});
  for (const CallNetworkCell& cell : cells) {
    if (cell.reports > 0) {
      data.add({static_cast<double>(departments[cell.department]), static_cast<double>(townships[cell.township]), cell.township, cell.department,
                cell.reports, cell.response_hours_sum / cell.reports});
    }
  }
  std::ostringstream script;
  script << data.datablock("cells") << "set xtics rotate by -30 left (";
  for (const auto& [name, index] : departments) script << (index ? ", " : "") << gnuplot_string(name) << " " << index;
  script << ")\nset ytics (";
  for (const auto& [name, index] : townships) script << (index ? ", " : "") << gnuplot_string(name) << " " << index;
  script << ")\nset xrange [-0.5:" << static_cast<double>(departments.size()) - 0.5 << "]\nset yrange [-0.5:"
         << static_cast<double>(townships.size()) - 0.5 << "]\n"
         << "set xlabel 'department'\nset ylabel 'township'\nset cblabel 'mean response latency (hours)'\nset grid noxtics noytics\n"
         << "set bmargin 9\nset lmargin 20\nset style fill solid 1.0 noborder\nset key off\n"
         << "set palette defined (0 '#fff7ec', 1 '#fdbb84', 2 '#d7301f', 3 '#7f0000')\n"
         << "plot $cells using 1:2:(0.5):(0.5):6 with boxxyerror fillcolor palette\n";
  const int height = std::clamp(160 + 22 * static_cast<int>(townships.size()), 420, 1400);
  return drawn_figure("heatmap", "Response latency by township and department",
                      "Mean hours from a township's call to the department's team on site, at the base point, over all its "
                      "replications. Dark cells are the slow channels: a far township, a department with few teams or a heavy "
                      "vertical load. White cells had no reports.",
                      script.str(), data.csv(), 900, height);
}

// Townships and departments labelled in the network, at most: beyond this
// the labels would overlap, so only the busiest are named.
constexpr std::size_t network_labels_cap = 40;

Figure call_network(const ReportInputs& in) {
  const std::vector<CallNetworkCell>& cells = in.results.call_network[in.base];
  std::map<std::string, double> township_calls, department_calls;
  double most = 0;
  for (const CallNetworkCell& cell : cells) {
    township_calls[cell.township] += cell.calls;
    department_calls[cell.department] += cell.calls;
    most = std::max(most, cell.calls);
  }
  const std::map<std::string, std::size_t> townships = ranked(township_calls), departments = ranked(department_calls);
  // Rank 0 at the top (y = 1), the last at the bottom (y = 0).
  const auto y_of = [](std::size_t rank, std::size_t count) {
    return count > 1 ? 1.0 - static_cast<double>(rank) / static_cast<double>(count - 1) : 0.5;
  };
  // gnuplot draws vectors of one plot at one width: five width classes.
  constexpr int classes = 5;
  const double widths[classes] = {0.5, 1.5, 3, 5, 8};
  const auto width_class = [most](double calls) { return std::min(classes - 1, static_cast<int>(classes * calls / most)); };
  FigureData edges({"width_class", "township", "department", "calls", "township_y", "department_y"});
  bool used[classes] = {};
  for (const CallNetworkCell& cell : cells) {
    if (cell.calls <= 0) continue;
    used[width_class(cell.calls)] = true;
    edges.add({static_cast<double>(width_class(cell.calls)), cell.township, cell.department, cell.calls, y_of(townships.at(cell.township), townships.size()),
               y_of(departments.at(cell.department), departments.size())});
  }
  const auto labels = [&](const std::string& block, const std::map<std::string, std::size_t>& ranks) {
    std::string text = "$" + block + " << EOD\n";
    for (const auto& [name, rank] : ranks) {
      if (rank < network_labels_cap) text += "0 " + std::to_string(y_of(rank, ranks.size())) + " " + gnuplot_data_field(name) + "\n";
    }
    return text + "EOD\n";
  };
  const auto nodes = [&](const std::string& block, const std::map<std::string, std::size_t>& ranks) {
    std::string text = "$" + block + " << EOD\n";
    for (const auto& [name, rank] : ranks) text += std::to_string(y_of(rank, ranks.size())) + "\n";
    return text + "EOD\n";
  };
  std::ostringstream script;
  script << labels("township_labels", townships) << labels("department_labels", departments) << nodes("township_nodes", townships)
         << nodes("department_nodes", departments)
         << "unset border\nunset xtics\nunset ytics\nunset grid\nset key off\nset xrange [-0.55:1.55]\nset yrange [-0.04:1.06]\n"
         << "set label 'townships (calling)' at 0,1.05 center font ',12'\nset label 'departments (called)' at 1,1.05 center font ',12'\n"
         << "set lmargin 0\nset rmargin 0\nset tmargin 1\nset bmargin 1\n";
  std::string plots;
  for (int c = 0; c < classes; ++c) {
    if (!used[c]) continue;
    const std::string block = std::string("e") + std::to_string(c);
    script << edges.datablock(block, 0, static_cast<double>(c));
    plots += std::string(plots.empty() ? "plot $" : ", $") + block + " using (0):5:(1):($6-$5) with vectors nohead lw " + number_text(widths[c]) +
             " lc rgb '#600072B2'";
  }
  plots += std::string(plots.empty() ? "plot " : ", ") +
           "$township_nodes using (0):1 with points pt 7 ps 1 lc rgb 'black', $department_nodes using (1):1 with points pt 5 ps 1.2 lc rgb '#D55E00', "
           "$township_labels using (0):2:3 with labels right offset -1,0 font ',10', $department_labels using (1):2:3 with labels left offset 1,0 font ',10'";
  script << plots << "\n";
  const std::size_t rows = std::max(townships.size(), departments.size());
  const int height = std::clamp(120 + 16 * static_cast<int>(std::min(rows, network_labels_cap * 2)), 420, 1100);
  std::string caption =
      "Who called whom at the base point, over all its replications: townships on the left call departments on the right, "
      "each line's width growing with the calls (five classes, from under a fifth of the busiest channel's calls to the "
      "busiest fifth). Both sides are sorted by their calls, the busiest at the top. Departments drawing thick lines "
      "from many townships carry the network; the table 'Call network at the base point' names the bottlenecks.";
  if (townships.size() > network_labels_cap || departments.size() > network_labels_cap) {
    caption += " Only the " + std::to_string(network_labels_cap) + " busiest on each side are named, so the labels stay legible "
               "(figures/network.csv has every channel).";
  }
  return drawn_figure("network", "The realised call network", caption, script.str(), edges.csv(), 900, height);
}

}  // namespace

void add_network_figures(const ReportInputs& in, std::vector<Figure>& figures) {
  if (in.results.call_network[in.base].empty()) return;
  figures.push_back(latency_heatmap(in));
  figures.push_back(call_network(in));
}

}  // namespace tiaokuai::analysis
