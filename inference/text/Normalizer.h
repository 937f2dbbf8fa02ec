#pragma once
// The "normalizer" of a tokenizer.json, applied to each stretch of text between added tokens.
// Gemma: {"type": "Replace", "pattern": {"String": " "}, "content": "▁"} — spaces become U+2581,
// which is how the vocabulary spells a space. Supported: null, Replace with a String pattern,
// Prepend, and a Sequence of these; anything else is rejected at load time.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gwb::text {

class Normalizer {
 public:
  // Throws TokenizerError naming the unsupported or malformed part.
  static Normalizer fromJson(const nlohmann::json& j);

  std::string apply(std::string_view text) const;

 private:
  struct Step {
    bool prepend;      // Prepend(to) when true, else Replace(from -> to)
    std::string from;  // never empty for Replace
    std::string to;
  };
  void addFromJson(const nlohmann::json& j, int depth);
  std::vector<Step> steps_;
};

}  // namespace gwb::text
