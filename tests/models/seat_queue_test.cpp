// SeatQueue, the hotline's seats: scripted lines check its order, its lazy
// abandonment and its staffing changes to the millisecond; Poisson runs
// check it against Erlang C and Erlang A (erlang_a.hpp). Tolerances come
// from the runs, as in mmc_queue_test.cpp: a 99.9 % Student-t interval over
// independent replications must cover the closed-form value, and must be
// narrow enough (a stated share of that value) to mean something.
#include <doctest/doctest.h>

#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/queueing/erlang_a.hpp"
#include "models/queueing/mmc_queue.hpp"
#include "models/queueing/seat_queue.hpp"
#include "sim/confidence_interval.hpp"
#include "sim/random_stream.hpp"
#include "sim/trace_fingerprint.hpp"

using namespace tiaokuai;

namespace {

constexpr double patient = std::numeric_limits<double>::infinity();

models::SeatContact contact(std::uint64_t key, double handle_hours, double patience_hours = patient) {
  return {.key = key, .payload = 0, .handle_hours = handle_hours, .patience_hours = patience_hours};
}

// A SeatQueue fed by a script of arrivals and staffing changes; it writes
// one line per report, with the clock, so a test compares the whole story.
class ScriptedLine final : public models::SeatQueueListener {
 public:
  explicit ScriptedLine(int seats) : queue_(simulator_, seats, *this) {}

  void arrive_at(double hours, const models::SeatContact& arriving) {
    script_.push_back(arriving);
    simulator_.schedule_at(sim::hours(hours), [this, index = script_.size() - 1] { queue_.arrive(script_[index]); });
  }
  void set_seats_at(double hours, int seats) {
    simulator_.schedule_at(sim::hours(hours), [this, seats] { queue_.set_seats(seats); });
  }
  void start_counting_at(double hours) {
    simulator_.schedule_at(sim::hours(hours), [this] { queue_.start_counting(); });
  }
  void run_until(double hours) { simulator_.run({.horizon = sim::hours(hours)}); }

  models::SeatQueue& queue() { return queue_; }
  const std::string& story() const { return story_; }

  void on_answered(const models::SeatContact& answered, double waited_hours) override {
    tell("answered", answered.key, waited_hours);
  }
  void on_handled(const models::SeatContact& handled) override { tell("handled", handled.key, 0.0); }
  void on_abandoned(const models::SeatContact& abandoned, double waited_hours) override {
    tell("abandoned", abandoned.key, waited_hours);
  }

 private:
  void tell(const char* what, std::uint64_t key, double waited_hours) {
    char line[96];
    std::snprintf(line, sizeof line, "%g %s %llu after %g\n", simulator_.now().to_hours(), what,
                  static_cast<unsigned long long>(key), waited_hours);
    story_ += line;
  }

  sim::Simulator simulator_;
  models::SeatQueue queue_;
  std::vector<models::SeatContact> script_;
  std::string story_;
};

struct Load {
  double arrival_rate;      // lambda, contacts per hour
  double handle_rate;       // mu, contacts per hour per seat
  int seats;                // c
  double abandonment_rate;  // theta, 1 / mean patience; 0: callers never hang up
};

// A SeatQueue alone under Poisson arrivals, with exponential handling and
// patience, each from its own named stream.
class PoissonHotline final : public models::SeatQueueListener {
 public:
  static constexpr std::uint32_t arrival_kind = 1, handled_kind = 2;

  PoissonHotline(const Load& load, std::uint64_t run_index)
      : load_(load),
        arrivals_(2024, run_index, "seat_queue_test/arrivals"),
        handling_(2024, run_index, "seat_queue_test/handling"),
        patience_(2024, run_index, "seat_queue_test/patience"),
        queue_(simulator_, load.seats, *this, {.label = {handled_kind, 0}}) {
    simulator_.set_trace(fingerprint_.hook());
  }

  // Counts from the warm-up on, and settles the line at the horizon.
  const models::SeatQueueStatistics& run(double warm_up_hours, double horizon_hours) {
    schedule_arrival();
    simulator_.run({.horizon = sim::hours(warm_up_hours)});
    queue_.start_counting();
    simulator_.run({.horizon = sim::hours(horizon_hours)});
    queue_.flush_abandoned();
    return queue_.statistics();
  }

