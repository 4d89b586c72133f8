#include "analysis/findings_output.hpp"

#include <cmath>

#include "analysis/html.hpp"

namespace tiaokuai::analysis {
namespace {

std::string format(const char* pattern, double x) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, x);
  return text;
}

std::string percent(double share) { return std::isnan(share) ? "n/a" : format("%.0f %%", 100.0 * share); }

std::string effect_text(const Estimate& e, const std::string& unit) {
  const std::string shown_unit = unit == "h" ? " h" : "";
  return format("%+.3g", e.value) + shown_unit + " [" + format("%+.3g", e.low) + ", " + format("%+.3g", e.high) + "]";
}

std::string p_text(double p) {
  if (std::isnan(p)) return "n/a";
  return p < 0.001 ? "<0.001" : format("%.3f", p);
}

std::string robust_text(const Robustness& r) {
  if (!r.measured || r.draws == 0) return "not measured";
  return percent(r.share.value) + " [" + format("%.0f", 100.0 * r.share.low) + ", " + format("%.0f", 100.0 * r.share.high) + "]";
}

std::string split_text(const Decomposition& d) {
  if (!d.applies) return "n/a";
  return format("%+.1f", d.direct.value) + " / " + format("%+.1f", d.emergent.value);
}

std::string comparison(const Finding& f) {
  return f.claim.metric + " (" + f.claim.unit + "): " + f.treatment_variant + " - " + f.base_variant;
}

// The second line of a row: the verdict's reason, the decomposition's note.
std::string note(const Finding& f) {
  std::string text = f.note;
  if (f.decomposition.applies) text += "; " + f.decomposition.note;
  return text;
}

// `text` in lines of at most `width` columns, each after `indent`, broken at spaces.
void print_wrapped(std::FILE* out, const std::string& text, const char* indent, std::size_t width = 112) {
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      std::fprintf(out, "%s%s\n", indent, line.c_str());
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) std::fprintf(out, "%s%s\n", indent, line.c_str());
}

nlohmann::ordered_json estimate_json(const Estimate& e) { return {{"value", e.value}, {"low", e.low}, {"high", e.high}}; }

}  // namespace

std::string first_place_sentence(const LeverRank& lever) {
  std::string text = lever.lever + " first in " + percent(lever.first_share) + " of resamples";
  if (lever.draws_measured) text += " (" + percent(lever.first_share_draws) + " of posterior draws)";
  return text;
}

std::string findings_rules(const Findings& findings) {
  const FindingsSettings& s = findings.settings;
  std::string text = "Minimum size: " + percent(s.minimum_size_share) + " of |base mean| at the calibrated point. Verdicts: negligible if "
                     "|effect| is below it; supported if the effect is on the claimed side with Holm p < " + format("%g", s.alpha) +
                     " and the claim holds (by the minimum size) in at least " + percent(s.supported_share) +
                     " of posterior draws; not supported if the effect is on the other side or holds in under " +
                     percent(s.unsupported_share) + " of draws; mixed otherwise. " +
                     std::to_string(findings.replications_at_point) + " replications at the point; ";
  if (findings.posterior_draws == 0) {
    text += "robustness not measured (no posterior draws), so no claim can be supported.";
  } else {
    text += std::to_string(findings.posterior_draws) + " posterior draws x " + std::to_string(findings.replications_per_draw) +
            " replications; bootstrap intervals from " + std::to_string(s.bootstrap_resamples) + " resamples (seed " +
            std::to_string(s.bootstrap_seed) + ").";
  }
  return text;
}

