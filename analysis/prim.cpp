#include "analysis/prim.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

namespace tiaokuai::analysis {
namespace {

// EMA's get_quantile: the value at position (n - 1) q of the sorted data,
// moved off a run of ties to halfway between it and the next distinct value
// (outwards from the median), so that a cut never splits equal values.
double tie_aware_quantile(std::vector<double> data, double q) {
  std::sort(data.begin(), data.end());
  const double position = static_cast<double>(data.size() - 1) * q;
  auto below = static_cast<std::size_t>(std::floor(position));
  auto above = static_cast<std::size_t>(std::ceil(position));
  if (q > 0.5) {
    while (data[below] == data[above] && below > 0) --below;
  } else {
    while (data[below] == data[above] && above + 1 < data.size()) ++above;
  }
  return (data[below] + data[above]) / 2;
}

class Peeler {
 public:
  Peeler(const Eigen::MatrixXd& x, const std::vector<bool>& of_interest) : x_(x), of_interest_(of_interest) {
    for (const bool interesting : of_interest) total_of_interest_ += interesting ? 1 : 0;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      full_low_.push_back(x.col(j).minCoeff());
      full_high_.push_back(x.col(j).maxCoeff());
    }
  }

  const std::vector<double>& full_low() const { return full_low_; }
  const std::vector<double>& full_high() const { return full_high_; }
  std::size_t total_of_interest() const { return total_of_interest_; }

  // A dimension is restricted when the box is narrower than the cases' range in it.
  bool restricts(std::size_t j, const std::vector<double>& low, const std::vector<double>& high) const {
    return low[j] > full_low_[j] || high[j] < full_high_[j];
  }
  std::size_t restricted_count(const std::vector<double>& low, const std::vector<double>& high) const {
    std::size_t count = 0;
    for (std::size_t j = 0; j < low.size(); ++j) count += restricts(j, low, high) ? 1 : 0;
    return count;
  }

  bool inside(Eigen::Index row, const std::vector<double>& low, const std::vector<double>& high) const {
    for (std::size_t j = 0; j < low.size(); ++j) {
      const double v = x_(row, static_cast<Eigen::Index>(j));
      if (v < low[j] || v > high[j]) return false;
    }
    return true;
  }

  std::vector<Eigen::Index> cases_inside(const std::vector<double>& low, const std::vector<double>& high) const {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < x_.rows(); ++i) {
      if (inside(i, low, high)) rows.push_back(i);
    }
    return rows;
  }

  std::size_t of_interest_among(const std::vector<Eigen::Index>& rows) const {
    std::size_t count = 0;
    for (const Eigen::Index i : rows) count += of_interest_[static_cast<std::size_t>(i)] ? 1 : 0;
    return count;
  }

  PrimBox box(std::vector<double> low, std::vector<double> high, const std::vector<Eigen::Index>& rows) const {
    PrimBox box;
    box.cases = rows.size();
    box.cases_of_interest = of_interest_among(rows);
    box.coverage = static_cast<double>(box.cases_of_interest) / static_cast<double>(total_of_interest_);
    box.density = static_cast<double>(box.cases_of_interest) / static_cast<double>(box.cases);
    box.mass = static_cast<double>(box.cases) / static_cast<double>(x_.rows());
    box.restricted_dimensions = restricted_count(low, high);
    box.low = std::move(low);
    box.high = std::move(high);
    return box;
  }

  // The best single cut of the box holding `rows`, or none that raises
  // its density. Ties go to the cut leaving fewer dimensions restricted,
  // then to the lower dimension, then to its lower side: the same data
  // always peel the same way.
  struct Cut {
    std::vector<double> low, high;
    std::vector<Eigen::Index> rows;
    double objective = 0;
    std::size_t restricted = 0;
  };
  std::optional<Cut> best_cut(const PrimBox& current, const std::vector<Eigen::Index>& rows, double peel_alpha) const {
    std::optional<Cut> best;
    const double density = current.density;
    for (std::size_t j = 0; j < current.low.size(); ++j) {
      std::vector<double> values;
      values.reserve(rows.size());
      for (const Eigen::Index i : rows) values.push_back(x_(i, static_cast<Eigen::Index>(j)));
      for (const bool lower_side : {true, false}) {
        const double limit = tie_aware_quantile(values, lower_side ? peel_alpha : 1 - peel_alpha);
        Cut cut{current.low, current.high, {}, 0, 0};
        (lower_side ? cut.low[j] : cut.high[j]) = limit;
        for (const Eigen::Index i : rows) {
          const double v = x_(i, static_cast<Eigen::Index>(j));
          if (lower_side ? v >= limit : v <= limit) cut.rows.push_back(i);
        }
        if (cut.rows.empty() || cut.rows.size() == rows.size()) continue;  // removes nothing, or everything
        const double new_density = static_cast<double>(of_interest_among(cut.rows)) / static_cast<double>(cut.rows.size());
        // EMA's lenient1: the gain in density per case removed, so a cut
        // of a few cases at a tie competes fairly with a full slice.
        cut.objective = (new_density - density) / static_cast<double>(rows.size() - cut.rows.size());
        cut.restricted = restricted_count(cut.low, cut.high);
        if (!best || cut.objective > best->objective || (cut.objective == best->objective && cut.restricted < best->restricted)) {
          best = std::move(cut);
        }
      }
    }
    if (best && !(best->objective > 0)) return std::nullopt;
    return best;
  }

