#pragma once
// The one way neurofit publishes a file: written under a temporary name beside it, flushed to
// the disk (fsync), renamed over `path`, and the folder flushed too, so that a reader, or a node
// that crashes, sees either the old file or the complete new one. On failure the temporary file
// is removed and `path` stays as it was.
#include <filesystem>
#include <functional>
#include <iosfwd>

namespace neurofit::io {

// Calls `write` with the temporary path to create, then publishes it as `path`. Errors: a
// std::runtime_error naming `path`; exceptions of `write` pass through unchanged.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& tmp)>& write);

// A text file: calls `write` on a stream to the temporary file.
void write_text_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write);

}  // namespace neurofit::io
