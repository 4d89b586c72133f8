// The findings engine (analysis/findings.hpp) on results built in memory
// (SweepResults::from_values), so every number is planted: Holm's
// adjustment against a hand computation, each verdict reached on purpose,
// the bootstrap share of posterior draws, the direct / emergent split, and
// the lever ranking. One round trip through a results database checks that
// the study's claims read a written sweep as `reproduce` does.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "analysis/effects.hpp"
#include "experiments/variant_roles.hpp"
#include "analysis/findings.hpp"
#include "analysis/findings_output.hpp"
#include "analysis/study_claims.hpp"
#include "analysis/sweep_results.hpp"
#include "experiments/results_database.hpp"
#include "experiments/sweep_spec.hpp"
#include "models/governance/issue.hpp"
#include "tests/scratch_folder.hpp"

using namespace tiaokuai;
using namespace tiaokuai::analysis;

namespace {

// The value of `metric` in replication r of the point labelled `label`.
using Planted = std::function<double(const std::string& label, const std::string& metric, int r)>;

int draw_of(const std::string& label) { return label.rfind("draw:", 0) == 0 ? std::stoi(label.substr(5)) : -1; }
std::string variant_of(const std::string& label) { return label.rfind("draw:", 0) == 0 ? label.substr(label.find(' ') + 1) : label; }

// Results where each variant's role is its name (as in
// scenarios/sweeps/reproduce.yaml), in a plain or a posterior sweep.
SweepResults planted_results(const std::vector<std::string>& labels, const std::vector<std::string>& metrics, int replications,
                             const Planted& planted) {
  std::vector<double> data;
  for (const std::string& label : labels) {
    for (int r = 0; r < replications; ++r) {
      for (const std::string& metric : metrics) data.push_back(planted(label, metric, r));
    }
  }
  SweepResults results = SweepResults::from_values(labels, metrics, replications, data);
  for (std::size_t p = 0; p < labels.size(); ++p) results.roles[p] = variant_of(labels[p]);
  return results;
}

// "draw:D VARIANT" for every draw and variant.
std::vector<std::string> draw_labels(int draws, const std::vector<std::string>& variants) {
  std::vector<std::string> labels;
  for (int d = 0; d < draws; ++d) {
    for (const std::string& v : variants) labels.push_back("draw:" + std::to_string(d) + " " + v);
  }
  return labels;
}

// Luck shared by every variant in replication r (common random numbers),
// and a little of each variant's own.
double shared(int r) { return 3.0 * std::sin(1.7 * r + 0.3); }
double own(const std::string& label, int r) {
  double code = 0;
  for (const char c : label) code = code * 1.3 + static_cast<unsigned char>(c);
  return 0.2 * std::cos(code + 7.0 * r);
}

// One claim on metric "m": treatment - base, expected to decrease.
Claim one_claim() { return {"x", "the treatment lowers m", "m", "h", "treatment", "base", Direction::decrease, {}, "", "test row"}; }

// Base mean 100; the treatment moves it by `effect` at the point and by
// effect_in_draw(d) in draw d.
Findings one_claim_findings(double effect, const std::function<double(int)>* effect_in_draw, int draws = 20) {
  const auto planted = [&](const std::string& label, const std::string&, int r) {
    const bool treated = variant_of(label) == "treatment";
    const double move = draw_of(label) < 0 ? effect : (*effect_in_draw)(draw_of(label));
    return 100.0 + shared(r) + own(label, r) + (treated ? move : 0.0);
  };
  const SweepResults at_point = planted_results({"base", "treatment"}, {"m"}, 30, planted);
  if (effect_in_draw == nullptr) return test_claims({one_claim()}, at_point, nullptr);
  const SweepResults over_draws = planted_results(draw_labels(draws, {"base", "treatment"}), {"m"}, 3, planted);
  return test_claims({one_claim()}, at_point, &over_draws);
}

}  // namespace

