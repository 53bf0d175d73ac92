#pragma once
// Comma-separated tables: reading with errors that name file:line:column, writing numbers in the
// shortest form that reads back to the same double.
#include <string>
#include <vector>

#include <Eigen/Core>

namespace neurofit::io {

struct CsvTable {
  std::vector<std::string> header;
  long header_line = 0;  // 1-based file line of the header
  std::vector<std::vector<std::string>> rows;
  std::vector<long> line;  // 1-based file line of each row
};

// Reads a CSV file with a header line. Blank lines and lines starting with '#' are skipped; cells
// are trimmed. InputError for an unreadable or empty file, or a row with the wrong cell count.
CsvTable read_csv(const std::string& file);

// The columns named `names` (each exactly once, any order) as a names.size() x rows matrix.
// InputError naming file:line:column for a missing, unknown or repeated column, a cell that is
// not a finite number, or a file without data rows.
Eigen::MatrixXd read_named_columns(const std::string& file, const std::vector<std::string>& names);

// Shortest decimal text that parses back to exactly x ("nan", "inf", "-inf" otherwise).
std::string format_number(double x);

}  // namespace neurofit::io
