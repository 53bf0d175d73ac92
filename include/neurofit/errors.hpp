#pragma once
// Errors by cause. Bad input (a config, data or checkpoint file, a command-line value) is an
// InputError: one line that says what is wrong and where; the command prints it and exits with
// status 2. A broken invariant of neurofit itself is an InternalError (or any std::logic_error,
// such as a library function's std::invalid_argument for arguments its caller should not have
// passed): "internal error", exit 1, never reported as bad input. Anything else (I/O, HDF5, MPI,
// memory) is a run-time failure, exit 1.
#include <exception>
#include <stdexcept>
#include <string>

namespace neurofit {

// Where bad input is; each part empty (0) when unknown.
struct InputWhere {
  std::string file;  // the file, or empty for the command line
  long line = 0;     // 1-based
  long column = 0;   // 1-based
  std::string key;   // the config key or command-line option concerned

  // "file", "file:line" or "file:line:col"; "" without a file (messages name the key themselves).
  std::string text() const {
    if (file.empty()) return "";
    std::string s = file;
    if (line > 0) s.append(":").append(std::to_string(line));
    if (line > 0 && column > 0) s.append(":").append(std::to_string(column));
    return s;
  }
};

class InputError : public std::exception {
 public:
  InputError(InputWhere where, const std::string& what)
      : where_(std::move(where)),
        message_(what),
        line_(where_.text().empty() ? what : where_.text() + ": " + what) {}
  // `file` only (may be empty).
  InputError(const std::string& file, const std::string& what)
      : InputError(InputWhere{file, 0, 0, ""}, what) {}

  const char* what() const noexcept override { return line_.c_str(); }
  const InputWhere& where() const { return where_; }
  const std::string& message() const { return message_; }  // what() without the place

 private:
  InputWhere where_;
  std::string message_, line_;
};

// A broken invariant of neurofit: a bug, whatever the input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Names as a message lists them: "a, b, c".
template <class Range>
std::string join(const Range& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// The place of a 0-based line and column (as yaml-cpp and CSV readers count them) in `file`; a
// negative line or column is unknown.
inline InputWhere location(const std::string& file, long line0 = -1, long col0 = -1) {
  return {file, line0 < 0 ? 0 : line0 + 1, line0 < 0 || col0 < 0 ? 0 : col0 + 1, ""};
}

// The place of a command-line option's value, e.g. option("--top").
inline InputWhere option(const std::string& name) {
  return {"", 0, 0, name};
}

}  // namespace neurofit