  std::uint64_t fingerprint() const { return fingerprint_.value(); }
  std::uint64_t events() const { return simulator_.events_executed(); }
  std::uint64_t arrivals() const { return next_key_; }
  std::uint64_t handled() const { return handled_; }

  void on_answered(const models::SeatContact&, double) override {}
  void on_handled(const models::SeatContact&) override { ++handled_; }
  void on_abandoned(const models::SeatContact&, double) override {}

 private:
  void schedule_arrival() {
    const sim::Time gap = sim::hours(arrivals_.exponential(1.0 / load_.arrival_rate));
    simulator_.schedule(gap, [this] { arrive(); }, {.label = {arrival_kind, 0}});
  }

  void arrive() {
    models::SeatContact arriving;
    arriving.key = next_key_++;
    arriving.handle_hours = handling_.exponential(1.0 / load_.handle_rate);
    if (load_.abandonment_rate > 0.0) arriving.patience_hours = patience_.exponential(1.0 / load_.abandonment_rate);
    queue_.arrive(arriving);
    schedule_arrival();
  }

  Load load_;
  sim::Simulator simulator_;
  sim::TraceFingerprint fingerprint_;
  sim::RandomStream arrivals_, handling_, patience_;
  models::SeatQueue queue_;
  std::uint64_t next_key_ = 0;
  std::uint64_t handled_ = 0;
};

double total(const sim::RunningStats& values) {
  return values.count() == 0 ? 0.0 : values.mean() * static_cast<double>(values.count());
}

// The Erlang A quantities, one value per replication.
struct Replicated {
  sim::RunningStats wait_probability, abandonment_probability, mean_wait, mean_wait_served, utilisation;
};

Replicated replicate(const Load& load, int replications, double warm_up_hours, double horizon_hours) {
  Replicated replicated;
  for (int run = 0; run < replications; ++run) {
    PoissonHotline hotline(load, static_cast<std::uint64_t>(run));
    const models::SeatQueueStatistics& measured = hotline.run(warm_up_hours, horizon_hours);
    const double offered = static_cast<double>(measured.offered);
    const auto answered = measured.answered_wait_hours.count(), abandoned = measured.abandoned_wait_hours.count();
    replicated.wait_probability.add(static_cast<double>(measured.queued) / offered);
    replicated.abandonment_probability.add(static_cast<double>(abandoned) / offered);
    replicated.mean_wait.add((total(measured.answered_wait_hours) + total(measured.abandoned_wait_hours)) /
                             static_cast<double>(answered + abandoned));
    replicated.mean_wait_served.add(measured.answered_wait_hours.mean());
    const sim::Time horizon = sim::hours(horizon_hours);
    replicated.utilisation.add(measured.busy_seats.mean(horizon) / measured.staffed_seats.mean(horizon));
  }
  return replicated;
}

void check_covers(const std::string& what, const sim::RunningStats& replications, double theory, double widest_share) {
  const sim::ConfidenceInterval interval = sim::student_t_interval(replications, 0.999);
  INFO(what, ": simulated ", interval.estimate, " +- ", interval.half_width, ", theory ", theory);
  CHECK(interval.contains(theory));
  CHECK(interval.half_width < widest_share * theory);
}

void check_against_erlang_a(const Load& load, const Replicated& simulated, double widest_share) {
  const models::ErlangATheory theory =
      models::erlang_a_theory(load.arrival_rate, load.handle_rate, load.seats, load.abandonment_rate);
  check_covers("P(wait)", simulated.wait_probability, theory.wait_probability, widest_share);
  if (load.abandonment_rate == 0.0) {
    CHECK(simulated.abandonment_probability.max() == 0.0);
  } else {
    check_covers("P(abandon)", simulated.abandonment_probability, theory.abandonment_probability, widest_share);
  }
  check_covers("mean wait", simulated.mean_wait, theory.mean_wait_hours, widest_share);
  check_covers("mean wait of the answered", simulated.mean_wait_served, theory.mean_wait_served_hours, widest_share);
  check_covers("utilisation", simulated.utilisation, theory.utilisation, widest_share);
}

}  // namespace

