#include "analysis/regression.hpp"

#include <cmath>
#include <stdexcept>

namespace tiaokuai::analysis {

RegressionFit ordinary_least_squares(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, std::vector<std::string> terms) {
  const auto n = x.rows(), p = x.cols();
  if (n <= p) throw std::invalid_argument("a regression needs more observations than terms");
  RegressionFit fit;
  fit.terms = std::move(terms);
  fit.observations = static_cast<std::size_t>(n);
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  fit.coefficients = qr.solve(y);
  const Eigen::VectorXd residuals = y - x * fit.coefficients;
  const double rss = residuals.squaredNorm();
  const double tss = (y.array() - y.mean()).square().sum();
  fit.r_squared = tss > 0 ? 1.0 - rss / tss : 1.0;
  const double sigma2 = rss / static_cast<double>(n - p);
  const Eigen::MatrixXd covariance = (x.transpose() * x).ldlt().solve(Eigen::MatrixXd::Identity(p, p)) * sigma2;
  fit.standard_errors = covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
  return fit;
}

RegressionFit lever_metamodel(const SweepResults& results, std::size_t metric, bool interactions) {
  std::vector<std::size_t> used;
  for (const VaryingNumericFactor& factor : results.varying_numeric_factors()) used.push_back(factor.factor);
  std::vector<std::vector<double>> rows;
  std::vector<double> ys;
  for (std::size_t p = 0; p < results.points(); ++p) {
    for (int r = 0; r < results.replications; ++r) {
      const double y = results.value(p, r, metric);
      if (std::isnan(y)) continue;
      std::vector<double> row;
      for (const std::size_t f : used) row.push_back(results.numbers[p][f]);
      rows.push_back(std::move(row));
      ys.push_back(y);
    }
  }
  const auto n = static_cast<Eigen::Index>(ys.size());
  const auto k = static_cast<Eigen::Index>(used.size());
  Eigen::MatrixXd z(n, k);
  Eigen::VectorXd y = Eigen::Map<Eigen::VectorXd>(ys.data(), n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) z(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  }
  // Takes columns of z (Eigen blocks, by value, writing through) and y (by
  // reference): either way the data itself is standardised.
  const auto standardise = [](auto&& column) {
    const double mean = column.mean();
    const double sd = std::sqrt((column.array() - mean).square().sum() / std::max<double>(1.0, static_cast<double>(column.size() - 1)));
    column = (column.array() - mean) / (sd > 0 ? sd : 1.0);
  };
  for (Eigen::Index j = 0; j < k; ++j) standardise(z.col(j));
  standardise(y);

  std::vector<std::string> terms{"(intercept)"};
  for (const std::size_t f : used) terms.push_back(results.factors[f]);
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  if (interactions) {
    for (Eigen::Index a = 0; a < k; ++a) {
      for (Eigen::Index b = a + 1; b < k; ++b) {
        pairs.emplace_back(a, b);
        terms.push_back(results.factors[used[static_cast<std::size_t>(a)]] + " x " + results.factors[used[static_cast<std::size_t>(b)]]);
      }
    }
  }
  Eigen::MatrixXd x(n, 1 + k + static_cast<Eigen::Index>(pairs.size()));
  x.col(0).setOnes();
  x.middleCols(1, k) = z;
  for (std::size_t q = 0; q < pairs.size(); ++q) {
    x.col(1 + k + static_cast<Eigen::Index>(q)) = z.col(pairs[q].first).cwiseProduct(z.col(pairs[q].second));
  }
  return ordinary_least_squares(x, y, std::move(terms));
}

}  // namespace tiaokuai::analysis
