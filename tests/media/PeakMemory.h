#pragma once
// Peak resident memory of this process, for tests that bound what a decoder allocates: reset the
// high-water mark (Linux: writing 5 to /proc/self/clear_refs), run the code, then compare VmHWM
// with the VmRSS from before it.
#include <fstream>
#include <string>

namespace gwb::media::test {

// AddressSanitizer keeps freed blocks in a quarantine (256 MiB by default) before it reuses them,
// so under the sanitizer build resident memory grows by up to that much on top of what the code
// under test holds at once; bounds add this slack (still far below a whole decoded file).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr long kAllocatorSlackKiB = 256 * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr long kAllocatorSlackKiB = 256 * 1024;
#else
inline constexpr long kAllocatorSlackKiB = 0;
#endif
#else
inline constexpr long kAllocatorSlackKiB = 0;
#endif

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