TEST_CASE("a SeatQueue seat that frees up answers the line in arrival order, past those who hung up") {
  ScriptedLine line(1);
  line.arrive_at(0.0, contact(1, 1.0));
  line.arrive_at(0.1, contact(2, 1.0, 0.5));  // hangs up at 0.6, reported when the seat frees at 1
  line.arrive_at(0.2, contact(3, 1.0));
  line.arrive_at(0.3, contact(4, 1.0, 1.7));  // patience runs out at 2, the very instant a seat frees: answered
  line.arrive_at(0.4, contact(5, 1.0, 1.6));
  line.run_until(10.0);
  CHECK(line.story() ==
        "0 answered 1 after 0\n"
        "1 handled 1 after 0\n"
        "1 abandoned 2 after 0.5\n"
        "1 answered 3 after 0.8\n"
        "2 handled 3 after 0\n"
        "2 answered 4 after 1.7\n"
        "3 handled 4 after 0\n"
        "3 abandoned 5 after 1.6\n");
  const models::SeatQueueStatistics& statistics = line.queue().statistics();
  CHECK(statistics.offered == 5);
  CHECK(statistics.queued == 4);
  CHECK(statistics.answered_wait_hours.count() == 3);
  CHECK(statistics.abandoned_wait_hours.count() == 2);
  CHECK(line.queue().waiting() == 0);
}

TEST_CASE("SeatQueue's flush_abandoned settles who has hung up, and abandonments count by when they happened") {
  ScriptedLine line(1);
  line.arrive_at(0.0, contact(1, 10.0));
  line.arrive_at(0.0, contact(2, 1.0, 1.0));  // hangs up at 1, after counting starts
  line.arrive_at(0.0, contact(3, 1.0));
  line.arrive_at(0.0, contact(4, 1.0, 0.5));  // hangs up at 0.5, before counting starts
  line.start_counting_at(0.75);
  line.run_until(2.0);
  // No seat has freed up: nobody is reported yet.
  CHECK(line.story() == "0 answered 1 after 0\n");
  CHECK(line.queue().waiting() == 3);
  CHECK(line.queue().flush_abandoned() == 2);
  CHECK(line.story() ==
        "0 answered 1 after 0\n"
        "2 abandoned 2 after 1\n"
        "2 abandoned 4 after 0.5\n");
  CHECK(line.queue().waiting() == 1);
  CHECK(line.queue().flush_abandoned() == 0);
  const models::SeatQueueStatistics& statistics = line.queue().statistics();
  CHECK(statistics.offered == 0);
  CHECK(statistics.abandoned_wait_hours.count() == 1);
  CHECK(statistics.abandoned_wait_hours.mean() == 1.0);
}

TEST_CASE("SeatQueue's set_seats: more seats answer the line at once, fewer let busy seats finish first") {
  ScriptedLine line(1);
  for (std::uint64_t key = 1; key <= 3; ++key) line.arrive_at(0.0, contact(key, 1.0));
  line.set_seats_at(0.5, 3);
  line.set_seats_at(0.6, 1);
  line.arrive_at(0.7, contact(4, 1.0));
  line.run_until(1.2);
  // One seat staffed, two still busy: the line waits.
  CHECK(line.queue().busy() == 2);
  CHECK(line.queue().seats() == 1);
  CHECK(line.queue().waiting() == 1);
  line.run_until(3.0);
  CHECK(line.story() ==
        "0 answered 1 after 0\n"
        "0.5 answered 2 after 0.5\n"
        "0.5 answered 3 after 0.5\n"
        "1 handled 1 after 0\n"
        "1.5 handled 2 after 0\n"
        "1.5 handled 3 after 0\n"
        "1.5 answered 4 after 0.8\n"
        "2.5 handled 4 after 0\n");
  // 1 seat for 0.5 h, 3 for 0.1 h, 1 for 2.4 h.
  CHECK(line.queue().statistics().staffed_seats.mean(sim::hours(3)) == doctest::Approx(3.2 / 3.0));
  line.queue().set_seats(0);
  line.queue().arrive(contact(5, 1.0));
  CHECK(line.queue().busy() == 0);
  CHECK(line.queue().waiting() == 1);
}

