#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>

#include "sim/time.hpp"

using namespace tiaokuai::sim;

TEST_CASE("time factories agree on the millisecond tick") {
  CHECK(seconds(1).ticks() == 1000);
  CHECK(minutes(1) == seconds(60));
  CHECK(hours(1) == minutes(60));
  CHECK(days(1) == hours(24));
  CHECK(milliseconds(5).ticks() == 5);
  CHECK(hours(1.5) == minutes(90));
  CHECK(days(2).to_hours() == doctest::Approx(48.0));
}

TEST_CASE("fractional durations round to the nearest tick, half away from zero") {
  CHECK(seconds(0.0004).ticks() == 0);
  CHECK(seconds(0.0005).ticks() == 1);
  CHECK(seconds(-0.0005).ticks() == -1);
  CHECK(seconds(1.2344).ticks() == 1234);
}

TEST_CASE("non-finite or astronomically large durations are refused") {
  CHECK_THROWS_AS(seconds(1e300), std::out_of_range);
  CHECK_THROWS_AS(Time::from_seconds(std::numeric_limits<double>::infinity()), std::out_of_range);
  CHECK_THROWS_AS(Time::from_seconds(std::numeric_limits<double>::quiet_NaN()), std::out_of_range);
}

TEST_CASE("time arithmetic and ordering") {
  const Time t = hours(2) + minutes(30);
  CHECK(t - minutes(30) == hours(2));
  CHECK(t * 2 == hours(5));
  CHECK(t / minutes(1) == 150);
  CHECK(hours(1) < hours(2));
  CHECK(Time::max() > days(1000000));
}

TEST_CASE("time formats as days and clock time") {
  CHECK(format(Time::zero()) == "00:00:00.000");
  CHECK(format(hours(1) + minutes(2) + seconds(3) + milliseconds(4)) == "01:02:03.004");
  CHECK(format(days(3) + hours(4)) == "3d 04:00:00.000");
  CHECK(format(Time::zero() - minutes(1)) == "-00:01:00.000");
  std::ostringstream out;
  out << minutes(90);
  CHECK(out.str() == "01:30:00.000");
}
