#pragma once
// SHA-256 (FIPS 180-4) of a text, as 64 lower-case hex digits: checkpoints record the hash of the
// config they were made with.
#include <string>
#include <string_view>

namespace neurofit::io {

std::string sha256_hex(std::string_view data);

}  // namespace neurofit::io
