#include "neurofit/cli/progress.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>

#include "neurofit/cli/run_report.hpp"

namespace neurofit::cli {

std::string human_duration(double seconds) {
  if (!(seconds >= 0)) return "-";
  if (seconds < 60) return short_number(seconds, 2) + " s";
  if (seconds < 3600) return short_number(seconds / 60, 2) + " min";
  return short_number(seconds / 3600, 3) + " h";
}

ProgressLines::ProgressLines(std::ostream& out, std::vector<std::string> objective_names,
                             std::string best_label, std::uint64_t last_generation,
                             std::uint64_t every, bool bar)
    : out_(out),
      names_(std::move(objective_names)),
      best_label_(std::move(best_label)),
      last_generation_(last_generation),
      every_(std::max<std::uint64_t>(every, 1)),
      bar_(bar) {}

ProgressLines::~ProgressLines() {
  clear_bar();
}

void ProgressLines::clear_bar() {
  if (!bar_shown_) return;
  out_ << "\r\033[K" << std::flush;  // carriage return, erase the line
  bar_shown_ = false;
}

void ProgressLines::operator()(const evo::GenerationRecord& r) {
  clear_bar();
  const bool line = r.generation % every_ == 0 || r.generation >= last_generation_ || !started_;
  if (!line) {
    if (bar_) draw_bar(r);
    return;
  }
  if (!started_) {
    out_ << std::setw(5) << "gen" << std::setw(10) << "evals" << std::setw(9) << "evals/s"
         << std::setw(10) << "elapsed" << std::setw(10) << "left" << std::setw(6) << "migr"
         << std::setw(8) << "archive" << std::setw(12) << "hypervolume"
         << "  " << best_label_ << ':';
    for (const auto& n : names_) out_ << ' ' << std::setw(std::max<int>(7, int(n.size()))) << n;
    out_ << '\n';
    started_ = true;
    first_ = previous_ = r;
  }
  const double dt = r.seconds - previous_.seconds;
  const double rate = dt > 0 ? static_cast<double>(r.evaluations - previous_.evaluations) / dt : 0;
  std::string left = "-";
  if (r.generation > first_.generation && r.generation <= last_generation_)
    left = human_duration((r.seconds - first_.seconds) /
                          static_cast<double>(r.generation - first_.generation) *
                          static_cast<double>(last_generation_ - r.generation));
  out_ << std::setw(5) << r.generation << std::setw(10) << r.evaluations << std::setw(9)
       << (dt > 0 ? std::to_string(std::llround(rate)) : "-") << std::setw(10)
       << human_duration(r.seconds) << std::setw(10) << left << std::setw(6) << r.migrations
       << std::setw(8) << r.archive_size << std::setw(12)
       << (std::isnan(r.hypervolume) ? std::string("-") : short_number(r.hypervolume, 6)) << "  "
       << std::string(best_label_.size() + 1, ' ');
  for (std::size_t k = 0; k < names_.size(); ++k) {
    const auto k_i = static_cast<Eigen::Index>(k);
    const double b = k_i < r.best.size() ? r.best[k_i] : std::nan("");
    out_ << ' ' << std::setw(std::max<int>(7, int(names_[k].size()))) << short_number(b, 4);
  }
  out_ << std::endl;  // flushed: progress shows as it happens, also through a pipe or a log
  previous_ = r;
  if (bar_ && r.generation < last_generation_) draw_bar(r);
}

void ProgressLines::draw_bar(const evo::GenerationRecord& r) {
  const double done =
      last_generation_ ? static_cast<double>(r.generation) / static_cast<double>(last_generation_)
                       : 1.0;
  const int width = 30, filled = static_cast<int>(done * width);
  std::string left = "-";
  if (r.generation > first_.generation && r.generation <= last_generation_)
    left = human_duration((r.seconds - first_.seconds) /
                          static_cast<double>(r.generation - first_.generation) *
                          static_cast<double>(last_generation_ - r.generation));
  out_ << '[' << std::string(filled, '=') << std::string(width - filled, ' ') << "] "
       << static_cast<int>(100 * done) << "%  generation " << r.generation << '/'
       << last_generation_ << ", " << r.evaluations << " evaluations, " << left << " left"
       << std::flush;
  bar_shown_ = true;
}

}  // namespace neurofit::cli
