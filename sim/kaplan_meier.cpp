#include "sim/kaplan_meier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace tiaokuai::sim {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

void check_duration(double duration, const char* who) {
  if (!std::isfinite(duration) || duration < 0.0) throw std::invalid_argument(std::string(who) + ": durations must be finite and >= 0");
}

}  // namespace

SurvivalCurve::SurvivalCurve(const std::vector<Group>& groups, bool censored_first) {
  std::uint64_t at_risk = 0;
  for (const Group& group : groups) at_risk += group.events + group.censored;
  double survival = 1.0;
  for (const Group& group : groups) {
    events_ += group.events;
    censored_ += group.censored;
    max_time_ = std::max(max_time_, group.time);
    if (censored_first) at_risk -= group.censored;
    if (group.events > 0) {
      survival *= 1.0 - static_cast<double>(group.events) / static_cast<double>(at_risk);
      steps_.push_back({group.time, survival, at_risk, group.events});
    }
    at_risk -= group.events + (censored_first ? 0 : group.censored);
  }
}

double SurvivalCurve::survival(double t) const {
  // Last step at or before t.
  const auto after = std::upper_bound(steps_.begin(), steps_.end(), t,
                                      [](double time, const SurvivalStep& step) { return time < step.time; });
  return after == steps_.begin() ? 1.0 : std::prev(after)->survival;
}

double SurvivalCurve::median() const {
  // The product rounds: with n even and no censoring, S after n/2 events is
  // 1/2 exactly in exact arithmetic but may come out a few ulps above it.
  constexpr double half = 0.5 + 1e-9;
  for (const SurvivalStep& step : steps_) {
    if (step.survival <= half) return step.time;
  }
  return not_a_number;
}

double SurvivalCurve::restricted_mean(double tau) const {
  if (!(tau >= 0.0)) throw std::invalid_argument("restricted_mean: tau must be >= 0");
  if (events_ + censored_ == 0) return not_a_number;
  double area = 0, time = 0, survival = 1.0;
  for (const SurvivalStep& step : steps_) {
    if (step.time >= tau) break;
    area += survival * (step.time - time);
    time = step.time;
    survival = step.survival;
  }
  return area + survival * (tau - time);
}

void KaplanMeier::add(double duration, bool observed) {
  check_duration(duration, "KaplanMeier");
  observations_.emplace_back(duration, observed);
  sorted_ = false;
}

SurvivalCurve KaplanMeier::curve() const {
  if (!sorted_) {
    std::sort(observations_.begin(), observations_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    sorted_ = true;
  }
  std::vector<SurvivalCurve::Group> groups;
  for (const auto& [duration, observed] : observations_) {
    if (groups.empty() || groups.back().time != duration) groups.push_back({duration, 0, 0});
    ++(observed ? groups.back().events : groups.back().censored);
  }
  return SurvivalCurve(groups);
}

BinnedKaplanMeier::BinnedKaplanMeier(double relative_accuracy, double zero_threshold)
    : buckets_scheme_(relative_accuracy, "BinnedKaplanMeier"), zero_threshold_(zero_threshold) {}

std::pair<double, double> BinnedKaplanMeier::bucket_edges(double x) const {
  if (x < zero_threshold_) return {0.0, 0.0};
  const int bucket = buckets_scheme_.bucket_of(x);
  return {buckets_scheme_.lower_edge(bucket), buckets_scheme_.upper_edge(bucket)};
}

void BinnedKaplanMeier::add(double duration, bool observed) {
  check_duration(duration, "BinnedKaplanMeier");
  ++count_;
  Counts* counts = &zeros_;
  if (duration >= zero_threshold_) {
    const int bucket = buckets_scheme_.bucket_of(duration);
    if (buckets_.empty()) {
      first_bucket_ = bucket;
      buckets_.emplace_back();
    } else if (bucket < first_bucket_) {
      buckets_.insert(buckets_.begin(), static_cast<std::size_t>(first_bucket_ - bucket), Counts{});
      first_bucket_ = bucket;
    } else if (bucket - first_bucket_ >= static_cast<int>(buckets_.size())) {
      buckets_.resize(static_cast<std::size_t>(bucket - first_bucket_ + 1));
    }
    counts = &buckets_[static_cast<std::size_t>(bucket - first_bucket_)];
  }
  ++(observed ? counts->events : counts->censored);
}

SurvivalCurve BinnedKaplanMeier::curve(bool censored_first) const {
  std::vector<SurvivalCurve::Group> groups;
  if (zeros_.events + zeros_.censored > 0) groups.push_back({0.0, zeros_.events, zeros_.censored});
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    const Counts& counts = buckets_[i];
    if (counts.events + counts.censored == 0) continue;
    groups.push_back({buckets_scheme_.centre_of(first_bucket_ + static_cast<int>(i)), counts.events, counts.censored});
  }
  return SurvivalCurve(groups, censored_first);
}

}  // namespace tiaokuai::sim
