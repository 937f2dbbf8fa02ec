#pragma once
// A duration for messages: "12.5 s" (one decimal), as the media errors and plans print it.
#include <cstdio>
#include <string>

namespace gwb::media {

inline std::string durationText(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  return buf;
}

}  // namespace gwb::media
