#pragma once
// The progress of `neurofit run` on rank 0: a header, then one line per gathered generation with
// the generation, total evaluations, evaluations per second since the previous line, elapsed and
// estimated remaining time, migrations, archive size, hypervolume and the best value of each
// objective (best z per feature for fits). Lines come every `every` generations (and at the
// last); on a terminal a live bar below them shows every generation. Written to a file or pipe,
// the output is plain lines without control characters.
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "neurofit/evo/history.hpp"

namespace neurofit::cli {

class ProgressLines {
 public:
  // best_label: "best z" for fits, "best f" for test problems; last_generation: of the run, for
  // the estimate of the remaining time.
  ProgressLines(std::ostream& out, std::vector<std::string> objective_names, std::string best_label,
                std::uint64_t last_generation, std::uint64_t every = 1, bool bar = false);
  ~ProgressLines();
  void operator()(const evo::GenerationRecord& record);
  // Removes the live bar (before other output).
  void clear_bar();

 private:
  std::ostream& out_;
  std::vector<std::string> names_;
  std::string best_label_;
  std::uint64_t last_generation_;
  std::uint64_t every_;
  bool bar_;
  bool bar_shown_ = false;
  bool started_ = false;
  void draw_bar(const evo::GenerationRecord& record);

  evo::GenerationRecord first_, previous_;  // the first line's record, for the time estimate
};

// "42 s", "7.5 min", "2.1 h": a duration for people.
std::string human_duration(double seconds);

}  // namespace neurofit::cli
