#include "neurofit/io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace neurofit::io {

namespace fs = std::filesystem;

namespace {

// Flushes a written file (or folder) to the disk, so that a rename never publishes a file whose
// data a crash of the node could still lose.
void sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw std::runtime_error("cannot open '" + path.string() + "' to flush it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot flush '" + path.string() + "' to the disk");
}

}  // namespace

void write_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write) {
  // A hidden name beside the file (appended piecewise: GCC 12 warns falsely on "." + string).
  std::string tmp_name = ".";
  tmp_name += path.filename().string();
  tmp_name += ".tmp-";
  tmp_name += std::to_string(::getpid());
  const fs::path tmp = path.parent_path() / tmp_name;
  try {
    write(tmp);
    sync_path(tmp);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) throw std::runtime_error("cannot rename it: " + ec.message());
    sync_path(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  } catch (const std::runtime_error& e) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error("cannot write '" + path.string() + "': " + e.what());
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
}

void write_text_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write) {
  write_atomically(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    if (!out) throw std::runtime_error("cannot create a temporary file beside it");
    write(out);
    out.flush();
    if (!out) throw std::runtime_error("writing failed");
  });
}

}  // namespace neurofit::io
