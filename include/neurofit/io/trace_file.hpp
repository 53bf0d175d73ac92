#pragma once
// Voltage traces as text: two numeric columns, t in ms and V in mV, separated by whitespace or a
// comma, with or without one header line (eFEL's test traces and `neurofit simulate --trace`
// files both read). Blank lines and lines starting with '#' are skipped.
#include <string>
#include <vector>

namespace neurofit::io {

struct TraceData {
  std::vector<double> t, v;  // [ms], [mV]
};

// InputError naming file:line for an unreadable file, a line that is not two numbers (after a
// possible header), a value that is not finite, time that does not increase, or fewer than 3
// samples (eFEL's resampling needs 3).
TraceData read_trace(const std::string& file);

// InputError naming the file unless stim_start < stim_end and both lie within the trace.
void check_stimulus_window(const TraceData& trace, const std::string& file, double stim_start,
                           double stim_end);

}  // namespace neurofit::io
