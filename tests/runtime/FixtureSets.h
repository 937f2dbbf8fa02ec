#pragma once
// The reference fixture sets in ../shared/fixtures: every folder with a reference.safetensors
// (tiny-s1 and any other set with other shapes). Shapes and ids are always read from the files.
#include <filesystem>
#include <vector>

namespace gwb::test {

inline std::vector<std::filesystem::path> fixtureSets() {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path root = std::filesystem::path(GWB_SHARED_DIR) / "fixtures";
  if (!std::filesystem::is_directory(root)) return out;
  for (const auto& e : std::filesystem::directory_iterator(root)) {
    if (e.is_directory() && std::filesystem::exists(e.path() / "reference.safetensors")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gwb::test