TEST_CASE("Holm's adjustment matches a hand computation and leaves NaN out of the count") {
  // Sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04, raised to 0.06 (monotone).
  const double nan = std::nan("");
  const std::vector<double> adjusted = holm_adjust({0.01, 0.04, 0.03, 0.005, nan});
  REQUIRE(adjusted.size() == 5);
  CHECK(adjusted[0] == doctest::Approx(0.03));
  CHECK(adjusted[1] == doctest::Approx(0.06));
  CHECK(adjusted[2] == doctest::Approx(0.06));
  CHECK(adjusted[3] == doctest::Approx(0.02));
  CHECK(std::isnan(adjusted[4]));
  CHECK(holm_adjust({0.3, 0.6})[1] == doctest::Approx(0.6));
  CHECK(holm_adjust({0.3, 0.6})[0] == doctest::Approx(0.6));
  CHECK(holm_adjust({0.9, 0.8})[0] == 1.0);  // capped at 1
}

TEST_CASE("the paired effect carries a two-sided paired-t p-value") {
  // Differences 1, 2, 3: mean 2, sd 1, t = 2 sqrt(3) = 3.464 on 2 df: p = 0.0742.
  const Effect e = paired_effect({11, 12, 13}, {10, 10, 10});
  CHECK(e.paired_p_value == doctest::Approx(0.0742).epsilon(0.005));
  CHECK(paired_effect({1, 2}, {1, 2}).paired_p_value == 1.0);
  CHECK(std::isnan(paired_effect({1}, {2}).paired_p_value));
}

TEST_CASE("robustness pairs treatment and base within the same draw") {
  // Each draw shifts both arms by its own large level (the draw's county),
  // and the treatment lowers m by 10 in every draw. Paired within a draw,
  // the claim holds in all 20; paired across draws, the levels (0 or 100
  // apart) would decide it instead.
  const auto planted = [](const std::string& label, const std::string&, int r) {
    const int d = draw_of(label);
    const double level = d < 0 ? 0.0 : (d % 2 == 0 ? 0.0 : 100.0);
    return 100.0 + level + shared(r) + own(label, r) + (variant_of(label) == "treatment" ? -10.0 : 0.0);
  };
  const SweepResults at_point = planted_results({"base", "treatment"}, {"m"}, 30, planted);
  const SweepResults over_draws = planted_results(draw_labels(20, {"base", "treatment"}), {"m"}, 3, planted);
  const Finding f = test_claims({one_claim()}, at_point, &over_draws).claims.at(0);
  CHECK(f.robustness.draws == 20);
  CHECK(f.robustness.holding == 20);
  CHECK(f.verdict == Verdict::supported);
}

TEST_CASE("a clear effect that holds in every posterior draw is supported") {
  const std::function<double(int)> always = [](int d) { return -10.0 - 0.1 * d; };
  const Findings findings = one_claim_findings(-10.0, &always);
  const Finding& f = findings.claims.at(0);
  CHECK(f.effect.value == doctest::Approx(-10.0).epsilon(0.01));
  CHECK(f.minimum_size == doctest::Approx(5.0).epsilon(0.01));
  CHECK(f.holm_p < 1e-6);
  CHECK(f.robustness.measured);
  CHECK(f.robustness.draws == 20);
  CHECK(f.robustness.share.value == 1.0);
  CHECK(f.verdict == Verdict::supported);
  CHECK(findings.posterior_draws == 20);
  CHECK(findings.replications_per_draw == 3);
}

TEST_CASE("a significant effect below the minimum size is negligible") {
  const std::function<double(int)> always = [](int) { return -1.0; };
  const Finding f = one_claim_findings(-1.0, &always).claims.at(0);  // 1 % of the base mean, the paired noise ~0.2
  CHECK(f.holm_p < 1e-6);
  CHECK(f.effect.high < 0);
  CHECK(f.verdict == Verdict::negligible);
  CHECK(f.note.find("minimum size") != std::string::npos);
}

TEST_CASE("significant at the point but holding in 60 % of the draws is mixed") {
  // 12 of 20 draws move by -10, the other 8 by -2 (less than the minimum size, 5).
  const std::function<double(int)> most = [](int d) { return d % 5 < 3 ? -10.0 : -2.0; };
  const Finding f = one_claim_findings(-10.0, &most).claims.at(0);
  CHECK(f.holm_p < 1e-6);
  CHECK(f.robustness.holding == 12);
  CHECK(f.robustness.share.value == doctest::Approx(0.6));
  CHECK(f.verdict == Verdict::mixed);
  CHECK(f.note.find("60 %") != std::string::npos);
}

