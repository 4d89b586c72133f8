#pragma once
// The numbers a report figure draws, held once and written twice: as the
// gnuplot datablock the plot reads and as the CSV file beside the SVG
// (figure.hpp), so the CSV holds exactly what is plotted.

#include <string>
#include <variant>
#include <vector>

namespace tiaokuai::analysis {

class FigureData {
 public:
  using Cell = std::variant<double, std::string>;

  explicit FigureData(std::vector<std::string> columns) : columns_(std::move(columns)) {}

  void add(std::vector<Cell> row);
  std::size_t rows() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }

  // RFC 4180 with a header line; a NaN is an empty field.
  std::string csv() const;
  // `$name << EOD` ... `EOD`: whitespace-separated, text fields quoted for
  // gnuplot (gnuplot_data_field), a NaN as NaN (gnuplot skips the point).
  // Column n of the CSV is column n of the plot's `using`.
  std::string datablock(const std::string& name) const;
  // Only the rows whose column `key_column` (from 0) holds `key`: one
  // series of the plot, in a block of its own.
  std::string datablock(const std::string& name, std::size_t key_column, const Cell& key) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// Ten significant digits: enough for any plotted value, the same bytes on
// every machine.
std::string number_text(double value);

}  // namespace tiaokuai::analysis
