#include "analysis/discovery_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "analysis/figure_data.hpp"
#include "analysis/html.hpp"
#include "analysis/svg_figure.hpp"

namespace tiaokuai::analysis {
namespace {

using Json = nlohmann::ordered_json;

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

Figure trajectory_figure(const Json& discovery) {
  const Json& chosen = discovery["trajectory"][discovery["chosen"]["box"].get<std::size_t>()];
  FigureData boxes({"box", "coverage", "density", "restricted_inputs"});
  for (const Json& box : discovery["trajectory"]) {
    boxes.add({box["box"].get<double>(), box["coverage"].get<double>(), box["density"].get<double>(),
               static_cast<double>(box["restricted_dimensions"].get<std::size_t>())});
  }
  std::ostringstream script;
  script << boxes.datablock("boxes") << "$chosen << EOD\n"
         << chosen["coverage"].get<double>() << " " << chosen["density"].get<double>() << " "
         << gnuplot_data_field("box " + chosen["box"].dump()) << "\nEOD\n"
         << "set xlabel 'coverage (share of all cases of interest inside the box)'\n"
         << "set ylabel 'density (share of the cases inside that are of interest)'\n"
         << "set xrange [0:1.05]\nset yrange [0:1.05]\nset cblabel 'restricted inputs'\n"
         << "set palette defined (0 '#c6dbef', 1 '#4a7ebb', 2 '#08306b')\n"
         << "plot $boxes using 2:3:4 with linespoints pt 7 ps 0.8 lc palette title 'boxes (peeling goes right to left)', "
         << discovery["settings"]["density_threshold"].get<double>() << " with lines dt 2 lc rgb 'gray40' title 'density threshold', "
         << "$chosen using 1:2 with points pt 6 ps 3 lw 2 lc rgb '#d7301f' title 'chosen box', "
         << "'' using 1:2:3 with labels offset 0,1.5 notitle\n";
  return drawn_figure("discovery_trajectory", "PRIM peeling trajectory",
                      "Every box PRIM peeled, from the whole input space (coverage 1, right) to the last peel (left), coloured by how "
                      "many inputs it restricts. Peeling trades coverage for density; the chosen box (circled) is the first whose "
                      "density reaches the threshold (dashed). --discover-density chooses another.",
                      script.str(), boxes.csv());
}

Figure box_figure(const Json& discovery) {
  const Json& restrictions = discovery["chosen"]["restrictions"];
  FigureData limits({"row", "low_position", "high_position", "input", "limits", "low", "high", "range_low", "range_high", "quasi_p"});
  for (std::size_t i = 0; i < restrictions.size(); ++i) {
    const Json& r = restrictions[i];
    const double full_low = r["full_low"].get<double>(), width = r["full_high"].get<double>() - full_low;
    const double low = (r["low"].get<double>() - full_low) / width, high = (r["high"].get<double>() - full_low) / width;
    char label[64];
    std::snprintf(label, sizeof label, "quasi-p %.2g", r["quasi_p"].get<double>());
    limits.add({static_cast<double>(i), low, high, r["dimension"].get<std::string>(),
                number(r["low"].get<double>()) + " to " + number(r["high"].get<double>()) + " (of " + number(full_low) + " to " +
                    number(r["full_high"].get<double>()) + "), " + label,
                r["low"].get<double>(), r["high"].get<double>(), full_low, r["full_high"].get<double>(), r["quasi_p"].get<double>()});
  }
  std::ostringstream script;
  script << limits.datablock("limits") << "set xrange [-0.02:1.02]\nset yrange [-0.7:" << restrictions.size() - 0.3 << "]\nset key off\nset ytics nomirror\n"
         << "set xlabel 'position in the input''s range (0: its lowest value in the cases, 1: its highest)'\n"
         << "set style fill solid 0.6\nset lmargin 34\n"
         << "plot $limits using (0.5):1:(0):(1):($1-0.3):($1+0.3):ytic(4) with boxxyerror lc rgb '#dddddd', "
         << "'' using (($2+$3)/2):1:(($3-$2)/2):(0.28) with boxxyerror lc rgb '#4a7ebb', "
         << "'' using (0.5):($1+0.38):5 with labels font ',10'\n";
  const int height = std::max(260, 120 + 70 * static_cast<int>(restrictions.size()));
  return drawn_figure("discovery_box", "The chosen box",
                      "Each input the chosen box restricts, as a bar of its limits on the input's range in the cases (grey). "
                      "The quasi-p-value is the chance of the box's density without the restriction producing as many cases of "
                      "interest: small values mark restrictions that matter.",
                      script.str(), limits.csv(), 900, height);
}

}  // namespace

ReportSection discovery_section(const Json& discovery) {
  const Json& chosen = discovery["chosen"];
  ReportSection section;
  std::ostringstream html;
  html << "<h2>Scenario discovery</h2>\n<p>PRIM on " << discovery["cases"].get<std::size_t>() << " "
       << html_escape(discovery["cases_from"].get<std::string>()) << " of <code>" << html_escape(discovery["database"].get<std::string>())
       << "</code>: " << discovery["cases_of_interest"].get<std::size_t>() << " meet <code>"
       << html_escape(discovery["condition"].get<std::string>()) << "</code>. The chosen box (" << chosen["box"].get<std::size_t>()
       << ") holds " << chosen["cases"].get<std::size_t>() << " cases: coverage " << number(chosen["coverage"].get<double>())
       << ", density " << number(chosen["density"].get<double>()) << ", mass " << number(chosen["mass"].get<double>())
       << ". docs/analysis.md explains how to read them.</p>\n";
  if (discovery.contains("warning")) html << "<p class=no>" << html_escape(discovery["warning"].get<std::string>()) << ".</p>\n";
  section.figures.push_back(trajectory_figure(discovery));
  html << figure_html(section.figures.back());
  if (chosen["restrictions"].empty()) {
    html << "<p>The chosen box restricts no input: the whole input space is this dense.</p>\n";
  } else {
    section.figures.push_back(box_figure(discovery));
    html << figure_html(section.figures.back()) << "<table><tr><th>input</th><th>low</th><th>high</th><th>range low</th><th>range high</th><th>quasi-p</th></tr>\n";
    for (const Json& r : chosen["restrictions"]) {
      html << "<tr><td>" << html_escape(r["dimension"].get<std::string>()) << "</td>";
      for (const char* key : {"low", "high", "full_low", "full_high", "quasi_p"}) html << "<td class=n>" << number(r[key].get<double>()) << "</td>";
      html << "</tr>\n";
    }
    html << "</table>\n";
  }
  section.html = html.str();
  return section;
}

void write_discovery_report(const Json& discovery, const std::string& directory) {
  const ReportSection section = discovery_section(discovery);
  const std::string page = html_page_start("tiaokuai scenario discovery: " + discovery["condition"].get<std::string>()) +
                           "<h1>tiaokuai scenario discovery</h1>\n" + section.html + "</body></html>\n";
  std::vector<ReportFile> files{{"index.html", page}};
  for (ReportFile& file : figure_files(section.figures)) files.push_back(std::move(file));
  write_files_all_or_none(directory, {figures_folder}, files);
}

}  // namespace tiaokuai::analysis
