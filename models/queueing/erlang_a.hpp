#pragma once
// Erlang A: the steady state of the M/M/c+M queue, the theory SeatQueue
// (seat_queue.hpp) is checked against. Reference: Garnett, Mandelbaum and
// Reiman (2002), "Designing a call center with impatient customers",
// Manufacturing & Service Operations Management 4(3), 208-227.
//
// Model: Poisson arrivals at rate lambda; c seats, each handling at rate mu;
// one FIFO line; each waiting contact hangs up after an exponential patience
// of rate theta (mean 1/theta). Rates are per hour. theta = 0 is Erlang C.
//
// The number in the system N is a birth-death chain with birth rate lambda
// and death rate d_n = n mu for n <= c, c mu + (n - c) theta for n > c, so
//   pi_n = pi_0 prod_{k=1..n} lambda / d_k.
// The terms are summed from n = 0 in log space, scaled by the largest so far
// (with c = 750 they reach e^700, near the double's limit), until the rest of
// every sum is below 1e-15 of it: beyond the mode the ratios lambda / d_n
// only fall, so the rest is bounded by a geometric series. Arrivals see pi
// (PASTA); with E[Q] = sum_{n>c} (n - c) pi_n, the mean line length:
//   P(wait)      = sum_{n>=c} pi_n
//   P(abandon)   = theta E[Q] / lambda     (contacts hang up at rate theta E[Q])
//   W            = E[Q] / lambda           (Little's law on the line; all arrivals)
//   utilisation  = lambda (1 - P(abandon)) / (c mu)
//   W_served     = E[wait; served] / (1 - P(abandon)).
// For W_served: an arrival that finds k contacts ahead of it in the line
// waits, with i still ahead, for the first of c mu + i theta (it moves up)
// or theta (it hangs up), so the product telescopes:
//   P(served | k) = prod_{i=0..k} (c mu + i theta) / (c mu + (i+1) theta) = c mu / (c mu + (k+1) theta)
//   E[wait; served | k] = P(served | k) sum_{i=1..k+1} 1 / (c mu + i theta)
// (an exponential holding time is independent of which event ends it).

namespace tiaokuai::models {

struct ErlangATheory {
  double utilisation;              // busy seats / c
  double wait_probability;         // an arrival finds every seat busy
  double abandonment_probability;  // an arrival hangs up before a seat answers
  double mean_wait_hours;          // over all arrivals: until answered or until hanging up
  double mean_wait_served_hours;   // over the arrivals a seat answers
};

// Throws std::invalid_argument unless the rates are finite, lambda and mu
// > 0, theta >= 0 and seats >= 1; when theta = 0 and lambda >= c mu (no
// steady state); and when more than 10^6 states hold probability: without
// abandonment, a load within about 5 x 10^-5 of 1; in overload, an
// abandonment so slow that 10^6 contacts in line are needed to balance it.
ErlangATheory erlang_a_theory(double arrival_rate, double service_rate, int seats, double abandonment_rate);

}  // namespace tiaokuai::models
