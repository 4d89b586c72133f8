#pragma once
// Kaplan–Meier estimation of a survival function from right-censored
// durations: each observation is a duration and whether its event was seen
// (observed) or the observation stopped first (censored: the event time is
// only known to exceed the duration). Statistics that drop the censored
// ones are biased towards short durations when many are censored; these
// do not.
//
// SurvivalCurve: the Kaplan–Meier product-limit curve
//   S(t) = prod over event times t_j <= t of (1 - d_j / n_j),
// d_j events at t_j, n_j durations >= t_j (at risk). Ties follow the usual
// convention: a duration censored at t_j counts as at risk for the events
// at t_j. From it:
//  - median(): inf { t : S(t) <= 0.5 }, the lower median (with no censoring,
//    the order statistic of rank ceil(n/2), as QuantileSketch's median).
//    When S never falls to 0.5 (over half censored beyond the last event),
//    the median is not reached: NaN. No interpolation on a flat stretch at
//    exactly 0.5; S within 1e-9 above 0.5 counts as 0.5 (the product's
//    rounding would otherwise skip a curve that reaches 1/2 exactly).
//  - restricted_mean(tau): the restricted mean survival time, the area under
//    S from 0 to tau = E[min(T, tau)]. Beyond the largest observed duration
//    S is held at its last value (it is not estimable there); choose tau no
//    larger than the follow-up.
//
// Two estimators build the curve:
//  - KaplanMeier stores every observation (16 bytes each) and sorts once:
//    exact. For samples of modest size and as the reference in tests.
//  - BinnedKaplanMeier counts events and censorings in logarithmic buckets
//    (QuantileSketch's: bucket ceil(log_gamma x), gamma = (1+a)/(1-a),
//    answered at its centre 2 gamma^k / (gamma+1)), so memory is
//    O(log(max/min) / a) whatever the count: 1 s to 10 years at a = 0.5 %
//    is about 1,900 buckets, 30 KB. Its error:
//      * every time is moved to its bucket's centre, within a relative a;
//      * durations in one bucket are treated as tied, so a censoring in a
//        bucket counts as at risk for all the bucket's events, even those
//        after it. Survival at each bucket's end is therefore bracketed:
//        curve(censored_first = true) <= exact S <= curve() (the default).
//        Without censorings among a bucket's events (in particular without
//        censoring) the two agree and equal the exact curve there;
//      * median(): the exact median lies between the lower edge of the
//        censored-first median's bucket and the upper edge of the default
//        median's bucket; when the two medians agree, within a relative a.
//      * restricted_mean(tau): within a relative a from the moved times,
//        plus the bracket's width integrated to tau.
//    Durations below `zero_threshold` count as 0.

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/log_buckets.hpp"

namespace tiaokuai::sim {

struct SurvivalStep {
  double time = 0;            // an event time (or its bucket's centre)
  double survival = 1;        // S(time): just after the events at `time`
  std::uint64_t at_risk = 0;  // n_j
  std::uint64_t events = 0;   // d_j
};

class SurvivalCurve {
 public:
  // One group per distinct time, ascending: (time, events, censored).
  struct Group {
    double time;
    std::uint64_t events, censored;
  };
  // `censored_first`: censorings of a group leave the risk set before its
  // events (the lower bracket of a binned curve); false is the usual
  // convention.
  explicit SurvivalCurve(const std::vector<Group>& groups, bool censored_first = false);

  const std::vector<SurvivalStep>& steps() const { return steps_; }
  std::uint64_t events() const { return events_; }
  std::uint64_t censored() const { return censored_; }
  double max_time() const { return max_time_; }  // largest group time, observed or censored

  double survival(double t) const;             // right-continuous; 1 before the first event
  double median() const;                       // NaN when not reached (or no data)
  double restricted_mean(double tau) const;    // tau >= 0; NaN when there is no data

 private:
  std::vector<SurvivalStep> steps_;
  std::uint64_t events_ = 0, censored_ = 0;
  double max_time_ = 0;
};

class KaplanMeier {
 public:
  // duration finite and >= 0; `observed` false when censored.
  void add(double duration, bool observed);
  std::size_t count() const { return observations_.size(); }
  SurvivalCurve curve() const;  // sorts the stored observations once

 private:
  mutable std::vector<std::pair<double, bool>> observations_;
  mutable bool sorted_ = true;
};

class BinnedKaplanMeier {
 public:
  explicit BinnedKaplanMeier(double relative_accuracy = 0.005, double zero_threshold = 1e-9);

  void add(double duration, bool observed);  // duration finite and >= 0
  std::uint64_t count() const { return count_; }
  double relative_accuracy() const { return buckets_scheme_.relative_accuracy(); }
  SurvivalCurve curve(bool censored_first = false) const;

  // The bucket holding `x` spans (lower, upper]: for error bounds.
  std::pair<double, double> bucket_edges(double x) const;

 private:
  struct Counts {
    std::uint64_t events = 0, censored = 0;
  };
  LogBuckets buckets_scheme_;
  double zero_threshold_;
  std::vector<Counts> buckets_;  // buckets_[i] counts bucket first_bucket_ + i
  int first_bucket_ = 0;
  Counts zeros_;
  std::uint64_t count_ = 0;
};

}  // namespace tiaokuai::sim