TEST_CASE("an effect on the wrong side, or holding in under half the draws, is not supported") {
  // On the wrong side at the point, though it holds in every draw.
  const std::function<double(int)> down = [](int) { return -10.0; };
  const Finding wrong = one_claim_findings(10.0, &down).claims.at(0);
  CHECK(wrong.holm_p < 1e-6);
  CHECK(wrong.robustness.share.value == 1.0);
  CHECK(wrong.verdict == Verdict::not_supported);
  CHECK(wrong.note.find("not the claimed decrease") != std::string::npos);
  CHECK(one_claim_findings(10.0, nullptr).claims.at(0).verdict == Verdict::not_supported);
  const std::function<double(int)> seldom = [](int d) { return d % 5 == 0 ? -10.0 : 3.0; };
  const Finding fragile = one_claim_findings(-10.0, &seldom).claims.at(0);
  CHECK(fragile.robustness.share.value == doctest::Approx(0.2));
  CHECK(fragile.verdict == Verdict::not_supported);
}

TEST_CASE("an effect that holds in every draw but is not significant at the point is mixed") {
  // Differences -6 +- 30, alternating: mean -6 (above the minimum size 5), t about 1.1.
  const auto planted = [](const std::string& label, const std::string&, int r) {
    const bool treated = variant_of(label) == "treatment";
    if (draw_of(label) >= 0) return 100.0 + shared(r) + (treated ? -10.0 : 0.0);
    return 100.0 + shared(r) + (treated ? -6.0 + (r % 2 == 0 ? 30.0 : -30.0) : 0.0);
  };
  const SweepResults at_point = planted_results({"base", "treatment"}, {"m"}, 30, planted);
  const SweepResults over_draws = planted_results(draw_labels(20, {"base", "treatment"}), {"m"}, 3, planted);
  const Finding f = test_claims({one_claim()}, at_point, &over_draws).claims.at(0);
  CHECK(f.effect.value == doctest::Approx(-6.0));
  CHECK(f.holm_p > 0.05);
  CHECK(f.robustness.share.value == 1.0);
  CHECK(f.verdict == Verdict::mixed);
  CHECK(f.note.find("Holm p") != std::string::npos);
}

TEST_CASE("without posterior draws robustness is not measured and a claim is at most mixed") {
  const Findings findings = one_claim_findings(-10.0, nullptr);
  const Finding& f = findings.claims.at(0);
  CHECK(!f.robustness.measured);
  CHECK(f.verdict == Verdict::mixed);
  CHECK(f.note.find("robustness not measured") != std::string::npos);
  CHECK(findings_rules(findings).find("robustness not measured") != std::string::npos);
}

TEST_CASE("the bootstrap share of draws is deterministic and its interval contains the share") {
  std::vector<bool> holds;
  for (int d = 0; d < 20; ++d) holds.push_back(d % 10 < 7);
  const Estimate share = bootstrap_share(holds, 2000, 42, "test");
  CHECK(share.value == doctest::Approx(0.7));
  CHECK(share.low < 0.7);
  CHECK(share.high > 0.7);
  CHECK(share.low > 0.3);  // about 0.7 +- 2 sqrt(0.21 / 20) = 0.7 +- 0.2
  CHECK(share.high < 1.0);
  CHECK(std::isnan(bootstrap_share({}, 2000, 42, "test").value));
  // Deterministic: over ten streams the same seed gives the same
  // intervals, where another seed moves some of them (the percentiles of a
  // share move in steps of 1 / draws, so one interval could coincide).
  std::vector<bool> many;
  for (int d = 0; d < 997; ++d) many.push_back(std::sin(1.0 + 2.3 * d) > -0.4);
  std::vector<Estimate> first, again, other_seed;
  for (int stream = 0; stream < 10; ++stream) first.push_back(bootstrap_share(many, 2000, 42, "test/" + std::to_string(stream)));
  for (int stream = 0; stream < 10; ++stream) again.push_back(bootstrap_share(many, 2000, 42, "test/" + std::to_string(stream)));
  for (int stream = 0; stream < 10; ++stream) other_seed.push_back(bootstrap_share(many, 2000, 43, "test/" + std::to_string(stream)));
  int moved = 0;
  for (int stream = 0; stream < 10; ++stream) {
    CHECK(first[stream].contains(first[stream].value));
    CHECK(again[stream].low == first[stream].low);
    CHECK(again[stream].high == first[stream].high);
    moved += other_seed[stream].low != first[stream].low || other_seed[stream].high != first[stream].high;
  }
  CHECK(moved > 0);
}

