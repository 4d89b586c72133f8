#include "analysis/svg_figure.hpp"

#include <cctype>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "analysis/gnuplot.hpp"
#include "analysis/html.hpp"

namespace tiaokuai::analysis {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Renames ids to `prefix`-id. gnuplot also repeats ids within one figure
// (every panel of a multiplot has its gnuplot_plot_1a), so the n-th
// declaration of an id after the first becomes `prefix`-id-n, and a
// reference (href='#id', url(#id)) goes to the latest declaration, the one
// gnuplot meant.
class IdRenamer {
 public:
  explicit IdRenamer(std::string prefix) : prefix_(std::move(prefix)) {}

  // One tag, its declarations and references renamed.
  std::string tag(std::string_view tag) {
    std::string out;
    out.reserve(tag.size() + 2 * prefix_.size());
    std::size_t i = 0;
    while (i < tag.size()) {
      const std::string_view before = tag.substr(0, i);
      const bool quote = tag[i] == '\'' || tag[i] == '"';
      const bool declares = quote && ends_with(before, "id=") && before.size() > 3 &&
                            std::isspace(static_cast<unsigned char>(before[before.size() - 4]));
      const bool refers =
          tag[i] == '#' && (ends_with(before, "href='") || ends_with(before, "href=\"") || ends_with(before, "url("));
      out += tag[i++];
      if (!declares && !refers) continue;
      const std::size_t end = tag.find_first_of(declares ? std::string_view("'\"") : std::string_view("'\")"), i);
      const std::string id(tag.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      out += declares ? declare(id) : current(id);
      i += id.size();
    }
    return out;
  }

 private:
  std::string declare(const std::string& id) {
    ++declarations_[id];
    return current(id);
  }
  std::string current(const std::string& id) const {
    const auto found = declarations_.find(id);
    std::string name = prefix_ + '-' + id;
    if (found != declarations_.end() && found->second > 1) name += '-' + std::to_string(found->second);
    return name;
  }

  std::string prefix_;
  std::map<std::string, int> declarations_;
};

// Only inside tags: a label's text that happens to read id="x" stays as written.
std::string prefix_ids(const std::string& svg, const std::string& prefix) {
  IdRenamer renamer(prefix);
  std::string out;
  out.reserve(svg.size() + svg.size() / 8);
  std::size_t at = 0;
  while (at < svg.size()) {
    const std::size_t open = svg.find('<', at);
    if (open == std::string::npos) {
      out.append(svg, at, std::string::npos);
      break;
    }
    out.append(svg, at, open - at);
    const std::size_t close = svg.find('>', open);
    const std::size_t end = close == std::string::npos ? svg.size() : close + 1;
    out += renamer.tag(std::string_view(svg).substr(open, end - open));
    at = end;
  }
  return out;
}

// gnuplot gives each plotted series a <title> of its own internals
// ("$f0 using 2:5:6", "gnuplot_plot_1"), which a browser shows as the
// series' tooltip. Those go; hovering then shows the figure's title.
std::string without_series_titles(const std::string& svg) {
  std::string out;
  out.reserve(svg.size());
  std::size_t at = 0;
  while (true) {
    const std::size_t group = svg.find("<g id=", at);
    if (group == std::string::npos) break;
    const std::size_t close = svg.find('>', group);
    if (close == std::string::npos) break;
    out.append(svg, at, close + 1 - at);
    at = close + 1;
    if (std::string_view(svg).substr(group, close - group).find("gnuplot_plot_") == std::string_view::npos) continue;
    if (svg.compare(at, 7, "<title>") != 0) continue;
    const std::size_t end = svg.find("</title>", at);
    if (end != std::string::npos) at = end + 8;
  }
  out.append(svg, at, std::string::npos);
  return out;
}

}  // namespace

std::string gnuplot_string(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "'";
}

std::string gnuplot_data_field(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\'';
    } else {
      out += (c == '\n' || c == '\r') ? ' ' : c;
    }
  }
  return out + "\"";
}

std::string draw_svg(const std::string& name, const std::string& body, int width, int height) {
  std::ostringstream script;
  script << "set terminal svg size " << width << "," << height
         << " dynamic noenhanced font 'sans,11' background rgb 'white'\n"
         << "set output\nset grid\nset key outside right top\n"
         << body << "\n";
  try {
    return prefix_ids(without_series_titles(run_gnuplot(script.str())), name);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error("the " + name + " plot of the report: " + error.what());
  }
}

std::string series_colour(std::size_t k) {
  static const char* const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"};
  return std::string("lc rgb '") + colours[k % 8] + "'";
}

std::string series_style(std::size_t k) {
  static const int point_types[] = {7, 5, 9, 11, 13, 15, 4, 6, 8};
  return series_colour(k) + " dt " + std::to_string(1 + (k / 8) % 5) + " pt " + std::to_string(point_types[k % 9]);
}

std::string titled_svg(const std::string& svg, const std::string& title) {
  const std::string gnuplots = "<title>Gnuplot</title>";
  const std::size_t at = svg.find(gnuplots);
  if (at == std::string::npos) return svg;
  return svg.substr(0, at) + "<title>" + html_escape(title) + "</title>" + svg.substr(at + gnuplots.size());
}

std::string inline_svg(const std::string& svg) {
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

}  // namespace tiaokuai::analysis
