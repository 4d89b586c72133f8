#pragma once
// SeatQueue: the hotline's seats and their FIFO waiting line, with impatient
// callers (M/M/c+M, "Erlang A", when arrivals are Poisson and handling and
// patience exponential; erlang_a.hpp holds the theory). It runs on a
// simulator the caller owns, so a larger model (the city, the governance
// model) embeds it among its own events.
//
// The caller draws each contact's handling time and patience (so it owns
// the random streams and can use common random numbers) and calls arrive().
// The queue schedules one event per answered contact, the end of its
// handling, and none for abandonment: under FIFO a waiting contact abandons
// iff its wait would exceed its patience, so when a seat frees up the queue
// drops from its front every contact whose patience ran out before now (it
// hung up at arrival + patience) and answers the first one still patient.
// This is exact: it changes when an abandonment is reported, not whether or
// when it happened.
//
// Reporting. on_abandoned is therefore lazy: it comes at the next seat
// release (or set_seats) that reaches the contact, or at flush_abandoned(),
// with waited_hours = patience_hours. Until then waiting() still counts the
// contact; call flush_abandoned() first for the exact line at now (at the
// horizon, say). A contact whose patience runs out at the very instant a
// seat frees up is answered.
//
// Callbacks: a listener may call arrive() and set_seats() from its
// callbacks. The queue captures `this` in its events: it must outlive the
// simulator's run and must not move.

#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include "sim/running_stats.hpp"
#include "sim/simulator.hpp"
#include "sim/time_weighted_average.hpp"

namespace tiaokuai::models {

// One citizen contact. key and payload are the caller's, passed back as
// they came. patience_hours = +infinity: the contact never hangs up (M/M/c);
// 0: it hangs up unless a seat answers it the instant it arrives.
struct SeatContact {
  std::uint64_t key = 0;
  std::uint32_t payload = 0;
  double handle_hours = 0;                                           // finite, >= 0
  double patience_hours = std::numeric_limits<double>::infinity();  // >= 0
};

class SeatQueueListener {
 public:
  // A seat picks the contact up after waited_hours in the line (0 if a seat was free).
  virtual void on_answered(const SeatContact& contact, double waited_hours) = 0;
  // The seat finishes the contact, handle_hours after answering it.
  virtual void on_handled(const SeatContact& contact) = 0;
  // The contact hung up in the line after waited_hours = its patience (reported lazily, see above).
  virtual void on_abandoned(const SeatContact& contact, double waited_hours) = 0;

 protected:
  ~SeatQueueListener() = default;
};

// What the queue measured since it was built or since start_counting().
// Contacts count where their event falls: offered and queued at arrival,
// answered at answer, abandoned at arrival + patience (even when reported
// later), so a warm-up cut leaves no bias.
struct SeatQueueStatistics {
  std::uint64_t offered = 0;             // contacts that arrived
  std::uint64_t queued = 0;              // of them, those that found every staffed seat busy
  sim::RunningStats answered_wait_hours;  // count() = contacts answered
  sim::RunningStats abandoned_wait_hours; // count() = contacts that hung up; values are their patience
  sim::TimeWeightedAverage busy_seats;
  sim::TimeWeightedAverage staffed_seats;  // utilisation = busy_seats.mean / staffed_seats.mean
};

class SeatQueue {
 public:
  // `handled_event`: priority and label of the end-of-handling events, the
  // only events the queue schedules. Throws std::invalid_argument if seats < 0.
  SeatQueue(sim::Simulator& simulator, int seats, SeatQueueListener& listener, sim::EventOptions handled_event = {});
  SeatQueue(const SeatQueue&) = delete;
  SeatQueue& operator=(const SeatQueue&) = delete;

  // A contact arrives now: a free seat answers it at once, else it joins the
  // back of the line. Throws std::invalid_argument for a negative or
  // non-finite handle time, or a negative or NaN patience.
  void arrive(const SeatContact& contact);

  // Staffs `seats` (>= 0) from now. More seats answer waiting contacts at
  // once; fewer let busy seats finish their contact, and no seat answers
  // again until busy() < seats().
  void set_seats(int seats);

  // Reports, in line order, every waiting contact whose patience has run
  // out by now, and removes it; returns how many. Afterwards waiting() is
  // exact.
  std::size_t flush_abandoned();

  // Resets the statistics: they count from now (the end of a warm-up).
  void start_counting();

  int seats() const { return seats_; }
  int busy() const { return busy_; }
  // Contacts in the line, those whose patience has run out but who are not yet reported included.
  std::size_t waiting() const { return waiting_.size(); }
  const SeatQueueStatistics& statistics() const { return statistics_; }

 private:
  struct WaitingContact {
    SeatContact contact;
    sim::Time arrived;
  };

  bool has_abandoned(const WaitingContact& waiting) const;
  void answer_waiting();
  void answer(const SeatContact& contact, double waited_hours);
  void finish_handling(std::uint32_t seat);
  void report_abandonment(const WaitingContact& waiting);

  sim::Simulator& simulator_;
  SeatQueueListener& listener_;
  sim::EventOptions handled_event_;
  int seats_;
  int busy_ = 0;
  std::deque<WaitingContact> waiting_;
  // The contact each seat is handling, indexed by the seat number its
  // end-of-handling event captures; grows to the most seats ever busy at once.
  std::vector<SeatContact> in_service_;
  std::vector<std::uint32_t> free_seat_numbers_;
  sim::Time counting_since_;
  SeatQueueStatistics statistics_;
};

}  // namespace tiaokuai::models
