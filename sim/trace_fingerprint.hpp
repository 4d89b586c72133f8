#pragma once
// TraceFingerprint: a 64-bit FNV-1a hash of the executed event stream
// (time in ticks, priority, label kind, label entity, each little-endian).
// Two runs with the same fingerprint executed the same events at the same
// times in the same order; regression tests store fingerprints and compare.
// The insertion sequence is left out on purpose, so that scheduling an extra
// event that is later cancelled does not by itself change the fingerprint.

#include <cstdint>

#include "sim/event_key.hpp"
#include "sim/simulator.hpp"

namespace tiaokuai::sim {

class TraceFingerprint {
 public:
  void add(const EventKey& key, const EventLabel& label) {
    mix(static_cast<std::uint64_t>(key.time.ticks()));
    mix(static_cast<std::uint64_t>(static_cast<std::uint16_t>(key.priority())));
    mix(label.kind);
    mix(label.entity);
    ++events_;
  }

  // A hook for BasicSimulator::set_trace that feeds this fingerprint; the
  // fingerprint must outlive the simulator's use of the hook.
  TraceHook hook() {
    return [this](const EventKey& key, const EventLabel& label) { add(key, label); };
  }

  std::uint64_t value() const { return hash_; }
  std::uint64_t events() const { return events_; }

 private:
  void mix(std::uint64_t word) {
    for (int byte = 0; byte < 8; ++byte) {
      hash_ ^= (word >> (8 * byte)) & 0xffu;
      hash_ *= 0x100000001b3ull;  // FNV-1a 64-bit prime
    }
  }

  std::uint64_t hash_ = 0xcbf29ce484222325ull;  // FNV-1a 64-bit offset basis
  std::uint64_t events_ = 0;
};

}  // namespace tiaokuai::sim
