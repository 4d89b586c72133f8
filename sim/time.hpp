#pragma once
// Simulated time as a strong integer type.
//
// Resolution: one tick is one millisecond. int64 ticks cover about 292
// million years, far past any horizon, and integer time makes "the same
// instant" exact, so ties are broken only by the documented event key
// (see event_key.hpp), never by floating-point noise.

#include <compare>
#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>

namespace tiaokuai::sim {

class Time {
 public:
  using Rep = std::int64_t;
  static constexpr Rep ticks_per_second = 1000;

  constexpr Time() = default;
  static constexpr Time from_ticks(Rep ticks) { return Time(ticks); }
  static constexpr Time zero() { return Time(0); }
  static constexpr Time max() { return Time(std::numeric_limits<Rep>::max()); }

  // Converts a duration in seconds, rounding to the nearest tick (half away
  // from zero). Random delays go through here, so rounding is part of the
  // reproducibility contract.
  static Time from_seconds(double seconds);

  constexpr Rep ticks() const { return ticks_; }
  constexpr double to_seconds() const { return static_cast<double>(ticks_) / ticks_per_second; }
  constexpr double to_minutes() const { return to_seconds() / 60.0; }
  constexpr double to_hours() const { return to_seconds() / 3600.0; }
  constexpr double to_days() const { return to_seconds() / 86400.0; }

  constexpr auto operator<=>(const Time&) const = default;

  constexpr Time& operator+=(Time other) { ticks_ += other.ticks_; return *this; }
  constexpr Time& operator-=(Time other) { ticks_ -= other.ticks_; return *this; }
  friend constexpr Time operator+(Time a, Time b) { return Time(a.ticks_ + b.ticks_); }
  friend constexpr Time operator-(Time a, Time b) { return Time(a.ticks_ - b.ticks_); }
  friend constexpr Time operator*(Time a, Rep k) { return Time(a.ticks_ * k); }
  friend constexpr Time operator*(Rep k, Time a) { return Time(a.ticks_ * k); }
  friend constexpr Rep operator/(Time a, Time b) { return a.ticks_ / b.ticks_; }

 private:
  constexpr explicit Time(Rep ticks) : ticks_(ticks) {}
  Rep ticks_ = 0;
};

constexpr Time milliseconds(std::integral auto n) { return Time::from_ticks(static_cast<Time::Rep>(n)); }
constexpr Time seconds(std::integral auto n) { return Time::from_ticks(static_cast<Time::Rep>(n) * 1000); }
constexpr Time minutes(std::integral auto n) { return seconds(static_cast<Time::Rep>(n) * 60); }
constexpr Time hours(std::integral auto n) { return seconds(static_cast<Time::Rep>(n) * 3600); }
constexpr Time days(std::integral auto n) { return seconds(static_cast<Time::Rep>(n) * 86400); }

inline Time seconds(std::floating_point auto x) { return Time::from_seconds(static_cast<double>(x)); }
inline Time minutes(std::floating_point auto x) { return Time::from_seconds(static_cast<double>(x) * 60.0); }
inline Time hours(std::floating_point auto x) { return Time::from_seconds(static_cast<double>(x) * 3600.0); }
inline Time days(std::floating_point auto x) { return Time::from_seconds(static_cast<double>(x) * 86400.0); }

// Hours from `from` to `to` (negative when `to` is earlier).
constexpr double hours_between(Time from, Time to) { return (to - from).to_hours(); }

// "3d 04:05:06.007" (days omitted when zero, a leading '-' when negative).
std::string format(Time t);
std::ostream& operator<<(std::ostream& out, Time t);

}  // namespace tiaokuai::sim
