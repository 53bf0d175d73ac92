#include "neurofit/io/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

#include "neurofit/errors.hpp"

namespace neurofit::io {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells(1);
  for (char c : line) {
    if (c == ',')
      cells.emplace_back();
    else
      cells.back() += c;
  }
  for (auto& c : cells) c = trim(c);
  return cells;
}

// A cell's place: `line` 1-based, `column` 0-based.
InputWhere at(const std::string& file, long line, std::size_t column) {
  return location(file, line - 1, static_cast<long>(column));
}

}  // namespace

CsvTable read_csv(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file, "cannot read the file");
  CsvTable t;
  std::string line;
  long number = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++number;
    const auto content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    auto cells = split(line);
    if (!have_header) {
      t.header = std::move(cells);
      t.header_line = number;
      have_header = true;
      continue;
    }
    if (cells.size() != t.header.size())
      throw InputError(location(file, number - 1), "expected " + std::to_string(t.header.size()) +
                                                       " cells as in the header, found " +
                                                       std::to_string(cells.size()));
    t.rows.push_back(std::move(cells));
    t.line.push_back(number);
  }
  if (!have_header) throw InputError(file, "empty file: expected a header line of column names");
  return t;
}

Eigen::MatrixXd read_named_columns(const std::string& file, const std::vector<std::string>& names) {
  const auto t = read_csv(file);
  std::vector<int> column_of(names.size(), -1);
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const auto it = std::find(names.begin(), names.end(), t.header[c]);
    if (it == names.end())
      throw InputError(at(file, t.header_line, c),
                       "unknown column '" + t.header[c] + "' (expected: " + join(names) + ")");
    auto& slot = column_of[static_cast<std::size_t>(it - names.begin())];
    if (slot >= 0)
      throw InputError(at(file, t.header_line, c), "column '" + t.header[c] + "' appears twice");
    slot = static_cast<int>(c);
  }
  for (std::size_t k = 0; k < names.size(); ++k)
    if (column_of[k] < 0)
      throw InputError(location(file, t.header_line - 1), "missing column '" + names[k] + "'");
  if (t.rows.empty()) throw InputError(file, "no data rows below the header");

  Eigen::MatrixXd m(static_cast<Eigen::Index>(names.size()),
                    static_cast<Eigen::Index>(t.rows.size()));
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t k = 0; k < names.size(); ++k) {
      const auto c = static_cast<std::size_t>(column_of[k]);
      const auto& cell = t.rows[r][c];
      double x = 0;
      // from_chars takes no leading '+'; spreadsheets write one.
      const char* first = cell.data() + (cell.size() > 1 && cell[0] == '+' && cell[1] != '-');
      const auto [ptr, ec] = std::from_chars(first, cell.data() + cell.size(), x);
      if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size() ||
          !std::isfinite(x))
        throw InputError(at(file, t.line[r], c),
                         "'" + cell + "' in column '" + names[k] + "' is not a finite number");
      m(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(r)) = x;
    }
  }
  return m;
}

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, ptr);
}

}  // namespace neurofit::io