TEST_CASE("results from values: value() reads them back, a wrong size is refused") {
  const SweepResults results = planted_results({"a", "b"}, {"m", "n"}, 3, [](const std::string& label, const std::string& metric, int r) {
    return (label == "b" ? 100.0 : 0.0) + (metric == "n" ? 10.0 : 0.0) + r;
  });
  CHECK(results.value(1, 2, 1) == 112.0);
  CHECK(results.by_replication(1, 0) == std::vector<double>{100.0, 101.0, 102.0});
  CHECK(results.completeness.complete());
  CHECK_THROWS_AS(SweepResults::from_values({"a"}, {"m"}, 2, {1.0}), std::invalid_argument);
}

TEST_CASE("posterior draw labels are parsed, and another label is refused") {
  const SweepResults draws = planted_results({"draw:1 b", "draw:0 a", "draw:1 a"}, {"m"}, 1, [](auto&&...) { return 1.0; });
  const std::vector<PosteriorDraw> parsed = posterior_draws(draws);
  REQUIRE(parsed.size() == 2);
  CHECK(parsed[0].draw == 0);
  CHECK(parsed[1].point("b") == 0);
  CHECK(parsed[1].point("a") == 2);
  CHECK_THROWS_AS(parsed[0].point("b"), std::invalid_argument);
  for (const char* bad : {"status_quo", "draw:x a", "draw:1", "draw: a", "draw:2a b"}) {
    const SweepResults wrong = planted_results({bad}, {"m"}, 1, [](auto&&...) { return 1.0; });
    CHECK_THROWS_WITH_AS(posterior_draws(wrong), doctest::Contains("draw:D VARIANT"), std::invalid_argument);
  }
}

namespace {

// Phase hours per variant: 40 h at the base, split over the eight phases.
std::vector<std::string> phase_and_total_metrics() {
  std::vector<std::string> metrics{"resolution_hours.mean"};
  for (const char* phase : models::governance::phase_names) metrics.push_back(phase_metric(phase));
  return metrics;
}

const std::map<std::string, double> base_phases{{"detection", 6}, {"township", 3}, {"routing", 4}, {"waiting", 8},
                                                {"coordination", 3}, {"work", 10}, {"rework", 3}, {"escalation", 3}};

// A value per phase and replication; the total is their sum, as in a run.
double phase_planted(const std::map<std::string, std::map<std::string, double>>& moves, const std::string& label,
                     const std::string& metric, int r) {
  const auto value = [&](const std::string& phase) {
    const auto moved = moves.find(label);
    const double move = moved != moves.end() && moved->second.count(phase) ? moved->second.at(phase) : 0.0;
    return base_phases.at(phase) * (1.0 + 0.05 * std::sin(1.3 * r + static_cast<double>(phase.size()))) + move;
  };
  if (metric == "resolution_hours.mean") {
    double total = 0;
    for (const auto& [phase, hours] : base_phases) total += value(phase);
    return total;
  }
  return value(metric.substr(std::string("mean_phase_hours.").size()));
}

Claim technology_claim() {
  for (const Claim& claim : study_claims()) {
    if (claim.treatment == "technology") return claim;
  }
  FAIL("no technology claim");
  return {};
}

}  // namespace

