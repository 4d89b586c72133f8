// The Erlang A formulas against answers known another way: Erlang C without
// abandonment, the Poisson distribution when patience is as fast as
// handling, Erlang B when callers hang up at once. SeatQueue's simulation
// checks them again in seat_queue_test.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/queueing/erlang_a.hpp"
#include "models/queueing/mmc_queue.hpp"

using namespace tiaokuai;

TEST_CASE("Erlang A without abandonment is Erlang C, up to 750 seats") {
  struct Point {
    double arrival_rate, service_rate;
    int seats;
  };
  for (const Point point : {Point{2.0, 1.0, 3}, Point{102.0, 12.0, 10}, Point{0.999, 1.0, 1}, Point{8550.0, 12.0, 750},
                            Point{8990.0, 12.0, 750}, Point{1.0, 12.0, 750}}) {
    INFO("lambda ", point.arrival_rate, " mu ", point.service_rate, " c ", point.seats);
    const models::ErlangATheory a = models::erlang_a_theory(point.arrival_rate, point.service_rate, point.seats, 0.0);
    const models::MmcTheory c = models::mmc_theory(point.arrival_rate, point.service_rate, point.seats);
    CHECK(a.wait_probability == doctest::Approx(c.wait_probability).epsilon(1e-10));
    CHECK(a.mean_wait_hours == doctest::Approx(c.mean_wait_hours).epsilon(1e-10));
    CHECK(a.mean_wait_served_hours == doctest::Approx(c.mean_wait_hours).epsilon(1e-10));
    CHECK(a.utilisation == doctest::Approx(c.utilisation).epsilon(1e-12));
    CHECK(a.abandonment_probability == 0.0);
  }
  // The textbook value: lambda = 2, mu = 1, c = 3 gives P(wait) = W_q = 4/9.
  CHECK(models::erlang_a_theory(2.0, 1.0, 3, 0.0).wait_probability == doctest::Approx(4.0 / 9.0));
}

TEST_CASE("Erlang A with patience as fast as handling is the Poisson distribution") {
  // theta = mu makes every death rate n mu, as in M/M/infinity: N ~ Poisson(lambda / mu).
  const double lambda = 80.0, mu = 10.0;
  const int seats = 10;
  double probability = std::exp(-lambda / mu);  // P(N = 0)
  double at_least_seats = 0.0, mean_in_line = 0.0;
  for (int n = 0; n < 200; ++n) {
    if (n >= seats) at_least_seats += probability;
    if (n > seats) mean_in_line += (n - seats) * probability;
    probability *= lambda / mu / (n + 1);
  }
  const models::ErlangATheory theory = models::erlang_a_theory(lambda, mu, seats, mu);
  CHECK(theory.wait_probability == doctest::Approx(at_least_seats).epsilon(1e-12));
  CHECK(theory.mean_wait_hours == doctest::Approx(mean_in_line / lambda).epsilon(1e-12));
  CHECK(theory.abandonment_probability == doctest::Approx(mu * mean_in_line / lambda).epsilon(1e-12));
}

TEST_CASE("Erlang A with callers hanging up at once is Erlang B's blocking") {
  const double lambda = 8.0, mu = 1.0;
  const int seats = 10;
  double erlang_b = 1.0;
  for (int k = 1; k <= seats; ++k) erlang_b = lambda / mu * erlang_b / (k + lambda / mu * erlang_b);
  // P(abandon) differs from the blocking by a share of about lambda / theta.
  const models::ErlangATheory theory = models::erlang_a_theory(lambda, mu, seats, 1e9);
  CHECK(theory.abandonment_probability == doctest::Approx(erlang_b).epsilon(1e-6));
  CHECK(theory.wait_probability == doctest::Approx(erlang_b).epsilon(1e-6));
  CHECK(theory.mean_wait_hours < 1e-9);
}

TEST_CASE("Erlang A for 750 seats in overload is near the fluid limit") {
  // rho = 1.1 with 750 seats: terms near e^700 neither overflow nor lose the answer.
  const models::ErlangATheory theory = models::erlang_a_theory(9900.0, 12.0, 750, 20.0);
  CHECK(std::isfinite(theory.mean_wait_served_hours));
  // Near the fluid limit of this many seats (Whitt 2006): the seats answer
  // what they can and the rest hangs up, P(abandon) = 1 - 1/rho; the line
  // settles where a share 1/rho is still patient, so those answered wait
  // ln(rho) / theta, and those who hang up wait less.
  CHECK(theory.abandonment_probability == doctest::Approx(1.0 - 1.0 / 1.1).epsilon(0.02));
  CHECK(theory.mean_wait_served_hours == doctest::Approx(std::log(1.1) / 20.0).epsilon(0.05));
  CHECK(theory.utilisation < 1.0);
  CHECK(theory.mean_wait_hours < theory.mean_wait_served_hours);
}

TEST_CASE("Erlang A refuses rates with no steady state or none it can sum") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double infinity = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(models::erlang_a_theory(3.0, 1.0, 3, 0.0), doctest::Contains("unstable"), std::invalid_argument);
  // Overloaded and hardly ever hanging up: the mass lies 10^7 contacts deep.
  CHECK_THROWS_WITH_AS(models::erlang_a_theory(2.0, 1.0, 1, 1e-7), doctest::Contains("10^6 states"), std::invalid_argument);
  // Without abandonment, a load within 10^-5 of 1: the geometric tail needs
  // about 5 x 10^6 terms; within 10^-4 it needs 5 x 10^5, and is summed.
  CHECK_THROWS_WITH_AS(models::erlang_a_theory(1.0 - 1e-5, 1.0, 1, 0.0), doctest::Contains("10^6 states"), std::invalid_argument);
  CHECK(models::erlang_a_theory(1.0 - 1e-4, 1.0, 1, 0.0).mean_wait_hours ==
        doctest::Approx(models::mmc_theory(1.0 - 1e-4, 1.0, 1).mean_wait_hours).epsilon(1e-9));
  for (const double bad : {0.0, -1.0, nan, infinity}) {
    INFO("rate ", bad);
    CHECK_THROWS_AS(models::erlang_a_theory(bad, 1.0, 3, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(models::erlang_a_theory(1.0, bad, 3, 1.0), std::invalid_argument);
  }
  for (const double bad : {-1.0, nan, infinity}) {
    INFO("abandonment rate ", bad);
    CHECK_THROWS_AS(models::erlang_a_theory(1.0, 1.0, 3, bad), std::invalid_argument);
  }
  CHECK_THROWS_AS(models::erlang_a_theory(1.0, 1.0, 0, 1.0), std::invalid_argument);
}
