#pragma once
// Whole files as byte strings, for tests: reading fixtures and references, writing made-up or
// damaged inputs.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace gwb::test {

// The bytes of `path`; "" when it cannot be read (the comparison that follows then fails).
inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Replaces `path` with `bytes`; false when it cannot be written.
inline bool writeFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace gwb::test
