#include "neurofit/io/trace_file.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "neurofit/errors.hpp"
#include "neurofit/io/csv.hpp"

namespace neurofit::io {

namespace {

// The line's two numbers, or false when it is not two numbers.
bool two_numbers(std::string line, double& t, double& v) {
  for (char& c : line)
    if (c == ',' || c == ';') c = ' ';
  std::istringstream in(line);
  std::string a, b, rest;
  if (!(in >> a >> b) || (in >> rest)) return false;
  std::size_t used_a = 0, used_b = 0;
  try {
    t = std::stod(a, &used_a);
    v = std::stod(b, &used_b);
  } catch (const std::exception&) {
    return false;
  }
  return used_a == a.size() && used_b == b.size();
}

}  // namespace

TraceData read_trace(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file, "cannot read the file");
  TraceData d;
  std::string line;
  long number = 0;
  bool header_allowed = true;
  while (std::getline(in, line)) {
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    double t = 0, v = 0;
    if (!two_numbers(line, t, v)) {
      if (header_allowed) {  // a header line of column names
        header_allowed = false;
        continue;
      }
      throw InputError(location(file, number - 1), "expected two numbers, t [ms] and V [mV]");
    }
    header_allowed = false;
    if (!std::isfinite(t) || !std::isfinite(v))
      throw InputError(location(file, number - 1), "t and V must be finite numbers");
    if (!d.t.empty() && !(t > d.t.back()))
      throw InputError(location(file, number - 1), "time must increase: " + format_number(t) +
                                                       " ms follows " + format_number(d.t.back()) +
                                                       " ms");
    d.t.push_back(t);
    d.v.push_back(v);
  }
  if (d.t.size() < 3)
    throw InputError(
        file, "a trace needs at least 3 samples, this one has " + std::to_string(d.t.size()));
  return d;
}

void check_stimulus_window(const TraceData& trace, const std::string& file, double stim_start,
                           double stim_end) {
  if (!std::isfinite(stim_start) || !std::isfinite(stim_end) || !(stim_start < stim_end))
    throw InputError(file, "the stimulus must end after it starts (stim_start " +
                               format_number(stim_start) + " ms, stim_end " +
                               format_number(stim_end) + " ms)");
  if (stim_start < trace.t.front() || stim_end > trace.t.back())
    throw InputError(file, "the stimulus (" + format_number(stim_start) + " to " +
                               format_number(stim_end) + " ms) lies outside the trace (" +
                               format_number(trace.t.front()) + " to " +
                               format_number(trace.t.back()) + " ms)");
}

}  // namespace neurofit::io
