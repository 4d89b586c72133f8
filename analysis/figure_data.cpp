#include "analysis/figure_data.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "analysis/svg_figure.hpp"
#include "models/csv.hpp"

namespace tiaokuai::analysis {

void FigureData::add(std::vector<Cell> row) {
  if (row.size() != columns_.size()) throw std::logic_error("FigureData: a row of " + std::to_string(row.size()) + " cells for " + std::to_string(columns_.size()) + " columns");
  rows_.push_back(std::move(row));
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string FigureData::csv() const {
  std::string text;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c > 0) text += ',';
    text += models::csv_field(columns_[c]);
  }
  text += '\n';
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) text += ',';
      if (const double* number = std::get_if<double>(&row[c])) {
        if (!std::isnan(*number)) text += number_text(*number);
      } else {
        text += models::csv_field(std::get<std::string>(row[c]));
      }
    }
    text += '\n';
  }
  return text;
}

// A key column past the last matches every row.
std::string FigureData::datablock(const std::string& name) const { return datablock(name, columns_.size(), Cell()); }

std::string FigureData::datablock(const std::string& name, std::size_t key_column, const Cell& key) const {
  std::string text = "$" + name + " << EOD\n";
  for (const auto& row : rows_) {
    if (key_column < row.size() && row[key_column] != key) continue;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) text += ' ';
      if (const double* number = std::get_if<double>(&row[c])) {
        text += std::isnan(*number) ? "NaN" : number_text(*number);
      } else {
        text += gnuplot_data_field(std::get<std::string>(row[c]));
      }
    }
    text += '\n';
  }
  return text + "EOD\n";
}

}  // namespace tiaokuai::analysis
