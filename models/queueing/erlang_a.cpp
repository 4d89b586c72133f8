#include "models/queueing/erlang_a.hpp"

#include <cmath>
#include <stdexcept>

namespace tiaokuai::models {
namespace {

constexpr double negligible_share = 1e-15;
constexpr int max_states = 1'000'000;

bool positive_finite(double rate) { return std::isfinite(rate) && rate > 0.0; }

}  // namespace

ErlangATheory erlang_a_theory(double arrival_rate, double service_rate, int seats, double abandonment_rate) {
  if (!positive_finite(arrival_rate) || !positive_finite(service_rate) || seats < 1 ||
      !(std::isfinite(abandonment_rate) && abandonment_rate >= 0.0)) {
    throw std::invalid_argument("Erlang A: arrival and service rates must be finite and > 0, abandonment rate >= 0, seats >= 1");
  }
  const double all_seats_rate = seats * service_rate;  // c mu
  if (abandonment_rate == 0.0 && !(arrival_rate < all_seats_rate)) {
    throw std::invalid_argument("Erlang A: without abandonment the queue is unstable (lambda >= c mu)");
  }
  // In overload the mass centres where abandonment balances the excess,
  // (lambda - c mu) / theta contacts in line: refuse at once what the sum
  // below would refuse only after 10^6 terms.
  if (arrival_rate > all_seats_rate && (arrival_rate - all_seats_rate) / abandonment_rate > max_states) {
    throw std::invalid_argument("Erlang A: more than 10^6 states hold probability");
  }
  const auto death_rate = [&](int n) {
    return n <= seats ? n * service_rate : all_seats_rate + (n - seats) * abandonment_rate;
  };

  // Unnormalised sums over n of t_n = prod lambda / d_k, each held as
  // sum / exp(log_scale) with log_scale the largest log t_n so far.
  double log_term = 0.0;  // log t_0
  double log_scale = 0.0;
  double total = 1.0;              // sum t_n
  double waiting = 0.0;            // sum_{n>=c} t_n
  double in_line = 0.0;            // sum_{n>c} (n - c) t_n
  double served_wait = 0.0;        // sum_{n>=c} t_n E[wait; served | n - c ahead]
  double served_wait_rates = 0.0;  // sum_{i=1..k+1} 1 / (c mu + i theta) for k = n - c ahead
  for (int n = 1;; ++n) {
    if (n > max_states) throw std::invalid_argument("Erlang A: more than 10^6 states hold probability");
    log_term += std::log(arrival_rate / death_rate(n));
    if (log_term > log_scale) {
      const double shrink = std::exp(log_scale - log_term);
      total *= shrink;
      waiting *= shrink;
      in_line *= shrink;
      served_wait *= shrink;
      log_scale = log_term;
    }
    const double term = std::exp(log_term - log_scale);
    total += term;
    if (n < seats) continue;
    const int ahead = n - seats;
    const double leave_line_rate = all_seats_rate + (ahead + 1) * abandonment_rate;
    served_wait_rates += 1.0 / leave_line_rate;
    const double served_wait_weight = all_seats_rate / leave_line_rate * served_wait_rates;
    waiting += term;
    in_line += ahead * term;
    served_wait += served_wait_weight * term;

    // Once the ratio r is below 1 it only falls, and every weight above
    // grows at most like (ahead + 1), so the rest of each sum is at most
    // term x weight x sum_{j>=1} r^j (ahead + 1 + j) / (ahead + 1).
    const double ratio = arrival_rate / death_rate(n + 1);
    if (ratio >= 1.0) continue;
    const double rest_factor = ratio / (1.0 - ratio) * (1.0 + 1.0 / ((1.0 - ratio) * (ahead + 1)));
    const double rest = term * rest_factor;
    if (rest <= negligible_share * total && rest * (ahead + 1) <= negligible_share * in_line &&
        rest * served_wait_weight <= negligible_share * served_wait) {
      break;
    }
  }

  const double mean_in_line = in_line / total;
  ErlangATheory theory{};
  theory.wait_probability = waiting / total;
  theory.abandonment_probability = abandonment_rate * mean_in_line / arrival_rate;
  theory.mean_wait_hours = mean_in_line / arrival_rate;
  theory.mean_wait_served_hours = served_wait / total / (1.0 - theory.abandonment_probability);
  theory.utilisation = arrival_rate * (1.0 - theory.abandonment_probability) / all_seats_rate;
  return theory;
}

}  // namespace tiaokuai::models