TEST_CASE("an effect only in the lever's own phases is its parameter read back, and one elsewhere is emergent") {
  const std::vector<std::string> metrics = phase_and_total_metrics();
  const auto direct_only = [](const std::string& label, const std::string& metric, int r) {
    return phase_planted({{"technology", {{"detection", -4.0}}}}, label, metric, r);
  };
  const Finding direct =
      test_claims({technology_claim()}, planted_results({"status_quo", "technology"}, metrics, 10, direct_only), nullptr).claims.at(0);
  REQUIRE(direct.decomposition.applies);
  CHECK(direct.decomposition.total.value == doctest::Approx(-4.0));
  CHECK(direct.decomposition.direct.value == doctest::Approx(-4.0));
  CHECK(direct.decomposition.emergent.value == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(direct.decomposition.note.rfind("only direct", 0) == 0);
  CHECK(direct.decomposition.phases.size() == models::governance::phase_count);
  CHECK(direct.decomposition.phases.at(0).direct);  // detection

  const auto emergent = [](const std::string& label, const std::string& metric, int r) {
    return phase_planted({{"technology", {{"detection", -1.0}, {"waiting", -5.0}}}}, label, metric, r);
  };
  const Finding mostly =
      test_claims({technology_claim()}, planted_results({"status_quo", "technology"}, metrics, 10, emergent), nullptr).claims.at(0);
  CHECK(mostly.decomposition.direct.value == doctest::Approx(-1.0));
  CHECK(mostly.decomposition.emergent.value == doctest::Approx(-5.0));
  CHECK(mostly.decomposition.note == "mostly emergent");

  const auto both = [](const std::string& label, const std::string& metric, int r) {
    return phase_planted({{"technology", {{"routing", -5.0}, {"waiting", -3.0}}}}, label, metric, r);
  };
  const Finding mixed =
      test_claims({technology_claim()}, planted_results({"status_quo", "technology"}, metrics, 10, both), nullptr).claims.at(0);
  CHECK(mixed.decomposition.note == "direct and emergent");

  // Both parts below the minimum size: not "only direct", which would
  // misname an effect lying outside the lever's phases.
  const auto tiny = [](const std::string& label, const std::string& metric, int r) {
    return phase_planted({{"technology", {{"waiting", -0.01}}}}, label, metric, r);
  };
  const Finding small =
      test_claims({technology_claim()}, planted_results({"status_quo", "technology"}, metrics, 10, tiny), nullptr).claims.at(0);
  CHECK(small.decomposition.note == "both parts below the minimum size");
}

namespace {

// The study's design plus the five step variants, at the point (40
// replications) and over `draws` draws (3 each).
std::vector<std::string> all_variants() {
  std::vector<std::string> labels = study_roles();
  for (const std::string& lever : ranked_levers()) labels.push_back(step_role(lever));
  return labels;
}

std::vector<std::string> study_metrics() {
  std::vector<std::string> metrics = phase_and_total_metrics();
  for (const Claim& claim : study_claims()) {
    if (std::find(metrics.begin(), metrics.end(), claim.metric) == metrics.end()) metrics.push_back(claim.metric);
  }
  return metrics;
}

// As the study says, with the step variants close together so that the
// ranking is uncertain: technology and social participation near -1.5 h,
// with noise of their own in each replication.
double as_the_study_says(const std::string& label, const std::string& metric, int r) {
  const std::string variant = variant_of(label);
  const std::map<std::string, std::map<std::string, double>> moves{
      {"pre_reform", {{"routing", 20.0}}},
      {"administrative_resources", {{"escalation", -2.0}, {"township", -1.0}}},
      {"incentives", {{"waiting", -3.0}, {"rework", -1.0}}},
      {"party_lead", {{"coordination", -2.5}}},
      {"technology", {{"detection", -4.0}, {"routing", -2.0}, {"waiting", -3.0}}},
      {"social_participation", {{"detection", -3.0}}},
      {"all_four_levers", {{"detection", -4.0}, {"routing", -2.0}, {"waiting", -5.0}, {"coordination", -2.5}, {"escalation", -2.0}}},
      {"no_incentives", {{"waiting", 3.0}, {"rework", 1.0}}},
      {"step_administrative_resources", {{"escalation", -0.5}}},
      {"step_incentives", {{"waiting", -0.8}}},
      {"step_party_lead", {{"coordination", -0.3}}},
      {"step_technology", {{"detection", -1.5 + 0.8 * std::sin(5.1 * r + 1.0)}}},
      {"step_social_participation", {{"detection", -1.4 + 0.8 * std::cos(3.7 * r)}}}};
  if (metric.rfind("mean_phase_hours.", 0) == 0 || metric == "resolution_hours.mean") return phase_planted(moves, variant, metric, r);
  const double noise = 0.01 * (shared(r) + own(label, r));
  if (metric == "rates.resolution_within_deadline") return (variant == "pre_reform" ? 0.6 : 0.8) + noise;
  if (metric == "effort.measured_mean") return (variant == "no_incentives" ? 0.1 : 0.7) + noise;
  if (metric == "rates.reports_without_resolution") return (variant == "no_incentives" ? 0.03 : 0.02) + 0.01 * noise;
  return (variant == "over_calling" ? 12.0 : 8.0) + 10 * noise;  // response_hours.required_calls_mean
}

}  // namespace

TEST_CASE("the study's claims: as data, with direct phases only where the decomposition applies") {
  const std::vector<Claim>& claims = study_claims();
  REQUIRE(claims.size() == 11);
  std::set<std::string> ids;
  for (const Claim& claim : claims) {
    ids.insert(claim.id);
    CHECK_MESSAGE((claim.direct_phases.empty() || claim.metric == "resolution_hours.mean"), claim.id);
    for (const std::string& phase : claim.direct_phases) {
      CHECK_MESSAGE(std::find(models::governance::phase_names.begin(), models::governance::phase_names.end(), phase) !=
                        models::governance::phase_names.end(),
                    phase);
    }
    CHECK_MESSAGE((claim.id == "4a") == !claim.nature.empty(), claim.id);
  }
  CHECK(ids == std::set<std::string>{"1a", "1b", "2", "3a", "3b", "3c", "3d", "3e", "4a", "4b", "5"});
  const auto claim = [&](const std::string& id) { return *std::find_if(claims.begin(), claims.end(), [&](const Claim& c) { return c.id == id; }); };
  CHECK(claim("4a").metric == "effort.measured_mean");
  CHECK(claim("4b").metric == "rates.reports_without_resolution");
  CHECK(claim("4b").expected == Direction::increase);
  CHECK(claim("2").direct_phases.empty());  // four levers together: no split (their phases cover all but work)
  CHECK(claim("5").direct_phases.empty());
  const std::vector<std::string> compared = claim_roles(claims);
  const std::vector<std::string> study = study_roles();
  CHECK(std::set<std::string>(study.begin(), study.end()) == std::set<std::string>(compared.begin(), compared.end()));
  CHECK(study.size() == compared.size());
  // Every role a claim or the ranking names is one a sweep file can declare.
  for (const std::string& role : compared) CHECK_MESSAGE(experiments::find_variant_role(role) != nullptr, role);
  for (const std::string& lever : ranked_levers()) CHECK_MESSAGE(experiments::find_variant_role(step_role(lever)) != nullptr, lever);
}

TEST_CASE("the study's findings planted as the study says: effects, verdicts and the lever ranking") {
  const std::vector<std::string> metrics = study_metrics();
  const SweepResults at_point = planted_results(all_variants(), metrics, 40, as_the_study_says);
  const SweepResults over_draws = planted_results(draw_labels(10, all_variants()), metrics, 3, as_the_study_says);
  const Findings findings = study_findings(at_point, &over_draws);
  REQUIRE(findings.claims.size() == 11);
  CHECK(findings.claims[0].treatment_variant == "status_quo");
  std::map<std::string, const Finding*> by_id;
  for (const Finding& f : findings.claims) by_id[f.claim.id] = &f;
  CHECK(by_id.at("1a")->effect.value == doctest::Approx(-20.0).epsilon(0.01));
  CHECK(by_id.at("1a")->decomposition.note.rfind("only direct", 0) == 0);
  CHECK(by_id.at("3d")->decomposition.note == "direct and emergent");
  for (const char* id : {"1a", "1b", "2", "3a", "3b", "3d", "3e", "4a", "4b", "5"}) {
    CHECK_MESSAGE(by_id.at(id)->verdict == Verdict::supported, id, " ", by_id.at(id)->note);
  }
  // The Party lead gains 2.5 h of 40: above the 2 h minimum; coordination only.
  CHECK(by_id.at("3c")->verdict == Verdict::supported);

  const Ranking& ranking = findings.ranking;
  REQUIRE(ranking.ranked);
  REQUIRE(ranking.levers.size() == 5);
  double first = 0, first_draws = 0;
  for (const LeverRank& lever : ranking.levers) {
    first += lever.first_share;
    first_draws += lever.first_share_draws;
    CHECK(lever.draws_measured);
  }
  CHECK(first == doctest::Approx(1.0));
  CHECK(first_draws == doctest::Approx(1.0));
  CHECK(ranking.levers[0].rank == 1);
  CHECK((ranking.levers[0].lever == "technology" || ranking.levers[0].lever == "social_participation"));
  CHECK(ranking.levers[0].first_share < 1.0);  // the two are close: the ranking is uncertain
  CHECK(ranking.levers[0].first_share > 0.3);
  CHECK(ranking.levers[4].lever == "party_lead");
  CHECK(ranking.levers[4].first_share == 0.0);
  CHECK(first_place_sentence(ranking.levers[0]).find("of resamples (") != std::string::npos);

  // Deterministic: the same shares again.
  const Findings again = study_findings(at_point, &over_draws);
  CHECK(again.ranking.levers[0].first_share == ranking.levers[0].first_share);
  CHECK(again.claims[0].robustness.share.low == findings.claims[0].robustness.share.low);
}

TEST_CASE("without the step variants the ranking is skipped with a reason") {
  const SweepResults at_point = planted_results(study_roles(), study_metrics(), 10, as_the_study_says);
  const Findings findings = study_findings(at_point, nullptr);
  CHECK(!findings.ranking.ranked);
  CHECK(findings.ranking.levers.empty());
  CHECK(findings.ranking.reason.find("step_technology") != std::string::npos);
}

TEST_CASE("the findings find the variants by their declared roles, whatever their names") {
  const std::vector<std::string> metrics = study_metrics();
  const std::vector<std::string> variants = all_variants();
  std::vector<std::string> renamed;
  for (std::size_t v = 0; v < variants.size(); ++v) renamed.push_back("variant " + std::to_string(variants.size() - v));
  const auto as_named = [&](const std::string& label, const std::string& metric, int r) {
    const auto v = static_cast<std::size_t>(std::find(renamed.begin(), renamed.end(), label) - renamed.begin());
    return as_the_study_says(variants.at(v), metric, r);
  };
  SweepResults renamed_results = planted_results(renamed, metrics, 10, as_named);
  renamed_results.roles = variants;
  const Findings by_role = study_findings(renamed_results, nullptr);
  const Findings by_name = study_findings(planted_results(variants, metrics, 10, as_the_study_says), nullptr);
  REQUIRE(by_role.claims.size() == by_name.claims.size());
  for (std::size_t i = 0; i < by_role.claims.size(); ++i) {
    CHECK(by_role.claims[i].effect.value == by_name.claims[i].effect.value);
    CHECK(by_role.claims[i].verdict == by_name.claims[i].verdict);
  }
  CHECK(by_role.claims[0].treatment_variant == "variant " + std::to_string(variants.size()));  // status_quo, named as the sweep names it
  CHECK(by_role.ranking.ranked);
  CHECK(by_role.ranking.levers[0].variant.rfind("variant ", 0) == 0);
  // Names alone are not enough: without roles the findings name the role they miss.
  SweepResults unroled = planted_results(variants, metrics, 3, as_the_study_says);
  unroled.roles.assign(variants.size(), "");
  CHECK_THROWS_WITH_AS(study_findings(unroled, nullptr), doctest::Contains("no variant has the role 'status_quo'"), std::invalid_argument);
}

TEST_CASE("a claim's variant or metric missing from either sweep is refused, naming it") {
  const std::vector<std::string> metrics = study_metrics();
  std::vector<std::string> without = all_variants();
  without.erase(std::find(without.begin(), without.end(), "pre_reform"));
  CHECK_THROWS_WITH_AS(study_findings(planted_results(without, metrics, 3, as_the_study_says), nullptr), doctest::Contains("pre_reform"),
                       std::invalid_argument);
  std::vector<std::string> fewer = metrics;
  fewer.erase(std::find(fewer.begin(), fewer.end(), "effort.measured_mean"));
  CHECK_THROWS_WITH_AS(study_findings(planted_results(all_variants(), fewer, 3, as_the_study_says), nullptr),
                       doctest::Contains("effort.measured_mean"), std::invalid_argument);
  const SweepResults at_point = planted_results(all_variants(), metrics, 3, as_the_study_says);
  const SweepResults draws = planted_results(draw_labels(2, without), metrics, 2, as_the_study_says);
  CHECK_THROWS_WITH_AS(study_findings(at_point, &draws), doctest::Contains("pre_reform"), std::invalid_argument);
}

TEST_CASE("the outputs: a readable table, versioned JSON, and HTML with every text escaped") {
  const std::vector<std::string> metrics = study_metrics();
  std::vector<std::string> labels = all_variants();
  labels.push_back("<b>odd</b>");
  Claim odd = one_claim();
  odd.claim = "a claim with <markup> & \"quotes\"";
  odd.metric = "resolution_hours.mean";
  odd.treatment = "<b>odd</b>";
  odd.base = "status_quo";
  std::vector<Claim> claims = study_claims();
  claims.push_back(odd);
  const Findings findings = test_claims(claims, planted_results(labels, metrics, 10, as_the_study_says), nullptr);

  ScratchFolder folder("findings-output");
  const std::string path = (folder.path() / "table.txt").string();
  std::FILE* file = std::fopen(path.c_str(), "w");
  REQUIRE(file != nullptr);
  print_findings(findings, file);
  std::fclose(file);
  std::ifstream in(path);
  std::string text, line;
  std::size_t widest = 0;
  while (std::getline(in, line)) {
    text += line + "\n";
    widest = std::max(widest, line.size());
  }
  CHECK(widest <= 120);
  CHECK(text.find("robustness not measured") != std::string::npos);
  CHECK(text.find("Minimum size: 5 %") != std::string::npos);
  CHECK(text.find("first in") != std::string::npos);

  FindingsMetadata metadata;
  metadata.git_commit = "abc123";
  metadata.posterior_files = {"a.db"};
  const nlohmann::ordered_json json = findings_json(findings, metadata);
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"version", "metadata", "settings", "claims", "ranking", "ranking_note"});
  CHECK(json["version"] == 1);
  CHECK(json["metadata"]["git_commit"] == "abc123");
  CHECK(json["settings"]["minimum_size_share"] == 0.05);
  CHECK(json["claims"].size() == 12);
  CHECK(json["claims"][0]["verdict"] == "mixed");
  CHECK(json["claims"][0]["robustness"]["measured"] == false);

  const std::string html = findings_html(findings);
  CHECK(html.find("<markup>") == std::string::npos);
  CHECK(html.find("&lt;markup&gt; &amp; &quot;quotes&quot;") != std::string::npos);
  CHECK(html.find("<b>odd") == std::string::npos);
  CHECK(html.find(" id=") == std::string::npos);
  CHECK(html.find("<table>") == html.rfind("<table>"));  // one table
}

