#include "analysis/findings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "analysis/effects.hpp"
#include "models/governance/issue.hpp"
#include "sim/random_stream.hpp"

namespace tiaokuai::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

Estimate estimate_of(const Effect& e) { return {e.difference, e.difference - e.paired_half_width, e.difference + e.paired_half_width}; }

// +1 where the claim expects an increase, -1 a decrease: sign x effect is
// the effect measured in the claimed direction.
double claimed_sign(Direction direction) { return direction == Direction::decrease ? -1.0 : 1.0; }

// The paired effect of `treatment` - `base` on a metric within one sweep.
Effect effect_on(const SweepResults& results, std::size_t treatment, std::size_t base, std::size_t metric) {
  const PairedSample pairs = results.paired(treatment, metric, base, metric);
  return paired_effect(pairs.treatment, pairs.base);
}

std::string percent(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f %%", 100.0 * share);
  return text;
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

// Total, direct and emergent parts of a latency effect, per replication:
// direct = the sum of the direct phases, emergent = total - direct.
Decomposition decompose(const Claim& claim, const SweepResults& results, std::size_t treatment, std::size_t base, double minimum_size) {
  Decomposition d;
  if (claim.direct_phases.empty() || claim.metric != decomposed_metric) return d;
  d.applies = true;
  const std::size_t total_metric = results.metric(decomposed_metric);
  const std::vector<double> total_t = results.by_replication(treatment, total_metric), total_b = results.by_replication(base, total_metric);
  std::vector<double> direct_t(total_t.size(), 0.0), direct_b(total_b.size(), 0.0);
  for (const char* phase : models::governance::phase_names) {
    const std::size_t m = results.metric(phase_metric(phase));
    const bool direct = std::find(claim.direct_phases.begin(), claim.direct_phases.end(), phase) != claim.direct_phases.end();
    const std::vector<double> t = results.by_replication(treatment, m), b = results.by_replication(base, m);
    d.phases.push_back({phase, direct, estimate_of(paired_effect(t, b))});
    if (!direct) continue;
    for (std::size_t r = 0; r < t.size(); ++r) {
      direct_t[r] += t[r];
      direct_b[r] += b[r];
    }
  }
  for (const std::string& phase : claim.direct_phases) {
    if (std::find_if(d.phases.begin(), d.phases.end(), [&](const PhaseEffect& p) { return p.phase == phase; }) == d.phases.end()) {
      throw std::invalid_argument("claim " + claim.id + ": no phase '" + phase + "'");
    }
  }
  // The same replications in all three parts: those with the total and every direct phase.
  std::vector<double> emergent_t(total_t.size()), emergent_b(total_b.size()), whole_t = total_t, whole_b = total_b;
  for (std::size_t r = 0; r < total_t.size(); ++r) {
    emergent_t[r] = total_t[r] - direct_t[r];
    emergent_b[r] = total_b[r] - direct_b[r];
    if (std::isnan(emergent_t[r])) whole_t[r] = nan;
    if (std::isnan(emergent_b[r])) whole_b[r] = nan;
  }
  d.total = estimate_of(paired_effect(whole_t, whole_b));
  d.direct = estimate_of(paired_effect(direct_t, direct_b));
  d.emergent = estimate_of(paired_effect(emergent_t, emergent_b));
  const bool emergent_small = d.emergent.contains(0.0) || std::abs(d.emergent.value) < minimum_size;
  if (emergent_small && std::abs(d.direct.value) < minimum_size) {
    // Both parts below the minimum size: "only direct" would misname an
    // effect that may lie wholly outside the lever's phases.
    d.note = "both parts below the minimum size";
  } else if (emergent_small) {
    d.note = "only direct: the effect is the lever's own parameter read back";
  } else if (std::abs(d.emergent.value) > std::abs(d.direct.value)) {
    d.note = "mostly emergent";
  } else {
    d.note = "direct and emergent";
  }
  return d;
}

// Per draw, the mean paired difference: does the claim hold by at least
// the minimum size?
Robustness robustness_over(const Claim& claim, const SweepResults& over_draws, const std::vector<PosteriorDraw>& draws,
                           double minimum_size, const FindingsSettings& settings) {
  Robustness robust;
  robust.measured = true;
  const std::size_t metric = over_draws.metric(claim.metric);
  std::vector<bool> holds;
  for (const PosteriorDraw& draw : draws) {
    const Effect e = effect_on(over_draws, draw.point(claim.treatment), draw.point(claim.base), metric);
    if (e.pairs == 0) continue;
    const double along = claimed_sign(claim.expected) * e.difference;
    holds.push_back(along > 0 && along >= minimum_size);
  }
  robust.draws = holds.size();
  robust.holding = static_cast<std::size_t>(std::count(holds.begin(), holds.end(), true));
  robust.share = bootstrap_share(holds, settings.bootstrap_resamples, settings.bootstrap_seed, "findings/robustness/" + claim.id);
  return robust;
}

void judge(Finding& f, const FindingsSettings& settings) {
  const double along = claimed_sign(f.claim.expected) * f.effect.value;
  const Robustness& robust = f.robustness;
  const bool robust_measured = robust.measured && robust.draws > 0;
  if (std::abs(f.effect.value) <= f.minimum_size) {  // <=: with a base mean of 0 an effect of exactly 0 is negligible too
    f.verdict = Verdict::negligible;
    f.note = "the effect is below the minimum size (" + number(f.minimum_size) + " " + f.claim.unit + ")";
  } else if (along > 0 && f.holm_p < settings.alpha && robust_measured && robust.share.value >= settings.supported_share) {
    f.verdict = Verdict::supported;
    f.note = "on the claimed side, Holm p below " + number(settings.alpha) + ", holds in " + percent(robust.share.value) + " of draws";
  } else if (!(along > 0)) {
    f.verdict = Verdict::not_supported;
    f.note = std::string("the effect is ") + (f.effect.value < 0 ? "a decrease" : "an increase") + ", not the claimed " +
             direction_name(f.claim.expected);
  } else if (robust_measured && robust.share.value < settings.unsupported_share) {
    f.verdict = Verdict::not_supported;
    f.note = "holds in only " + percent(robust.share.value) + " of posterior draws";
  } else {
    f.verdict = Verdict::mixed;
    std::string why;
    if (!(f.holm_p < settings.alpha)) why += "Holm p " + (std::isnan(f.holm_p) ? std::string("not computed") : number(f.holm_p)) + " not below " + number(settings.alpha);
    const std::string share = !robust.measured ? "robustness not measured (no posterior draws)"
                              : robust.draws == 0 ? "robustness not measured (no complete draw)"
                              : robust.share.value < settings.supported_share ? "holds in only " + percent(robust.share.value) + " of draws"
                                                                              : "";
    if (!share.empty()) why += (why.empty() ? "" : "; ") + share;
    f.note = "on the claimed side, but " + why;
  }
  if (!f.claim.nature.empty()) f.note += "; sign set by a model rule: " + f.claim.nature;
}

Ranking rank_levers(const SweepResults& at_point, const SweepResults* over_draws, const std::vector<PosteriorDraw>& draws,
                    const FindingsSettings& settings) {
  Ranking ranking;
  const std::vector<std::string>& levers = ranked_levers();
  std::string missing;
  for (const std::string& lever : levers) {
    if (!at_point.has_role(step_role(lever))) missing += (missing.empty() ? "" : ", ") + step_role(lever);
  }
  if (!missing.empty()) {
    ranking.reason = "not ranked: the sweep has no variants with the common-scale step roles (" + missing + ")";
    return ranking;
  }
  const std::size_t metric = at_point.metric(ranking_metric);
  const std::vector<double> base = at_point.by_replication(at_point.point_with_role(ranking_base), metric);
  std::vector<std::vector<double>> arms;
  for (const std::string& lever : levers) {
    const std::size_t step = at_point.point_with_role(step_role(lever));
    arms.push_back(at_point.by_replication(step, metric));
    ranking.levers.push_back({lever, at_point.labels[step], estimate_of(paired_effect(arms.back(), base)), 0, 0, 0, 0, false, 0});
  }
  // Replications complete in the base and every step, so a resample keeps the pairing across all levers.
  std::vector<std::vector<double>> differences(levers.size());
  for (std::size_t r = 0; r < base.size(); ++r) {
    bool complete = !std::isnan(base[r]);
    for (const auto& arm : arms) complete = complete && !std::isnan(arm[r]);
    if (!complete) continue;
    for (std::size_t l = 0; l < levers.size(); ++l) differences[l].push_back(arms[l][r] - base[r]);
  }
  ranking.replications = differences[0].size();
  if (ranking.replications == 0) {
    ranking.levers.clear();
    ranking.reason = "not ranked: no replication has the base and every step variant";
    return ranking;
  }
  ranking.ranked = true;
  // Rank 1 = the most negative effect; ties go to the lever listed first.
  const auto order_of = [&](const std::vector<double>& effects) {
    std::vector<std::size_t> order(effects.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return effects[a] < effects[b]; });
    return order;
  };
  std::vector<double> point_effects;
  for (const LeverRank& lever : ranking.levers) point_effects.push_back(lever.effect.value);
  const std::vector<std::size_t> point_order = order_of(point_effects);
  for (std::size_t k = 0; k < point_order.size(); ++k) ranking.levers[point_order[k]].rank = static_cast<int>(k + 1);

  sim::RandomStream rng(settings.bootstrap_seed, 0, "findings/ranking");
  const std::size_t n = ranking.replications;
  std::vector<std::vector<int>> rank_counts(levers.size(), std::vector<int>(levers.size(), 0));
  std::vector<std::size_t> picks(n);
  std::vector<double> means(levers.size());
  for (int b = 0; b < settings.bootstrap_resamples; ++b) {
    for (std::size_t k = 0; k < n; ++k) picks[k] = static_cast<std::size_t>(rng.uniform_int(n));
    for (std::size_t l = 0; l < levers.size(); ++l) {
      double sum = 0;
      for (const std::size_t k : picks) sum += differences[l][k];
      means[l] = sum / static_cast<double>(n);
    }
    const std::vector<std::size_t> order = order_of(means);
    for (std::size_t k = 0; k < order.size(); ++k) ++rank_counts[order[k]][k];
  }
  const double resamples = std::max(1, settings.bootstrap_resamples);
  for (std::size_t l = 0; l < levers.size(); ++l) {
    LeverRank& lever = ranking.levers[l];
    lever.first_share = rank_counts[l][0] / resamples;
    const auto modal = std::max_element(rank_counts[l].begin(), rank_counts[l].end());
    lever.modal_rank = static_cast<int>(modal - rank_counts[l].begin()) + 1;
    lever.modal_share = *modal / resamples;
  }

  if (over_draws != nullptr) {
    const std::size_t draw_metric = over_draws->metric(ranking_metric);
    std::vector<int> firsts(levers.size(), 0);
    for (const PosteriorDraw& draw : draws) {
      if (!draw.has(ranking_base) ||
          !std::all_of(levers.begin(), levers.end(), [&](const std::string& lever) { return draw.has(step_role(lever)); })) {
        continue;
      }
      std::vector<double> effects;
      bool complete = true;
      for (const std::string& lever : levers) {
        const Effect e = effect_on(*over_draws, draw.point(step_role(lever)), draw.point(ranking_base), draw_metric);
        complete = complete && e.pairs > 0;
        effects.push_back(e.difference);
      }
      if (!complete) continue;
      ++ranking.draws;
      ++firsts[order_of(effects)[0]];
    }
    if (ranking.draws == 0) {
      ranking.reason = "no posterior draw has the base and every step variant: first places over draws not measured";
    } else {
      for (std::size_t l = 0; l < levers.size(); ++l) {
        ranking.levers[l].draws_measured = true;
        ranking.levers[l].first_share_draws = firsts[l] / static_cast<double>(ranking.draws);
      }
    }
  } else {
    ranking.reason = "no posterior draws: first places over draws not measured";
  }
  std::sort(ranking.levers.begin(), ranking.levers.end(), [](const LeverRank& a, const LeverRank& b) { return a.rank < b.rank; });
  return ranking;
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::negligible: return "negligible";
    case Verdict::supported: return "supported";
    case Verdict::mixed: return "mixed";
    case Verdict::not_supported: return "not supported";
  }
  return "?";
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(p_values.size(), nan);
  const double m = static_cast<double>(order.size());
  double running = 0;
  for (std::size_t j = 0; j < order.size(); ++j) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(j)) * p_values[order[j]]));
    adjusted[order[j]] = running;
  }
  return adjusted;
}

