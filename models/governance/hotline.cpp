// The city's 12345 hotline (docs/odd.md section 3, step 1b): citizens'
// contacts arrive by hour of day and day of week, phone contacts queue for a
// seat (seat_queue.hpp: impatient callers hang up), consultations are closed
// at the seat, and demands become work orders dispatched to the street where
// the problem is, which leads them from there as any township leads an issue.

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/governance/governance_model.hpp"
#include "models/governance/issue_draws.hpp"

namespace tiaokuai::models::governance {

namespace {

// `profile` scaled to mean 1.
template <std::size_t N>
std::array<double, N> mean_one(const std::vector<double>& profile) {
  std::array<double, N> weights{};
  const double mean = std::accumulate(profile.begin(), profile.end(), 0.0) / static_cast<double>(N);
  for (std::size_t k = 0; k < N; ++k) weights[k] = profile[k] / mean;
  return weights;
}

// Townships and categories fit 16 bits each (the model refuses more).
constexpr std::uint32_t pack_contact(std::uint32_t township, std::uint32_t category) { return township << 16 | category; }

}  // namespace

void GovernanceModel::SeatEvents::on_answered(const SeatContact&, double) {}

void GovernanceModel::SeatEvents::on_handled(const SeatContact& contact) { model.on_contact_handled(contact.key, contact.payload); }

void GovernanceModel::SeatEvents::on_abandoned(const SeatContact&, double) {}

void GovernanceModel::hotline_set_up(std::uint64_t seed, std::uint64_t run_index) {
  const Hotline& spec = scenario_.hotline;
  HotlineAgent& hotline = hotline_;
  hotline.contacts_per_hour = spec.contacts_per_day / 24.0;
  hotline.hour_weight = mean_one<24>(spec.hour_profile);
  hotline.day_weight = mean_one<7>(spec.day_profile);
  // Seats are staffed in proportion to the hour's expected contacts, the
  // busiest hour with all of them (docs/odd.md A79).
  const double busiest = *std::max_element(hotline.hour_weight.begin(), hotline.hour_weight.end());
  for (std::size_t h = 0; h < 24; ++h) {
    hotline.staffed_seats[h] = std::max(1, static_cast<int>(std::lround(spec.seats * hotline.hour_weight[h] / busiest)));
  }
  hotline.random = sim::RandomStream(seed, run_index, "hotline/contacts");
  // Where contacts come from: as issues would arise in communities, so the
  // category rates set the mix and each township weighs by its communities.
  std::vector<double> category_rates, township_weights;
  for (const Category& category : scenario_.categories) category_rates.push_back(category.rate_per_community_per_day);
  const double rate_sum = std::accumulate(category_rates.begin(), category_rates.end(), 0.0);
  for (const Township& township : scenario_.townships) township_weights.push_back(township.communities * rate_sum);
  hotline.township = sim::DiscreteDistribution(township_weights);
  hotline.category = sim::DiscreteDistribution(category_rates);
  seats_.emplace(simulator_, hotline.staffed_seats[0], seat_events_);
}

void GovernanceModel::on_hour(std::uint64_t hour) {
  seats_->set_seats(hotline_.staffed_seats[hour % 24]);
  next_hour_ = sim::hours(static_cast<double>(hour + 1));
  simulator_.schedule_at(next_hour_, [this, hour] { on_hour(hour + 1); });
  // Contacts are Poisson at the hour's rate: the draw that would have run
  // past the last hour's end was dropped (memorylessness makes this exact).
  schedule_contact();
}

void GovernanceModel::schedule_contact() {
  const auto hour = static_cast<std::uint64_t>(simulator_.now().to_hours());
  const double rate = hotline_.contacts_per_hour * hotline_.hour_weight[hour % 24] * hotline_.day_weight[hour / 24 % 7];
  if (!(rate > 0.0)) return;
  const sim::Time gap = sim::hours(hotline_.random.exponential(1.0 / rate));
  if (simulator_.now() + gap >= next_hour_) return;  // the next hour draws afresh
  simulator_.schedule(gap, [this] { on_contact(); });
}

void GovernanceModel::on_contact() {
  const Hotline& spec = scenario_.hotline;
  HotlineAgent& hotline = hotline_;
  // Every contact takes the same draws, whatever becomes of it.
  const bool by_phone = hotline.random.uniform01() < spec.phone_share;
  const auto township = static_cast<std::uint32_t>(hotline.township.sample(hotline.random));
  const auto category = static_cast<std::uint32_t>(hotline.category.sample(hotline.random));
  const std::uint64_t key = hotline.random.next_u64();
  const double handle_hours = hotline.random.exponential(spec.handle_minutes / 60.0);
  const double patience_hours = hotline.random.exponential(spec.patience_minutes / 60.0);
  const bool demand = issue_uniform(key, Draw::contact_demand, 0, 0) < spec.demand_share;
  if (simulator_.now() >= warm_up_) ++hotline.contacts;
  if (by_phone) {
    // Writing up a demand's work order keeps the seat a little longer (S41).
    const double dispatch_hours = demand ? spec.dispatch_minutes / 60.0 : 0.0;
    seats_->arrive({key, pack_contact(township, category), handle_hours + dispatch_hours, patience_hours});
    // The seat queue settles callers who hung up only when a seat frees up,
    // so with every seat slow the line would keep them. Swept whenever it
    // has doubled since the last sweep: amortised O(1) per contact, and the
    // line stays within twice the callers still waiting.
    if (seats_->waiting() > line_sweep_at_) {
      seats_->flush_abandoned();
      line_sweep_at_ = std::max(first_line_sweep, 2 * seats_->waiting());
    }
  } else {
    on_contact_handled(key, pack_contact(township, category));
  }
  schedule_contact();
}

void GovernanceModel::on_contact_handled(std::uint64_t key, std::uint32_t payload) {
  const bool counted = simulator_.now() >= warm_up_;
  if (!(issue_uniform(key, Draw::contact_demand, 0, 0) < scenario_.hotline.demand_share)) {
    if (counted) ++hotline_.consultations;  // answered at the seat: nothing to dispatch
    return;
  }
  if (counted) ++hotline_.orders;
  const std::uint32_t township = payload >> 16;
  const std::uint32_t category = payload & 0xffffU;
  const auto communities = static_cast<double>(townships_[township].spec->communities);
  const auto community = static_cast<std::uint32_t>(issue_uniform(key, Draw::contact_community, 0, 0) * communities);
  arise(township, category, community, key, true);
}

}  // namespace tiaokuai::models::governance
