#pragma once
// The figures of the HTML reports (`analyze --report`, `calibrate`'s
// report.html): gnuplot scripts drawn as SVG by run_gnuplot (gnuplot.hpp),
// free-text labels quoted for the script, and the SVG made fit to stand
// alone or to sit with other figures in one page.

#include <string>

namespace tiaokuai::analysis {

// Labels are free text, and gnuplot runs `command` in backquotes inside a
// double-quoted string. In a command a label is therefore single-quoted
// (only '' is special there); a line break would end the command, so it
// becomes a space.
std::string gnuplot_string(const std::string& text);

// A label as one field of a datablock row: inside a datablock only double
// quotes group a field (and backquotes are not run); a line break would end
// the row or, as "EOD", the block.
std::string gnuplot_data_field(const std::string& text);

// Draws `body` (datablocks, settings and plot commands; the SVG terminal,
// a grid and a key outside on the right are set before it) as a complete
// SVG document of width x height pixels. gnuplot names the elements of
// every plot alike (gnuplot_canvas, gpPt0, ...), and repeats names between
// the panels of a multiplot, so every id, and every reference to one, is
// prefixed with `name` and a dash, and a repeated id numbered: figures
// inlined in one page keep their ids unique. The series' own <title>s
// (gnuplot's internals, such as "$f0 using 2:5", shown as tooltips) are
// removed. Throws std::runtime_error naming the plot if gnuplot is missing
// or fails.
std::string draw_svg(const std::string& name, const std::string& body, int width = 820, int height = 480);

// The look of series k of a plot (lc, dt and pt for a plot command): eight
// colours that colour-blind readers tell apart (Okabe and Ito's palette,
// its yellow swapped for olive, which shows on white), and from the ninth
// series on a new dash pattern, with point types cycling on a different
// period, so any number of series stay distinct.
std::string series_style(std::size_t k);
// Only its colour (lc rgb '...'), for a band or a fill under a series.
std::string series_colour(std::size_t k);

// The SVG with `title` as its <title> (gnuplot's is "Gnuplot"): what a
// browser tab or a screen reader announces.
std::string titled_svg(const std::string& svg, const std::string& title);

// The SVG without its XML prologue, to inline in an HTML page.
std::string inline_svg(const std::string& svg);

}  // namespace tiaokuai::analysis