std::size_t PosteriorDraw::point(const std::string& role) const {
  for (const auto& [point_role, p] : points) {
    if (point_role == role) return p;
  }
  throw std::invalid_argument("posterior draw " + std::to_string(draw) + " has no variant with the role '" + role + "'");
}

bool PosteriorDraw::has(const std::string& role) const {
  return std::any_of(points.begin(), points.end(), [&](const auto& entry) { return entry.first == role; });
}

std::vector<PosteriorDraw> posterior_draws(const SweepResults& over_draws) {
  std::vector<PosteriorDraw> draws;
  for (std::size_t p = 0; p < over_draws.points(); ++p) {
    const std::string& label = over_draws.labels[p];
    const std::size_t space = label.find(' ');
    std::size_t digits = 0;
    int draw = -1;
    if (label.rfind("draw:", 0) == 0 && space != std::string::npos && space > 5 && space + 1 < label.size()) {
      try {
        draw = std::stoi(label.substr(5, space - 5), &digits);
      } catch (const std::exception&) {
        draw = -1;
      }
    }
    if (draw < 0 || digits != space - 5) {
      throw std::invalid_argument(over_draws.database + ": point label '" + label + "' is not 'draw:D VARIANT'");
    }
    auto found = std::find_if(draws.begin(), draws.end(), [&](const PosteriorDraw& d) { return d.draw == draw; });
    if (found == draws.end()) {
      draws.push_back({draw, {}});
      found = draws.end() - 1;
    }
    if (!over_draws.roles[p].empty()) found->points.emplace_back(over_draws.roles[p], p);
  }
  std::sort(draws.begin(), draws.end(), [](const PosteriorDraw& a, const PosteriorDraw& b) { return a.draw < b.draw; });
  return draws;
}

