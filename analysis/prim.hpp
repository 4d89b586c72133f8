#pragma once
// The Patient Rule Induction Method (Friedman and Fisher 1999) for scenario
// discovery (Bryant and Lempert 2010), peeling as the EMA Workbench does
// it: a box (one interval per dimension) starts around every case and is
// peeled one slice at a time. Each step tries, for every dimension, cutting
// the box's cases below its peel_alpha quantile or above its 1 - peel_alpha
// quantile, and keeps the cut that raises the density of cases of interest
// most per case removed (EMA's "lenient1" objective). Peeling stops when no
// cut raises the density or the next box would hold less than min_mass of
// the cases. Every box on the way is kept: the trajectory trades coverage
// for density, and the analyst picks the box.
//
// Quantiles are EMA's (after RAND's sdtoolkit): a cut falls halfway between
// two distinct values, so a factor with few levels is cut between levels,
// never through a tie.

#include <Eigen/Dense>
#include <cstddef>
#include <vector>

namespace tiaokuai::analysis {

struct PrimSettings {
  double peel_alpha = 0.05;         // share of the box's cases one cut removes, in (0, 0.5)
  double min_mass = 0.05;           // the smallest share of all cases a box may hold, in (0, 1]
  double density_threshold = 0.8;   // the chosen box is the first this dense, in (0, 1]
};

struct PrimBox {
  std::vector<double> low, high;  // per dimension; a case is inside when low <= x <= high in every one
  std::size_t cases = 0;              // cases inside
  std::size_t cases_of_interest = 0;  // of which of interest
  double coverage = 0;  // share of all cases of interest that are inside
  double density = 0;   // share of the cases inside that are of interest
  double mass = 0;      // share of all cases that are inside
  std::size_t restricted_dimensions = 0;  // dimensions whose limits are narrower than the cases' range
};

struct PrimRestriction {
  std::size_t dimension = 0;
  double low = 0, high = 0;  // the chosen box's limits
  // P(Binomial(n, p) >= k) for the chosen box's n cases and k cases of
  // interest, p the density of the box without this restriction: how likely
  // the restriction's gain in density is by chance (Bryant and Lempert
  // 2010). Small: the restriction matters.
  double quasi_p = 0;
};

struct PrimResult {
  std::vector<double> full_low, full_high;  // the cases' range per dimension: the first box
  std::size_t cases = 0, cases_of_interest = 0;
  std::vector<PrimBox> trajectory;  // from the first box (every case) to the last peel; mass falls along it
  std::size_t chosen = 0;           // index into trajectory
  bool chosen_meets_density = false;  // false: no box reached the threshold and the densest was chosen
  std::vector<PrimRestriction> restrictions;  // the chosen box's restricted dimensions, in dimension order
};

// `x` holds one case per row and one dimension per column; of_interest[i]
// says whether case i is a case of interest. Throws std::invalid_argument
// for no cases, a size mismatch, a value that is not finite, no case of
// interest or only cases of interest (nothing to separate), no dimension
// that varies, and settings outside their ranges.
PrimResult prim(const Eigen::MatrixXd& x, const std::vector<bool>& of_interest, const PrimSettings& settings = {});

// P(X >= k) for X ~ Binomial(n, p): the quasi-p-value's one-sided test.
double binomial_upper_tail(std::size_t n, std::size_t k, double p);

// The box index the density threshold chooses: the first box of the
// trajectory (the one with the most coverage) whose density reaches it,
// else the densest (the first of equals).
std::size_t choose_box(const std::vector<PrimBox>& trajectory, double density_threshold);

}  // namespace tiaokuai::analysis
