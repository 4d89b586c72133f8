// run_gnuplot on a script and a drawing both larger than a pipe's buffer:
// the exchange must keep reading gnuplot's output while it writes the
// script (a blocking write of the whole script deadlocked once the
// calibration's marginals of 17 parameters outgrew the buffers).
#include <doctest/doctest.h>

#include <string>

#include "analysis/gnuplot.hpp"

using namespace tiaokuai;

TEST_CASE("gnuplot draws a script and a picture larger than the pipe buffers") {
  // Two plots, each drawing more than a pipe holds before the script's
  // next data block (also more than a pipe holds) has been sent: gnuplot
  // writes the first drawing while we still write the script.
  std::string script = "set terminal svg size 600,400\nset multiplot layout 2,1\n";
  for (int block = 0; block < 2; ++block) {
    script += "$points" + std::to_string(block) + " << EOD\n";
    for (int i = 0; i < 20000; ++i) script += std::to_string(i) + " " + std::to_string((i * 7919 + block) % 1000) + "\n";
    script += "EOD\nplot $points" + std::to_string(block) + " with points notitle\n";
  }
  script += "unset multiplot\n";
  REQUIRE(script.size() > 256 * 1024);
  const std::string drawn = analysis::run_gnuplot(script);
  CHECK(drawn.size() > 256 * 1024);
  CHECK(drawn.find("</svg>") != std::string::npos);
}
