#pragma once
// The version of the governance model's results. Bump it in any change that
// makes a run of the same scenario and seed give different results (a new
// agent rule, a changed default, another random-stream layout), so that a
// sweep database written by the old model is refused by the new binary
// instead of silently mixed with it (it enters every sweep's fingerprint,
// experiments/sweep_spec.cpp). The golden summaries (tests/golden) show when
// results changed.

namespace tiaokuai::models::governance {

inline constexpr int model_version = 2;

}  // namespace tiaokuai::models::governance
