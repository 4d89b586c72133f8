#include "models/queueing/seat_queue.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tiaokuai::models {

SeatQueue::SeatQueue(sim::Simulator& simulator, int seats, SeatQueueListener& listener, sim::EventOptions handled_event)
    : simulator_(simulator),
      listener_(listener),
      handled_event_(handled_event),
      seats_(seats),
      counting_since_(simulator.now()) {
  if (seats < 0) throw std::invalid_argument("SeatQueue: seats must be >= 0");
  statistics_.busy_seats = sim::TimeWeightedAverage(counting_since_, 0.0);
  statistics_.staffed_seats = sim::TimeWeightedAverage(counting_since_, seats);
}

void SeatQueue::arrive(const SeatContact& contact) {
  if (!(std::isfinite(contact.handle_hours) && contact.handle_hours >= 0.0)) {
    throw std::invalid_argument("SeatQueue: a contact's handle time must be finite and >= 0");
  }
  if (!(contact.patience_hours >= 0.0)) throw std::invalid_argument("SeatQueue: a contact's patience must be >= 0");
  ++statistics_.offered;
  // A non-empty line with a free seat exists only while a listener callback
  // runs inside answer_waiting(); the newcomer then queues behind the line.
  if (waiting_.empty() && busy_ < seats_) {
    answer(contact, 0.0);
    return;
  }
  ++statistics_.queued;
  waiting_.push_back({contact, simulator_.now()});
}

void SeatQueue::set_seats(int seats) {
  if (seats < 0) throw std::invalid_argument("SeatQueue: seats must be >= 0");
  seats_ = seats;
  statistics_.staffed_seats.set(simulator_.now(), seats);
  answer_waiting();
}

std::size_t SeatQueue::flush_abandoned() {
  // Partition first and report afterwards: a listener may add to the line.
  const auto patient = std::stable_partition(waiting_.begin(), waiting_.end(),
                                             [this](const WaitingContact& waiting) { return has_abandoned(waiting); });
  const std::vector<WaitingContact> abandoned(waiting_.begin(), patient);
  waiting_.erase(waiting_.begin(), patient);
  for (const WaitingContact& waiting : abandoned) report_abandonment(waiting);
  return abandoned.size();
}

void SeatQueue::start_counting() {
  const sim::Time now = simulator_.now();
  counting_since_ = now;
  statistics_.offered = 0;
  statistics_.queued = 0;
  statistics_.answered_wait_hours = {};
  statistics_.abandoned_wait_hours = {};
  statistics_.busy_seats.restart(now);
  statistics_.staffed_seats.restart(now);
}

bool SeatQueue::has_abandoned(const WaitingContact& waiting) const {
  return sim::hours_between(waiting.arrived, simulator_.now()) > waiting.contact.patience_hours;
}

void SeatQueue::answer_waiting() {
  while (busy_ < seats_ && !waiting_.empty()) {
    const WaitingContact next = waiting_.front();
    waiting_.pop_front();
    if (has_abandoned(next)) {
      report_abandonment(next);
    } else {
      answer(next.contact, sim::hours_between(next.arrived, simulator_.now()));
    }
  }
}

void SeatQueue::answer(const SeatContact& contact, double waited_hours) {
  std::uint32_t seat;
  if (free_seat_numbers_.empty()) {
    seat = static_cast<std::uint32_t>(in_service_.size());
    in_service_.push_back(contact);
  } else {
    seat = free_seat_numbers_.back();
    free_seat_numbers_.pop_back();
    in_service_[seat] = contact;
  }
  ++busy_;
  statistics_.busy_seats.set(simulator_.now(), busy_);
  statistics_.answered_wait_hours.add(waited_hours);
  simulator_.schedule(sim::hours(contact.handle_hours), [this, seat] { finish_handling(seat); }, handled_event_);
  listener_.on_answered(contact, waited_hours);
}

void SeatQueue::finish_handling(std::uint32_t seat) {
  const SeatContact handled = in_service_[seat];
  free_seat_numbers_.push_back(seat);
  --busy_;
  statistics_.busy_seats.set(simulator_.now(), busy_);
  listener_.on_handled(handled);
  answer_waiting();
}

void SeatQueue::report_abandonment(const WaitingContact& waiting) {
  const double patience = waiting.contact.patience_hours;
  // It hung up at arrival + patience, which may lie before start_counting().
  if (patience >= sim::hours_between(waiting.arrived, counting_since_)) statistics_.abandoned_wait_hours.add(patience);
  listener_.on_abandoned(waiting.contact, patience);
}

}  // namespace tiaokuai::models
