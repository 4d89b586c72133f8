#pragma once
// The report of `tiaokuai analyze --report DIR`: one self-contained
// DIR/index.html with the analysis tables (sortable by a click on a
// header) and the figures drawn by gnuplot (Debian's gnuplot-nox) inline,
// each with axis titles, units and a caption that says what to read from
// it; and each figure again as DIR/figures/NAME.svg beside
// DIR/figures/NAME.csv, the numbers it draws. Which figures appear depends
// on the design (report_figures.hpp; docs/analysis.md lists them). All
// files are written or none.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/figure.hpp"

#include "analysis/sweep_results.hpp"

namespace tiaokuai::analysis {

// A part of the page that goes before the analysis (reproduce's findings,
// a scenario discovery): its HTML, with its figures inline, and those
// figures, written to figures/ with the others.
struct ReportSection {
  std::string html;
  std::vector<Figure> figures;
};

// `opening` goes first in the page. Throws std::runtime_error if gnuplot is
// missing or fails.
void write_report(const SweepResults& results, const nlohmann::ordered_json& analysis, const std::string& directory,
                  const ReportSection& opening = {});

}  // namespace tiaokuai::analysis
