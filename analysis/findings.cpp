#include "analysis/findings.hpp"

#include <algorithm>
#include <cstdio>

#include "analysis/effects.hpp"
#include "analysis/html.hpp"

namespace tiaokuai::analysis {
namespace {

// `treatment_metric` at `treatment` against `base_metric` at `base`, over
// the replications that have both (complete pairs only).
Effect paired_effect_of(const SweepResults& results, const std::string& treatment, const std::string& treatment_metric,
                        const std::string& base, const std::string& base_metric) {
  const PairedSample pairs = results.paired(results.point(treatment), results.metric(treatment_metric), results.point(base),
                                            results.metric(base_metric));
  return paired_effect(pairs.treatment, pairs.base);
}

// A finding from a paired effect: supported when its interval lies wholly
// below 0 (`expect_decrease`) or wholly above.
Finding finding(std::string id, std::string claim, std::string metric, std::string comparison, const Effect& e,
                bool expect_decrease, std::string explanation) {
  Finding f;
  f.id = std::move(id);
  f.claim = std::move(claim);
  f.metric = std::move(metric);
  f.comparison = std::move(comparison);
  f.effect = e.difference;
  f.low = e.difference - e.paired_half_width;
  f.high = e.difference + e.paired_half_width;
  f.supported = expect_decrease ? f.high < 0 : f.low > 0;
  f.explanation = std::move(explanation);
  return f;
}

// `treatment - base` on a metric.
Finding compare(const SweepResults& results, std::string id, std::string claim, const std::string& metric, const std::string& unit,
                const std::string& treatment, const std::string& base, bool expect_decrease, std::string explanation) {
  const Effect e = paired_effect_of(results, treatment, metric, base, metric);
  return finding(std::move(id), std::move(claim), metric + " (" + unit + ")", treatment + " - " + base, e, expect_decrease,
                 std::move(explanation));
}

}  // namespace

const std::vector<std::string>& study_variants() {
  static const std::vector<std::string> labels{"status_quo", "pre_reform", "administrative_resources", "incentives", "party_lead",
                                               "technology", "social_participation", "all_four_levers", "no_incentives", "over_calling"};
  return labels;
}

std::vector<Finding> study_findings(const SweepResults& results) {
  std::vector<Finding> findings;
  const std::string latency = "resolution_hours.mean";
  findings.push_back(compare(results, "1a", "The call-and-respond mechanism shortens resolution time (against pre-reform)", latency, "hours",
                             "status_quo", "pre_reform", true,
                             "Mean hours from an issue arising to its resolution, W county with the mechanism minus the same county "
                             "routing every request through the county. Negative: the mechanism is faster."));
  findings.push_back(compare(results, "1b", "... and raises the resolution rate", "rates.resolution_within_deadline", "share of issues",
                             "status_quo", "pre_reform", false,
                             "Share of issues resolved within their deadline, mechanism minus pre-reform. Positive: more resolved in time."));
  findings.push_back(compare(results, "2", "The status quo falls clearly short of the mechanism with all four levers strengthened", latency,
                             "hours", "status_quo", "all_four_levers", false,
                             "Mean resolution hours of the status quo minus those with strong administrative resources, "
                             "direct-reverse incentives, a Party lead and technological empowerment together. Positive: collaboration "
                             "is 'not ideal', with this many hours per issue left on the table."));
  const std::vector<std::pair<std::string, std::string>> levers{{"administrative_resources", "strong administrative resources"},
                                                                {"incentives", "direct-reverse incentives"},
                                                                {"party_lead", "a stronger Party lead"},
                                                                {"technology", "technological empowerment"},
                                                                {"social_participation", "more social participation"}};
  const std::size_t first_lever = findings.size();
  for (std::size_t i = 0; i < levers.size(); ++i) {
    std::string id = "3";
    id += static_cast<char>('a' + i);
    findings.push_back(compare(results, id, "Alone, " + levers[i].second + " improves on the status quo",
                               latency, "hours", levers[i].first, "status_quo", true,
                               "Mean resolution hours with this lever strengthened alone, minus the status quo. Negative: it helps; "
                               "the rank orders the five by the size of the gain."));
  }
  std::vector<std::size_t> order;
  for (std::size_t i = first_lever; i < findings.size(); ++i) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return findings[a].effect < findings[b].effect; });
  for (std::size_t k = 0; k < order.size(); ++k) findings[order[k]].rank = static_cast<int>(k + 1);
  // Effort settles to a stationary level within the warm-up (docs/odd.md
  // A60), so "decays" is tested where it has settled: at the end of the
  // measured year, without incentives against the status quo.
  findings.push_back(compare(results, "4a", "Without direct-reverse incentives, department effort settles lower", "effort.end",
                             "effort, 0..1", "no_incentives", "status_quo", true,
                             "Mean department effort at the end of the measured year when township scores count for nothing, "
                             "minus the status quo's. Negative: without incentives effort is lower ('report but don't act')."));
  findings.push_back(compare(results, "4b", "... and more fixes fail or are shams", "rates.failed_attempts_per_called_issue",
                             "per called issue", "no_incentives", "status_quo", false,
                             "Sham or failed fixes per called issue over the measured year without incentives, minus the status "
                             "quo's. Positive: more reports without resolution. Lower effort makes real fixes fail more often, but "
                             "a lighter assessment also breeds fewer shams (docs/odd.md A69), so this can go either way."));
  findings.push_back(compare(results, "5", "Over-calling (policy implementation deviation) slows responses for all",
                             "response_hours.required_calls_mean", "hours", "over_calling", "status_quo", false,
                             "Mean response to the calls townships had to make (they lacked the power), with townships calling "
                             "on 60 % of the issues they could handle, minus the status quo. Positive: the extra calls queue ahead "
                             "of everyone else's."));
  return findings;
}