void print_findings(const Findings& findings, std::FILE* out) {
  std::fprintf(out, "id  claim\n    %-30s %-7s %-18s %-19s %s\n", "effect [95 % interval]", "Holm p", "holds in draws", "direct / emergent h",
               "verdict");
  for (const Finding& f : findings.claims) {
    std::fprintf(out, "%-3s ", f.claim.id.c_str());
    print_wrapped(out, f.claim.claim, "");
    const std::string effect = effect_text(f.effect, f.claim.unit);
    std::fprintf(out, "    %-30s %-7s %-18s %-19s %s\n", effect.c_str(), p_text(f.holm_p).c_str(), robust_text(f.robustness).c_str(),
                 split_text(f.decomposition).c_str(), verdict_name(f.verdict));
    print_wrapped(out, comparison(f) + ". " + note(f) + ".", "    ");
  }
  const Ranking& ranking = findings.ranking;
  std::fprintf(out, "\n");
  print_wrapped(out, std::string("The levers on a common scale (each moved by the same share of its plausible range; ") + ranking_metric +
                         " against " + ranking_base + "):", "");
  if (!ranking.ranked) {
    print_wrapped(out, ranking.reason, "  ");
  } else {
    for (const LeverRank& lever : ranking.levers) {
      char rank[16];
      std::snprintf(rank, sizeof rank, "%d. ", lever.rank);
      char effect[40];
      std::snprintf(effect, sizeof effect, "%-26s", effect_text(lever.effect, "h").c_str());
      print_wrapped(out, rank + std::string(effect) + " " + first_place_sentence(lever) + "; modal rank " +
                             std::to_string(lever.modal_rank) + " in " + percent(lever.modal_share) + " of resamples",
                    "  ");
    }
    // Appended piece by piece: a literal + std::string here trips GCC 12's
    // -Wrestrict (bug 105651).
    std::string resampled = "(";
    resampled.append(std::to_string(findings.settings.bootstrap_resamples)).append(" resamples of ");
    resampled.append(std::to_string(ranking.replications)).append(" replications");
    if (!ranking.reason.empty()) resampled.append("; ").append(ranking.reason);
    print_wrapped(out, resampled + ")", "  ");
  }
  std::fprintf(out, "\n");
  print_wrapped(out, findings_rules(findings), "");
}

nlohmann::ordered_json findings_json(const Findings& findings, const FindingsMetadata& metadata) {
  nlohmann::ordered_json json;
  json["version"] = 1;
  json["metadata"] = {{"tiaokuai_version", metadata.tiaokuai_version},
                      {"git_commit", metadata.git_commit},
                      {"model_version", metadata.model_version},
                      {"sweep_file", metadata.sweep_file},
                      {"quick", metadata.quick},
                      {"master_seed", metadata.master_seed},
                      {"replications_at_point", metadata.replications_at_point},
                      {"posterior_draws", metadata.posterior_draws},
                      {"replications_per_draw", metadata.replications_per_draw},
                      {"at_point_fingerprint", metadata.at_point_fingerprint},
                      {"over_draws_fingerprint", metadata.over_draws_fingerprint},
                      {"posterior_files", metadata.posterior_files}};
  const FindingsSettings& s = findings.settings;
  json["settings"] = {{"minimum_size_share", s.minimum_size_share}, {"alpha", s.alpha},
                      {"supported_share", s.supported_share},       {"unsupported_share", s.unsupported_share},
                      {"bootstrap_resamples", s.bootstrap_resamples}, {"bootstrap_seed", s.bootstrap_seed},
                      {"rules", findings_rules(findings)}};
  nlohmann::ordered_json claims = nlohmann::ordered_json::array();
  for (const Finding& f : findings.claims) {
    nlohmann::ordered_json row = {{"id", f.claim.id},
                                  {"claim", f.claim.claim},
                                  {"metric", f.claim.metric},
                                  {"unit", f.claim.unit},
                                  {"treatment", f.treatment_variant},
                                  {"base", f.base_variant},
                                  {"treatment_role", f.claim.treatment},
                                  {"base_role", f.claim.base},
                                  {"expected", direction_name(f.claim.expected)},
                                  {"nature", f.claim.nature},
                                  {"pairs", f.pairs},
                                  {"base_mean", f.base_mean},
                                  {"treatment_mean", f.treatment_mean},
                                  {"effect", estimate_json(f.effect)},
                                  {"p_value", f.p_value},
                                  {"holm_p", f.holm_p},
                                  {"minimum_size", f.minimum_size}};
    const Robustness& r = f.robustness;
    row["robustness"] = r.measured ? nlohmann::ordered_json{{"measured", true}, {"draws", r.draws}, {"holding", r.holding},
                                                            {"share", estimate_json(r.share)}}
                                   : nlohmann::ordered_json{{"measured", false}};
    const Decomposition& d = f.decomposition;
    if (d.applies) {
      nlohmann::ordered_json phases = nlohmann::ordered_json::array();
      for (const PhaseEffect& p : d.phases) phases.push_back({{"phase", p.phase}, {"direct", p.direct}, {"effect", estimate_json(p.effect)}});
      row["decomposition"] = {{"direct_phases", f.claim.direct_phases}, {"total", estimate_json(d.total)}, {"direct", estimate_json(d.direct)},
                              {"emergent", estimate_json(d.emergent)}, {"note", d.note},
                              {"phases", phases}};
    } else {
      row["decomposition"] = nullptr;
    }
    row["verdict"] = verdict_name(f.verdict);
    row["note"] = f.note;
    row["explanation"] = f.claim.explanation;
    claims.push_back(row);
  }
  json["claims"] = claims;
  nlohmann::ordered_json ranking = nlohmann::ordered_json::array();
  for (const LeverRank& lever : findings.ranking.levers) {
    nlohmann::ordered_json row = {{"lever", lever.lever},           {"variant", lever.variant},
                                  {"effect", estimate_json(lever.effect)}, {"rank", lever.rank},
                                  {"first_share", lever.first_share}, {"modal_rank", lever.modal_rank},
                                  {"modal_share", lever.modal_share}};
    row["first_share_draws"] = lever.draws_measured ? nlohmann::ordered_json(lever.first_share_draws) : nlohmann::ordered_json(nullptr);
    row["summary"] = first_place_sentence(lever);
    ranking.push_back(row);
  }
  json["ranking"] = ranking;
  json["ranking_note"] = findings.ranking.reason;
  return json;
}

