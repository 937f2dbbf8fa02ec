#include "inference/text/PreTokenizer.h"

#include "inference/text/JsonFields.h"
#include "inference/text/TokenizerError.h"

namespace gwb::text {

namespace {

constexpr int kMaxNesting = 8;

struct Segment {
  size_t begin, end;
  bool isMatch;
};

// Splits s into alternating plain / delimiter segments covering all of it, none empty.
std::vector<Segment> findMatches(std::string_view s, const std::string& delim) {
  std::vector<Segment> out;
  size_t prev = 0;
  for (size_t hit = s.find(delim); hit != std::string_view::npos; hit = s.find(delim, prev)) {
    if (hit != prev) out.push_back({prev, hit, false});
    out.push_back({hit, hit + delim.size(), true});
    prev = hit + delim.size();
  }
  if (prev != s.size()) out.push_back({prev, s.size(), false});
  return out;
}

// Applies one of HF's SplitDelimiterBehavior rules to the segments (same folds as HF).
std::vector<Segment> applyBehavior(std::vector<Segment> segs, PreTokenizer::Behavior b) {
  using B = PreTokenizer::Behavior;
  std::vector<Segment> out;
  bool previousMatch = false;
  switch (b) {
    case B::Isolated: return segs;
    case B::Removed:
      for (const Segment& s : segs) {
        if (!s.isMatch) out.push_back(s);
      }
      return out;
    case B::MergedWithPrevious:
      for (const Segment& s : segs) {
        if (s.isMatch && !previousMatch && !out.empty()) {
          out.back().end = s.end;
        } else {
          out.push_back(s);
        }
        previousMatch = s.isMatch;
      }
      return out;
    case B::MergedWithNext:
      for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
        if (it->isMatch && !previousMatch && !out.empty()) {
          out.back().begin = it->begin;
        } else {
          out.push_back(*it);
        }
        previousMatch = it->isMatch;
      }
      return {out.rbegin(), out.rend()};
    case B::Contiguous:
      for (const Segment& s : segs) {
        if (s.isMatch == previousMatch && !out.empty()) {
          out.back().end = s.end;
        } else {
          out.push_back(s);
        }
        previousMatch = s.isMatch;
      }
      return out;
  }
  return segs;
}

PreTokenizer::Behavior behaviorFromName(const std::string& name, const std::string& where) {
  using B = PreTokenizer::Behavior;
  if (name == "Removed") return B::Removed;
  if (name == "Isolated") return B::Isolated;
  if (name == "MergedWithPrevious") return B::MergedWithPrevious;
  if (name == "MergedWithNext") return B::MergedWithNext;
  if (name == "Contiguous") return B::Contiguous;
  throw TokenizerError(where + ": unknown behavior '" + name + "'");
}

}  // namespace

PreTokenizer PreTokenizer::fromJson(const nlohmann::json& j) {
  PreTokenizer p;
  if (!j.is_null()) p.addFromJson(j, 0);
  return p;
}

void PreTokenizer::addFromJson(const nlohmann::json& j, int depth) {
  const std::string where = "pre_tokenizer";
  if (depth > kMaxNesting) throw TokenizerError(where + ": Sequence nested too deeply");
  const std::string type = typeOf(j, where);
  if (type == "Sequence") {
    const nlohmann::json& list = requireField(j, "pretokenizers", where);
    if (!list.is_array()) throw TokenizerError(where + ".pretokenizers must be an array");
    for (const auto& item : list) addFromJson(item, depth + 1);
  } else if (type == "Split") {
    const std::string w = where + " (Split)";
    std::string delim = stringPattern(j, w);
    if (delim.empty()) throw TokenizerError(w + ": the pattern is empty");
    if (optionalBool(j, "invert", false, w)) throw TokenizerError(w + ": invert=true is not supported");
    steps_.push_back({std::move(delim), behaviorFromName(requireString(j, "behavior", w), w)});
  } else {
    throw TokenizerError(where + " type '" + type + "' is not supported (supported: Split, Sequence)");
  }
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& out) const {
  std::vector<std::string_view> words{text};
  for (const Step& step : steps_) {
    std::vector<std::string_view> next;
    for (std::string_view w : words) {
      for (const Segment& s : applyBehavior(findMatches(w, step.delimiter), step.behavior)) {
        next.push_back(w.substr(s.begin, s.end - s.begin));
      }
    }
    words = std::move(next);
  }
  for (std::string_view w : words) {
    if (!w.empty()) out.push_back(w);
  }
}

}  // namespace gwb::text
