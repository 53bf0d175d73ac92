#pragma once
// Bad input (a config, data or checkpoint file, a command-line value): one line that says what
// is wrong and where (file:line:col when known). The command prints it and exits with status 2.
#include <stdexcept>
#include <string>

namespace neurofit {

class InputError : public std::invalid_argument {
 public:
  // where: "file", "file:line" or "file:line:col"; empty when there is no file.
  InputError(const std::string& where, const std::string& what)
      : std::invalid_argument(where.empty() ? what : where + ": " + what) {}
};

// Names as a message lists them: "a, b, c".
template <class Range>
std::string join(const Range& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// "file:line:col" with 1-based line and column from 0-based ones (as yaml-cpp and CSV readers
// count), or just "file" when the line is unknown (negative).
inline std::string location(const std::string& file, long line0 = -1, long col0 = -1) {
  std::string s = file;
  if (line0 < 0) return s;
  s.append(":").append(std::to_string(line0 + 1));
  if (col0 >= 0) s.append(":").append(std::to_string(col0 + 1));
  return s;
}

}  // namespace neurofit
