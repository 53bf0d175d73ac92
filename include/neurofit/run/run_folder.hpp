#pragma once
// The output folder of a run: its checkpoints and result, and a lock that marks a fit running in
// it, so that a second run does not overwrite it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace neurofit::run {

// checkpoint-<generation>.h5 files of `dir`, oldest first (temporary files are not listed).
struct CheckpointFile {
  std::uint64_t generation = 0;
  std::filesystem::path path;
};
std::vector<CheckpointFile> list_checkpoints(const std::filesystem::path& dir);
std::filesystem::path checkpoint_path(const std::filesystem::path& dir, std::uint64_t generation);

// Removes all but the newest `keep` checkpoints.
void prune_checkpoints(const std::filesystem::path& dir, long keep);

// What a resume starts from: the checkpoint of the highest generation, or result.h5 when it is
// at least as far; empty when the folder holds neither.
std::filesystem::path newest_state(const std::filesystem::path& dir);

// Creates an output folder and its parents; InputError naming it when that fails (no permission,
// or a file of that name in the way).
void create_output_folder(const std::filesystem::path& dir);
// True when the folder holds a result.h5 or a checkpoint.
bool holds_a_fit(const std::filesystem::path& dir);

// Removes result.h5 and every checkpoint (for --overwrite).
void remove_fit(const std::filesystem::path& dir);

// <dir>/.neurofit.lock, holding "host pid" of the running fit. acquire() throws InputError when
// a live process on this host holds it (a lock of a dead process, or of another host after a
// requeue, is taken over) and removes temporary files that a killed run left; the destructor
// removes the lock.
class RunLock {
 public:
  RunLock() = default;
  explicit RunLock(const std::filesystem::path& dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  // A description of a live holder of the folder's lock ("pid 123 on host"), or "" when none.
  static std::string live_holder(const std::filesystem::path& dir);

 private:
  std::filesystem::path file_;
};

}  // namespace neurofit::run
