#pragma once
// Writes a text file through a temporary name and a rename, so that a reader never sees a
// half-written file and an existing file stays intact when writing fails.
#include <fstream>
#include <functional>
#include <string>

namespace neurofit::cli {

// Calls write(stream) on a temporary file beside `path`, then renames it to `path`.
// Throws std::runtime_error naming the path when the file cannot be written.
void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& write);

}  // namespace neurofit::cli
