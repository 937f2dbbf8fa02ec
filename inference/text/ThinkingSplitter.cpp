#include "inference/text/ThinkingSplitter.h"

namespace gwb::text {

namespace {
constexpr std::string_view kOpen = "<|channel>";
constexpr std::string_view kClose = "<channel|>";
constexpr std::string_view kLabel = "thought\n";

// Length of the longest suffix of s that is a proper prefix of marker.
size_t partialMarker(std::string_view s, std::string_view marker) {
  for (size_t n = std::min(s.size(), marker.size() - 1); n > 0; --n) {
    if (s.substr(s.size() - n) == marker.substr(0, n)) return n;
  }
  return 0;
}
}  // namespace

ThinkingSplitter::Pieces ThinkingSplitter::push(std::string_view text) {
  pending_ += text;
  return route(false);
}

ThinkingSplitter::Pieces ThinkingSplitter::finish() { return route(true); }

ThinkingSplitter::Pieces ThinkingSplitter::route(bool final) {
  Pieces out;
  for (;;) {
    if (stripLabel_) {
      if (pending_.size() < kLabel.size() && !final && std::string_view(kLabel).substr(0, pending_.size()) == pending_) {
        return out;  // might still become the label
      }
      if (std::string_view(pending_).substr(0, kLabel.size()) == kLabel) pending_.erase(0, kLabel.size());
      stripLabel_ = false;
    }
    const std::string_view marker = inThought_ ? kClose : kOpen;
    const size_t at = pending_.find(marker);
    std::string& side = inThought_ ? out.thinking : out.answer;
    if (at != std::string::npos) {
      side += pending_.substr(0, at);
      pending_.erase(0, at + marker.size());
      inThought_ = !inThought_;
      stripLabel_ = inThought_;
      continue;
    }
    const size_t hold = final ? 0 : partialMarker(pending_, marker);
    side += pending_.substr(0, pending_.size() - hold);
    pending_.erase(0, pending_.size() - hold);
    return out;
  }
}

}  // namespace gwb::text
