// `neurofit features TRACE --stim-start MS --stim-end MS`: eFEL's features of a recorded or
// simulated voltage trace, as a table or as eFEL's JSON (feature name -> list of numbers).
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "neurofit/cli/commands.hpp"
#include "neurofit/cli/run_report.hpp"
#include "neurofit/ephys/efel.hpp"
#include "neurofit/errors.hpp"
#include "neurofit/io/csv.hpp"
#include "neurofit/io/trace_file.hpp"

namespace neurofit::cli {

namespace {

namespace efel = ephys::efel;

std::vector<std::string> chosen_features(const FeaturesOptions& o) {
  if (o.names.empty()) {
    std::vector<std::string> all;
    for (const auto& f : efel::features) all.emplace_back(f.name);
    return all;
  }
  for (const auto& n : o.names) {
    if (efel::find_feature(n)) continue;
    std::string known;
    for (const auto& f : efel::features) known += (known.empty() ? "" : ", ") + std::string(f.name);
    throw InputError(option("--features"),
                     "--features: unknown feature '" + n + "' (known: " + known + ")");
  }
  return o.names;
}

void print_json(std::ostream& out, const std::vector<std::string>& names,
                const efel::TraceFeatures& f) {
  out << '{';
  std::string sep;
  for (const auto& n : names) {
    out << std::exchange(sep, ", ") << '"' << n << "\": [";
    std::string vsep;
    for (double x : f.get(n)) out << std::exchange(vsep, ", ") << io::format_number(x);
    out << ']';
  }
  out << "}\n";
}

void print_table(std::ostream& out, const std::vector<std::string>& names,
                 const efel::TraceFeatures& f) {
  for (const auto& n : names) {
    const auto values = f.get(n);
    std::vector<std::string> cells;
    for (double x : values) cells.push_back(short_number(x));
    if (cells.empty()) cells.emplace_back("-");
    std::string joined;
    for (const auto& c : cells) joined += (joined.empty() ? "" : " ") + c;
    const std::string unit(efel::find_feature(n)->unit);
    out << "  " << n << std::string(n.size() < 30 ? 30 - n.size() : 1, ' ') << joined
        << (unit.empty() ? "" : "  " + unit) << '\n';
  }
}

}  // namespace

int features_command(const FeaturesOptions& o) {
  if (!(o.settings.interp_step > 0))
    throw InputError(option("--interp-step"), "--interp-step: must be > 0 ms");
  if (o.settings.derivative_window < 1)
    throw InputError(option("--derivative-window"), "--derivative-window: must be >= 1");
  const std::vector<std::string> names = chosen_features(o);
  const io::TraceData trace = io::read_trace(o.trace);
  io::check_stimulus_window(trace, o.trace, o.stim_start, o.stim_end);
  if ((trace.t.back() - trace.t.front()) / o.settings.interp_step > 1e8)
    throw InputError(option("--interp-step"),
                     "--interp-step: the resampled trace would exceed 1e8 samples");
  const efel::TraceFeatures f(trace.t, trace.v, o.stim_start, o.stim_end, o.settings);
  if (o.json)
    print_json(std::cout, names, f);
  else
    print_table(std::cout, names, f);
  return exit_ok;
}

}  // namespace neurofit::cli