Estimate bootstrap_share(const std::vector<bool>& holds, int resamples, std::uint64_t seed, const std::string& stream) {
  Estimate share{nan, nan, nan};
  if (holds.empty()) return share;
  const std::size_t n = holds.size();
  share.value = static_cast<double>(std::count(holds.begin(), holds.end(), true)) / static_cast<double>(n);
  if (resamples < 1) {
    share.low = share.high = share.value;
    return share;
  }
  sim::RandomStream rng(seed, 0, stream);
  std::vector<double> shares;
  shares.reserve(static_cast<std::size_t>(resamples));
  for (int b = 0; b < resamples; ++b) {
    std::size_t count = 0;
    for (std::size_t k = 0; k < n; ++k) count += holds[static_cast<std::size_t>(rng.uniform_int(n))] ? 1 : 0;
    shares.push_back(static_cast<double>(count) / static_cast<double>(n));
  }
  std::sort(shares.begin(), shares.end());
  // Percentiles 2.5 and 97.5, rounded outwards.
  const double last = static_cast<double>(shares.size() - 1);
  share.low = shares[static_cast<std::size_t>(std::floor(0.025 * last))];
  share.high = shares[static_cast<std::size_t>(std::ceil(0.975 * last))];
  return share;
}

Findings test_claims(const std::vector<Claim>& claims, const SweepResults& at_point, const SweepResults* over_draws,
                     const FindingsSettings& settings) {
  Findings findings;
  findings.settings = settings;
  findings.replications_at_point = at_point.replications;
  std::vector<PosteriorDraw> draws;
  if (over_draws != nullptr) {
    draws = posterior_draws(*over_draws);
    findings.posterior_draws = draws.size();
    findings.replications_per_draw = over_draws->replications;
    for (const PosteriorDraw& draw : draws) {
      for (const std::string& role : claim_roles(claims)) draw.point(role);  // throws naming the draw and role
    }
  }
  for (const Claim& claim : claims) {
    Finding f;
    f.claim = claim;
    const std::size_t treatment = at_point.point_with_role(claim.treatment), base = at_point.point_with_role(claim.base);
    f.treatment_variant = at_point.labels[treatment];
    f.base_variant = at_point.labels[base];
    const Effect e = effect_on(at_point, treatment, base, at_point.metric(claim.metric));
    f.pairs = e.pairs;
    f.base_mean = e.base_mean;
    f.treatment_mean = e.treatment_mean;
    f.effect = estimate_of(e);
    f.p_value = e.paired_p_value;
    f.minimum_size = settings.minimum_size_share * std::abs(e.base_mean);
    if (over_draws != nullptr) f.robustness = robustness_over(claim, *over_draws, draws, f.minimum_size, settings);
    f.decomposition = decompose(claim, at_point, treatment, base, f.minimum_size);
    findings.claims.push_back(std::move(f));
  }
  std::vector<double> p_values;
  for (const Finding& f : findings.claims) p_values.push_back(f.p_value);
  const std::vector<double> holm = holm_adjust(p_values);
  for (std::size_t i = 0; i < findings.claims.size(); ++i) {
    findings.claims[i].holm_p = holm[i];
    judge(findings.claims[i], settings);
  }
  findings.ranking = rank_levers(at_point, over_draws, draws, settings);
  return findings;
}

Findings study_findings(const SweepResults& at_point, const SweepResults* over_draws, const FindingsSettings& settings) {
  return test_claims(study_claims(), at_point, over_draws, settings);
}

}  // namespace tiaokuai::analysis
