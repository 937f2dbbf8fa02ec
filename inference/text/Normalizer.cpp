#include "inference/text/Normalizer.h"

#include "inference/text/JsonFields.h"
#include "inference/text/TokenizerError.h"

namespace gwb::text {

namespace {
constexpr int kMaxNesting = 8;  // Sequence inside Sequence: far more than any real file uses
}

Normalizer Normalizer::fromJson(const nlohmann::json& j) {
  Normalizer n;
  if (!j.is_null()) n.addFromJson(j, 0);
  return n;
}

void Normalizer::addFromJson(const nlohmann::json& j, int depth) {
  const std::string where = "normalizer";
  if (depth > kMaxNesting) throw TokenizerError(where + ": Sequence nested too deeply");
  const std::string type = typeOf(j, where);
  if (type == "Sequence") {
    const nlohmann::json& list = requireField(j, "normalizers", where);
    if (!list.is_array()) throw TokenizerError(where + ".normalizers must be an array");
    for (const auto& item : list) addFromJson(item, depth + 1);
  } else if (type == "Replace") {
    std::string from = stringPattern(j, where + " (Replace)");
    if (from.empty()) throw TokenizerError(where + " (Replace): the pattern is empty");
    steps_.push_back({false, std::move(from), requireString(j, "content", where + " (Replace)")});
  } else if (type == "Prepend") {
    steps_.push_back({true, "", requireString(j, "prepend", where + " (Prepend)")});
  } else {
    throw TokenizerError(where + " type '" + type +
                         "' is not supported (supported: Replace, Prepend, Sequence)");
  }
}

std::string Normalizer::apply(std::string_view text) const {
  std::string cur(text);
  for (const Step& s : steps_) {
    if (s.prepend) {
      if (!cur.empty()) cur.insert(0, s.to);  // HF prepends only to non-empty text
      continue;
    }
    std::string next;
    next.reserve(cur.size() + cur.size() / 4);
    size_t pos = 0;
    while (true) {
      const size_t hit = cur.find(s.from, pos);
      if (hit == std::string::npos) break;
      next.append(cur, pos, hit - pos);
      next += s.to;
      pos = hit + s.from.size();
    }
    next.append(cur, pos, std::string::npos);
    cur = std::move(next);
  }
  return cur;
}

}  // namespace gwb::text
