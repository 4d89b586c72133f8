#pragma once
// A figure of the HTML reports (`analyze --report`, `calibrate`'s and
// `optimise`'s report.html): drawn by gnuplot as a complete SVG, shown
// inline in the page and written again beside it as figures/NAME.svg,
// with the numbers it draws as figures/NAME.csv.

#include <string>
#include <vector>

#include "analysis/report_files.hpp"

namespace tiaokuai::analysis {

struct Figure {
  std::string name;  // figures/NAME.svg and figures/NAME.csv; also the prefix of the SVG's ids
  std::string title, caption;
  std::string svg;  // a complete SVG document
  std::string csv;  // the numbers it draws; empty when another file of the report holds them
};

// The folder of the standalone figures, inside the report's folder.
inline const std::string figures_folder = "figures";

// Draws `script` (draw_svg in svg_figure.hpp) with `title` as the SVG's
// <title>. Throws std::runtime_error if gnuplot is missing or fails.
Figure drawn_figure(const std::string& name, const std::string& title, const std::string& caption, const std::string& script,
                    const std::string& csv, int width = 820, int height = 480);

// The figure in a page: its title as a heading, the SVG inline, and the
// caption naming its standalone files.
std::string figure_html(const Figure& figure);

// figures/NAME.svg for each figure, and figures/NAME.csv for those with one.
std::vector<ReportFile> figure_files(const std::vector<Figure>& figures);

}  // namespace tiaokuai::analysis