void print_findings(const std::vector<Finding>& findings, std::FILE* out) {
  std::fprintf(out, "%-3s %-82s %9s  %-22s %-9s\n", "", "claim (metric: comparison)", "effect", "95 % interval", "supported");
  for (const Finding& f : findings) {
    char interval[64];
    std::snprintf(interval, sizeof interval, "[%+.3g, %+.3g]", f.low, f.high);
    std::string claim = f.claim + (f.rank > 0 ? " (rank " + std::to_string(f.rank) + ")" : "");
    std::fprintf(out, "%-3s %-82s %+9.3g  %-22s %-9s\n", f.id.c_str(), claim.c_str(), f.effect, interval, f.supported ? "yes" : "no");
    std::fprintf(out, "    %s: %s\n", f.metric.c_str(), f.comparison.c_str());
  }
}

nlohmann::ordered_json findings_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const Finding& f : findings) {
    rows.push_back({{"id", f.id}, {"claim", f.claim}, {"metric", f.metric}, {"comparison", f.comparison}, {"effect", f.effect},
                    {"low", f.low}, {"high", f.high}, {"supported", f.supported}, {"rank", f.rank}, {"explanation", f.explanation}});
  }
  return rows;
}

std::string findings_html(const std::vector<Finding>& findings) {
  std::string html = "<h2>The study's findings</h2>\n<p>Each row is a paired comparison over replications that share their random "
                     "numbers, with a 95 % interval. A finding is supported when the interval lies wholly on the side the study "
                     "claims. docs/reproduce.md walks through the table.</p>\n<table><tr><th></th><th>claim</th><th>metric</th>"
                     "<th>comparison</th><th>effect</th><th>95 % interval</th><th>supported</th><th>how to read it</th></tr>\n";
  for (const Finding& f : findings) {
    char numbers[128];
    std::snprintf(numbers, sizeof numbers, "<td class=n>%+.3g</td><td class=n>[%+.3g, %+.3g]</td>", f.effect, f.low, f.high);
    html += "<tr><td>" + f.id + "</td><td>" + html_escape(f.claim) + (f.rank > 0 ? " (rank " + std::to_string(f.rank) + ")" : "") + "</td><td>" +
            html_escape(f.metric) + "</td><td>" + html_escape(f.comparison) + "</td>" + numbers + "<td class=" + (f.supported ? "yes>yes" : "no>no") +
            "</td><td>" + html_escape(f.explanation) + "</td></tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace tiaokuai::analysis