 private:
  const Eigen::MatrixXd& x_;
  const std::vector<bool>& of_interest_;
  std::size_t total_of_interest_ = 0;
  std::vector<double> full_low_, full_high_;
};

void check_input(const Eigen::MatrixXd& x, const std::vector<bool>& of_interest, const PrimSettings& settings) {
  if (x.rows() == 0) throw std::invalid_argument("PRIM needs cases; there are none");
  if (static_cast<std::size_t>(x.rows()) != of_interest.size()) {
    throw std::invalid_argument("PRIM: " + std::to_string(x.rows()) + " cases but " + std::to_string(of_interest.size()) +
                                " case-of-interest flags");
  }
  if (x.cols() == 0) throw std::invalid_argument("PRIM needs at least one dimension");
  if (!x.allFinite()) throw std::invalid_argument("PRIM: every input must be a finite number");
  const auto interesting = static_cast<std::size_t>(std::count(of_interest.begin(), of_interest.end(), true));
  if (interesting == 0) throw std::invalid_argument("PRIM: no case is of interest, so there is no box to find");
  if (interesting == of_interest.size()) throw std::invalid_argument("PRIM: every case is of interest, so there is no box to find");
  bool varies = false;
  for (Eigen::Index j = 0; j < x.cols(); ++j) varies = varies || x.col(j).maxCoeff() > x.col(j).minCoeff();
  if (!varies) throw std::invalid_argument("PRIM: no dimension varies across the cases");
  if (!(settings.peel_alpha > 0 && settings.peel_alpha < 0.5)) throw std::invalid_argument("PRIM: peel_alpha must be in (0, 0.5)");
  if (!(settings.min_mass > 0 && settings.min_mass <= 1)) throw std::invalid_argument("PRIM: min_mass must be in (0, 1]");
  if (!(settings.density_threshold > 0 && settings.density_threshold <= 1)) {
    throw std::invalid_argument("PRIM: the density threshold must be in (0, 1]");
  }
}

}  // namespace

double binomial_upper_tail(std::size_t n, std::size_t k, double p) {
  if (k == 0) return 1.0;
  if (k > n) return 0.0;
  const boost::math::binomial_distribution<double> binomial(static_cast<double>(n), p);
  return boost::math::cdf(boost::math::complement(binomial, static_cast<double>(k - 1)));
}

std::size_t choose_box(const std::vector<PrimBox>& trajectory, double density_threshold) {
  std::size_t densest = 0;
  for (std::size_t i = 0; i < trajectory.size(); ++i) {
    if (trajectory[i].density >= density_threshold) return i;
    if (trajectory[i].density > trajectory[densest].density) densest = i;
  }
  return densest;
}

PrimResult prim(const Eigen::MatrixXd& x, const std::vector<bool>& of_interest, const PrimSettings& settings) {
  check_input(x, of_interest, settings);
  const Peeler peeler(x, of_interest);
  PrimResult result;
  result.full_low = peeler.full_low();
  result.full_high = peeler.full_high();
  result.cases = static_cast<std::size_t>(x.rows());
  result.cases_of_interest = peeler.total_of_interest();

  std::vector<Eigen::Index> rows = peeler.cases_inside(result.full_low, result.full_high);
  result.trajectory.push_back(peeler.box(result.full_low, result.full_high, rows));
  while (const std::optional<Peeler::Cut> cut = peeler.best_cut(result.trajectory.back(), rows, settings.peel_alpha)) {
    if (static_cast<double>(cut->rows.size()) < settings.min_mass * static_cast<double>(result.cases)) break;
    rows = cut->rows;
    result.trajectory.push_back(peeler.box(cut->low, cut->high, rows));
  }

  result.chosen = choose_box(result.trajectory, settings.density_threshold);
  const PrimBox& chosen = result.trajectory[result.chosen];
  result.chosen_meets_density = chosen.density >= settings.density_threshold;
  for (std::size_t j = 0; j < chosen.low.size(); ++j) {
    if (!peeler.restricts(j, chosen.low, chosen.high)) continue;
    std::vector<double> low = chosen.low, high = chosen.high;
    low[j] = result.full_low[j];
    high[j] = result.full_high[j];
    const std::vector<Eigen::Index> unrestricted = peeler.cases_inside(low, high);
    const double density_without = static_cast<double>(peeler.of_interest_among(unrestricted)) / static_cast<double>(unrestricted.size());
    result.restrictions.push_back({j, chosen.low[j], chosen.high[j], binomial_upper_tail(chosen.cases, chosen.cases_of_interest, density_without)});
  }
  return result;
}

}  // namespace tiaokuai::analysis
