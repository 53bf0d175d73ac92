#include "neurofit/run/run_folder.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "neurofit/errors.hpp"
#include "neurofit/io/hdf5_file.hpp"

namespace neurofit::run {

namespace fs = std::filesystem;

namespace {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// The generation a result file holds, or -1 when it cannot be read.
long result_generation(const fs::path& file) {
  try {
    auto h5 = io::hdf5::File::open_read_only(file.string());
    return static_cast<long>(io::hdf5::read_integer_attribute(h5.id(), "generation"));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

fs::path checkpoint_path(const fs::path& dir, std::uint64_t generation) {
  return dir / ("checkpoint-" + std::to_string(generation) + ".h5");
}

std::vector<CheckpointFile> list_checkpoints(const fs::path& dir) {
  std::vector<CheckpointFile> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const std::string prefix = "checkpoint-", suffix = ".h5";
    if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) ||
        !name.ends_with(suffix))
      continue;
    const std::string digits =
        name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    found.push_back({std::stoull(digits), e.path()});
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.generation < b.generation; });
  return found;
}

void prune_checkpoints(const fs::path& dir, long keep) {
  auto all = list_checkpoints(dir);
  for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < all.size(); ++i) {
    std::error_code ec;
    fs::remove(all[i].path, ec);
  }
}

fs::path newest_state(const fs::path& dir) {
  const auto all = list_checkpoints(dir);
  const fs::path result = dir / "result.h5";
  std::error_code ec;
  if (fs::exists(result, ec) &&
      (all.empty() || result_generation(result) >= static_cast<long>(all.back().generation)))
    return result;
  return all.empty() ? fs::path() : all.back().path;
}

void create_output_folder(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw InputError("", "cannot create the output folder '" + dir.string() + "'" +
                             (ec ? ": " + ec.message() : ": a file of that name is in the way"));
}

bool holds_a_fit(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "result.h5", ec) || !list_checkpoints(dir).empty();
}

void remove_fit(const fs::path& dir) {
  std::error_code ec;
  fs::remove(dir / "result.h5", ec);
  for (const auto& c : list_checkpoints(dir)) fs::remove(c.path, ec);
}

std::string RunLock::live_holder(const fs::path& dir) {
  std::ifstream in(dir / ".neurofit.lock");
  std::string host;
  long pid = 0;
  if (!(in >> host >> pid) || pid <= 0) return "";
  if (host != host_name()) return "";  // another node: after a requeue, not checkable; taken over
  if (pid == ::getpid()) return "";
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return "";
  return "pid " + std::to_string(pid) + " on " + host;
}

RunLock::RunLock(const fs::path& dir) {
  const std::string holder = live_holder(dir);
  if (!holder.empty())
    throw InputError(dir.string(), "a fit is running in this folder (" + holder +
                                       "); wait for it, or stop it first");
  file_ = dir / ".neurofit.lock";
  std::ofstream(file_) << host_name() << ' ' << ::getpid() << '\n';
  // Temporary files of a run that was killed while writing (no live run owns them now).
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".") && name.find(".h5.tmp-") != std::string::npos)
      fs::remove(e.path(), ec);
  }
}

RunLock::~RunLock() {
  if (file_.empty()) return;
  std::error_code ec;
  fs::remove(file_, ec);
}

}  // namespace neurofit::run
