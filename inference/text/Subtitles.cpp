#include "inference/text/Subtitles.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace gwb::text {
namespace {

// The segment's lines with trailing spaces removed and blank lines (which end a cue) dropped.
std::vector<std::string> cueLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos) lines.push_back(line.substr(first));
    pos = nl + 1;
  }
  return lines;
}

int64_t millis(double seconds, size_t index, const char* which) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e12)
    throw std::invalid_argument("segment " + std::to_string(index + 1) + ": " + which + " time " +
                                std::to_string(seconds) + " is not a valid time");
  return std::llround(seconds * 1000.0);
}

// HH:MM:SS<sep>mmm; hours grow past two digits when needed (only VTT allows that).
std::string timestamp(int64_t ms, char sep) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%03lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60), sep,
                static_cast<long long>(ms % 1000));
  return buf;
}

struct Cue {
  int64_t startMs, endMs;
  std::vector<std::string> lines;
};

// Validates every segment and keeps those with text.
std::vector<Cue> cues(std::span<const TimedSegment> segments) {
  std::vector<Cue> out;
  for (size_t i = 0; i < segments.size(); ++i) {
    const TimedSegment& s = segments[i];
    const int64_t a = millis(s.start, i, "start"), b = millis(s.end, i, "end");
    if (b < a)
      throw std::invalid_argument("segment " + std::to_string(i + 1) + " ends (" + std::to_string(s.end) +
                                  " s) before it starts (" + std::to_string(s.start) + " s)");
    std::vector<std::string> lines = cueLines(s.text);
    if (!lines.empty()) out.push_back({a, b, std::move(lines)});
  }
  return out;
}

std::string escapeVtt(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string toSrt(std::span<const TimedSegment> segments) {
  constexpr int64_t kSrtLimitMs = 100LL * 3600 * 1000;
  std::string out;
  int number = 0;
  for (const Cue& c : cues(segments)) {
    if (c.endMs >= kSrtLimitMs)
      throw std::invalid_argument("SRT cannot hold times of 100 hours or more (cue " + std::to_string(number + 1) +
                                  "); use WebVTT");
    out += std::to_string(++number) + "\n" + timestamp(c.startMs, ',') + " --> " + timestamp(c.endMs, ',') + "\n";
    for (const std::string& l : c.lines) out += l + "\n";
    out += "\n";
  }
  return out;
}

std::string toVtt(std::span<const TimedSegment> segments) {
  std::string out = "WEBVTT\n\n";
  for (const Cue& c : cues(segments)) {
    out += timestamp(c.startMs, '.') + " --> " + timestamp(c.endMs, '.') + "\n";
    for (const std::string& l : c.lines) out += escapeVtt(l) + "\n";
    out += "\n";
  }
  return out;
}

std::string toSegmentsJson(std::span<const TimedSegment> segments) {
  nlohmann::json out = nlohmann::json::array();
  for (const Cue& c : cues(segments)) {
    std::string text;
    for (const std::string& l : c.lines) text += (text.empty() ? "" : "\n") + l;
    out.push_back({{"start", double(c.startMs) / 1000.0}, {"end", double(c.endMs) / 1000.0}, {"text", text}});
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string toPlainText(std::span<const TimedSegment> segments) {
  std::string out;
  for (const Cue& c : cues(segments)) {
    std::string line;
    for (const std::string& l : c.lines) line += (line.empty() ? "" : " ") + l;
    out += line + "\n";
  }
  return out;
}

}  // namespace gwb::text
