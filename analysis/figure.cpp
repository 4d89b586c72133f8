#include "analysis/figure.hpp"

#include "analysis/html.hpp"
#include "analysis/svg_figure.hpp"

namespace tiaokuai::analysis {

Figure drawn_figure(const std::string& name, const std::string& title, const std::string& caption, const std::string& script,
                    const std::string& csv, int width, int height) {
  return {name, title, caption, titled_svg(draw_svg(name, script, width, height), title), csv};
}

std::string figure_html(const Figure& figure) {
  const std::string file = figures_folder + "/" + figure.name;
  std::string html = "<figure id='figure-" + html_escape(figure.name) + "'><h2>" + html_escape(figure.title) + "</h2>\n";
  html += inline_svg(figure.svg);
  html += "\n<figcaption>" + html_escape(figure.caption) + " (Standalone: <a href='" + html_escape(file) + ".svg'>" + html_escape(file) + ".svg</a>";
  if (!figure.csv.empty()) html += ", data: <a href='" + html_escape(file) + ".csv'>" + html_escape(file) + ".csv</a>";
  return html + ".)</figcaption></figure>\n";
}

std::vector<ReportFile> figure_files(const std::vector<Figure>& figures) {
  std::vector<ReportFile> files;
  for (const Figure& figure : figures) {
    files.push_back({figures_folder + "/" + figure.name + ".svg", figure.svg});
    if (!figure.csv.empty()) files.push_back({figures_folder + "/" + figure.name + ".csv", figure.csv});
  }
  return files;
}

}  // namespace tiaokuai::analysis
