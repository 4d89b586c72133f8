#pragma once
// The findings (analysis/findings.hpp) as a text table for the terminal, as
// JSON (findings.json) and as HTML for the report.

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/findings.hpp"

namespace tiaokuai::analysis {

// Where the findings come from; the command fills it, findings_json writes it.
struct FindingsMetadata {
  std::string tiaokuai_version, git_commit, model_version;
  std::string sweep_file;
  bool quick = false;  // reproduce --quick: fewer replications and draws, for teaching
  std::uint64_t master_seed = 0;
  int replications_at_point = 0;
  std::size_t posterior_draws = 0;  // 0: no posterior sweep
  int replications_per_draw = 0;
  std::string at_point_fingerprint, over_draws_fingerprint;  // sweep fingerprints; empty if none
  std::vector<std::string> posterior_files;
};

// A table a student can read at 100-120 columns: per claim its claim, the
// effect with interval and unit, Holm p, the share of draws where it
// holds, the direct / emergent split, the verdict and a note; then the
// lever ranking; then the rules.
void print_findings(const Findings& findings, std::FILE* out);
// {"version": 1, "metadata", "settings", "claims", "ranking", "ranking_note"}
nlohmann::ordered_json findings_json(const Findings& findings, const FindingsMetadata& metadata);
// One table of the claims, the ranking as a list, and the rules; every
// text escaped, no element ids.
std::string findings_html(const Findings& findings);

// The rules behind the verdicts, in one paragraph (all three outputs).
std::string findings_rules(const Findings& findings);
// "technology first in 71 % of resamples (64 % of posterior draws)"
std::string first_place_sentence(const LeverRank& lever);

}  // namespace tiaokuai::analysis
