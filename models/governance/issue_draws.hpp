#pragma once
// Common random numbers that hold across a lever change.
//
// Every random decision about an issue has its own address: the issue's
// key (drawn once, when it arises, from its township-and-category arrival
// stream), what is decided, which department's leg, and which round (the
// leg's call, the issue's attempt). Its uniform number is a hash of that
// address, a counter-based generator in the manner of Salmon et al. (2011,
// "Parallel random numbers: as easy as 1, 2, 3"), built from SplitMix64.
// So a decision draws the same number whatever other decisions drew before
// it: a lever that adds a re-call, skips the township's own attempt or
// sends a call astray leaves the luck of every other decision unchanged,
// and two runs that differ in one lever see each issue arise at the same
// time and take the same work (tests/models/common_random_numbers_test.cpp).

#include <cmath>
#include <cstdint>

#include "sim/random_stream.hpp"

namespace tiaokuai::models::governance {

// What is decided. The numbers are part of the address: append, never
// renumber (renumbering changes every run's numbers).
enum class Draw : std::uint8_t {
  detection,             // delay until seen
  minor,                 // minor enough for residents?
  residents,             // do residents fix it?
  power,                 // does the township hold the power?
  deviation,             // over- or under-calling
  township_work,         // the township's own work time
  unauthorised_success,  // a township without the power still fixes it?
  misroute,              // per leg and call: sent to the wrong department?
  wrong_department,      // per leg and call: which one
  message,               // per leg and call: message delay
  refusal,               // per leg and call: shirked?
  mobilise,              // per leg and call: time to get moving
  recall,                // per leg and call: wait before calling again
  work,                  // per leg and attempt: the department's work time
  coordination,          // per attempt: time to convene a joint action
  breakup,               // per attempt: does the joint action fall apart?
  success,               // per attempt: does the fix hold?
  county_take_up,        // county leaders' time to take it up
  relay,                 // per leg and call, pre-reform: the county office's handling
  difficulty,            // how hard the issue is (hard ones are whistled)
  route,                 // whistle or routine dispatch, when neither is forced
  party_leader,          // per attempt: a township Party leader's time convening it
  callback,              // per attempt: does the call-back catch a sham?
  reappear,              // per attempt: when a missed sham's problem is reported again
  unclear_owner,         // city: is its owner unclear (sent to the district government)?
  contact_demand,        // hotline contact: a demand (work order) or a consultation?
  contact_community,     // hotline work order: which community of the street
};

// Uniform in [0, 1) for one decision. `leg` < 2^24 and `round` < 2^24.
inline double issue_uniform(std::uint64_t key, Draw draw, std::uint32_t leg, std::uint32_t round) {
  const std::uint64_t address =
      (static_cast<std::uint64_t>(draw) << 48) ^ (static_cast<std::uint64_t>(leg) << 24) ^ static_cast<std::uint64_t>(round);
  const std::uint64_t bits = sim::splitmix64(key + sim::splitmix64(address));
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// Exponential with `mean` by inversion, so that one decision's time scales
// with its mean: a lever that shortens a delay shortens it for every issue.
inline double issue_exponential(std::uint64_t key, Draw draw, double mean, std::uint32_t leg = 0, std::uint32_t round = 0) {
  return -mean * std::log(1.0 - issue_uniform(key, draw, leg, round));
}

}  // namespace tiaokuai::models::governance