TEST_CASE("SeatQueue refuses impossible seats, handle times and patience") {
  ScriptedLine line(1);
  CHECK_THROWS_AS(line.queue().set_seats(-1), std::invalid_argument);
  for (const double bad : {-1.0, patient, std::numeric_limits<double>::quiet_NaN()}) {
    INFO("handle hours ", bad);
    CHECK_THROWS_AS(line.queue().arrive(contact(1, bad)), std::invalid_argument);
  }
  for (const double bad : {-1.0, std::numeric_limits<double>::quiet_NaN()}) {
    INFO("patience hours ", bad);
    CHECK_THROWS_AS(line.queue().arrive(contact(1, 1.0, bad)), std::invalid_argument);
  }
  CHECK(line.queue().statistics().offered == 0);
  sim::Simulator simulator;
  CHECK_THROWS_AS(models::SeatQueue(simulator, -1, line), std::invalid_argument);
}

TEST_CASE("patient callers on SeatQueue match Erlang C") {
  // rho = 0.85, 10 seats, 5-minute calls: 20 replications of about 160,000
  // contacts pin the mean wait to about +-6 % (99.9 %); 10 % is required.
  const Load load{.arrival_rate = 102.0, .handle_rate = 12.0, .seats = 10, .abandonment_rate = 0.0};
  const Replicated simulated = replicate(load, 20, 20.0, 1600.0);
  const models::MmcTheory erlang_c = models::mmc_theory(load.arrival_rate, load.handle_rate, load.seats);
  check_covers("P(wait), Erlang C", simulated.wait_probability, erlang_c.wait_probability, 0.1);
  check_covers("mean wait, Erlang C", simulated.mean_wait_served, erlang_c.mean_wait_hours, 0.1);
  check_against_erlang_a(load, simulated, 0.1);
}

TEST_CASE("impatient callers on SeatQueue match Erlang A in overload") {
  // rho = 1.1 on 20 seats, 5-minute calls, 10 minutes of patience on
  // average; 10 replications of about 100,000 contacts.
  const Load load{.arrival_rate = 264.0, .handle_rate = 12.0, .seats = 20, .abandonment_rate = 6.0};
  check_against_erlang_a(load, replicate(load, 10, 20.0, 400.0), 0.1);
}

TEST_CASE("impatient callers on SeatQueue match Erlang A at a moderate load") {
  // rho = 0.9 on 20 seats, 2.5 minutes of patience on average; about 86,000
  // contacts a replication pin P(abandon) to about +-7 %.
  const Load load{.arrival_rate = 216.0, .handle_rate = 12.0, .seats = 20, .abandonment_rate = 24.0};
  check_against_erlang_a(load, replicate(load, 10, 20.0, 400.0), 0.1);
}

TEST_CASE("SeatQueue with 750 seats at 95 % load agrees roughly with Erlang A") {
  // The hotline's size, 3 minutes of patience: the theory's terms reach
  // e^700. Only roughly: the line forms in bursts about an hour apart, so
  // 240 simulated hours (2 million contacts) pin P(wait) (8 %) and
  // P(abandon) (0.2 %) to +-25 to 40 % only; 50 % is required.
  const Load load{.arrival_rate = 8550.0, .handle_rate = 12.0, .seats = 750, .abandonment_rate = 20.0};
  const Replicated simulated = replicate(load, 12, 2.0, 22.0);
  check_against_erlang_a(load, simulated, 0.5);
}

TEST_CASE("SeatQueue runs the same from the same streams, and abandonment costs no event") {
  const Load load{.arrival_rate = 264.0, .handle_rate = 12.0, .seats = 20, .abandonment_rate = 6.0};
  PoissonHotline first(load, 7), again(load, 7), other(load, 8);
  const models::SeatQueueStatistics& a = first.run(10.0, 100.0);
  const models::SeatQueueStatistics& b = again.run(10.0, 100.0);
  other.run(10.0, 100.0);
  CHECK(first.fingerprint() == again.fingerprint());
  CHECK(first.fingerprint() != other.fingerprint());
  CHECK(a.offered == b.offered);
  CHECK(a.abandoned_wait_hours.count() == b.abandoned_wait_hours.count());
  CHECK(a.answered_wait_hours.mean() == b.answered_wait_hours.mean());
  // Every event is an arrival or the end of a handling, though about 1 in 10 hung up.
  CHECK(a.abandoned_wait_hours.count() > a.offered / 20);
  CHECK(first.events() == first.arrivals() + first.handled());
}
