#pragma once
// Runs gnuplot (Debian's gnuplot-nox) on a script and returns what it drew.
// No shell is involved: gnuplot is started with posix_spawnp, the script goes
// to its stdin and the plot comes from its stdout, so nothing in a folder
// name or a label can become a command. (Labels inside the script must still
// be quoted for gnuplot itself: see gnuplot_string in svg_figure.hpp.)

#include <string>

namespace tiaokuai::analysis {

// The script's output (its `set output` must be left unset, i.e. stdout).
// Throws std::runtime_error if gnuplot is not installed, fails or dies,
// with gnuplot's own error text.
std::string run_gnuplot(const std::string& script);

}  // namespace tiaokuai::analysis