TEST_CASE("the study's claims read a sweep written through the results database") {
  ScratchFolder folder("findings-database");
  std::string yaml = "base: " + std::string(TIAOKUAI_SCENARIO_DIR) + "/w-county.yaml\ndesign: variants\nreplications: 4\nvariants:\n";
  for (const std::string& role : study_roles()) yaml += "  - name: " + role + "\n    role: " + role + "\n";
  const experiments::SweepSpec spec = experiments::load_sweep(folder.write("study.yaml", yaml));
  const std::string db = (folder.path() / "results.db").string();
  const std::vector<std::string> metrics = study_metrics();
  {
    experiments::ResultsDatabase database(db, spec);
    std::vector<experiments::RunRecord> records;
    for (std::size_t run = 0; run < spec.run_count(); ++run) {
      experiments::RunRecord record;
      record.run = run;
      const std::string& label = spec.points[spec.point_of(run)].label;
      for (const std::string& metric : metrics) record.metrics.push_back({metric, as_the_study_says(label, metric, spec.replication_of(run))});
      records.push_back(record);
    }
    database.record(records);
  }
  const SweepResults loaded = SweepResults::load(db);
  const Findings from_db = study_findings(loaded, nullptr);
  const Findings in_memory = study_findings(planted_results(study_roles(), metrics, 4, as_the_study_says), nullptr);
  REQUIRE(from_db.claims.size() == in_memory.claims.size());
  for (std::size_t i = 0; i < from_db.claims.size(); ++i) {
    CHECK(from_db.claims[i].effect.value == doctest::Approx(in_memory.claims[i].effect.value));
    CHECK(from_db.claims[i].holm_p == doctest::Approx(in_memory.claims[i].holm_p));
  }
}
