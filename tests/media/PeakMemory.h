#pragma once
// Peak resident memory of this process, for tests that bound what a decoder allocates: reset the
// high-water mark (Linux: writing 5 to /proc/self/clear_refs), run the code, then compare VmHWM
// with the VmRSS from before it.
#include <fstream>
#include <string>

namespace gwb::media::test {

inline long procStatusKiB(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(status, line))
    if (line.rfind(prefix, 0) == 0) return std::stol(line.substr(prefix.size()));
  return -1;
}

// Starts a fresh measurement; returns the resident size now (KiB).
inline long resetPeakResident() {
  std::ofstream("/proc/self/clear_refs") << "5";
  return procStatusKiB("VmRSS");
}

inline long peakResidentSinceResetKiB() { return procStatusKiB("VmHWM"); }

}  // namespace gwb::media::test