std::string findings_html(const Findings& findings) {
  std::string html = "<h2>The study's findings</h2>\n<p>Each row compares two variants that share their random numbers "
                     "(effect = treatment - base at the calibrated point, with its 95 % interval). docs/reproduce.md walks through "
                     "the table.</p>\n<table><tr><th></th><th>claim</th><th>metric: comparison</th><th>effect [95 % interval]</th>"
                     "<th>Holm p</th><th>holds in draws [95 %]</th><th>direct / emergent (h)</th><th>verdict</th><th>note</th></tr>\n";
  for (const Finding& f : findings.claims) {
    const char* verdict_cell = f.verdict == Verdict::supported ? "<td class=yes>" : f.verdict == Verdict::not_supported ? "<td class=no>" : "<td>";
    html += "<tr><td>" + html_escape(f.claim.id) + "</td><td>" + html_escape(f.claim.claim) + "</td><td>" + html_escape(comparison(f)) +
            "</td><td class=n>" + html_escape(effect_text(f.effect, f.claim.unit)) + "</td><td class=n>" + html_escape(p_text(f.holm_p)) +
            "</td><td class=n>" + html_escape(robust_text(f.robustness)) + "</td><td class=n>" + html_escape(split_text(f.decomposition)) +
            "</td>" + verdict_cell + verdict_name(f.verdict) + "</td><td>" + html_escape(note(f)) + ". " +
            html_escape(f.claim.explanation) + "</td></tr>\n";
  }
  html += "</table>\n<p>The levers on a common scale (each moved by the same share of its plausible range; effect on " +
          std::string(ranking_metric) + " against " + ranking_base + "):</p>\n";
  if (!findings.ranking.ranked) {
    html += "<p>" + html_escape(findings.ranking.reason) + "</p>\n";
  } else {
    html += "<ol>\n";
    for (const LeverRank& lever : findings.ranking.levers) {
      html += "<li>" + html_escape(lever.lever + " " + effect_text(lever.effect, "h") + ": " + first_place_sentence(lever)) + "</li>\n";
    }
    html += "</ol>\n";
  }
  return html + "<p>" + html_escape(findings_rules(findings)) + "</p>\n";
}

}  // namespace tiaokuai::analysis
