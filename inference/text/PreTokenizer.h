#pragma once
// The "pre_tokenizer" of a tokenizer.json: cuts normalized text into words that BPE encodes one
// by one. Gemma's is Split(" ", MergedWithPrevious), which never fires because the normalizer has
// already turned every space into "▁" — BPE runs over each whole stretch between added tokens.
// Supported: null, Split with a String pattern (all five HF delimiter behaviours, invert false),
// and a Sequence of these.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gwb::text {

class PreTokenizer {
 public:
  enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

  // Throws TokenizerError naming the unsupported or malformed part.
  static PreTokenizer fromJson(const nlohmann::json& j);

  // Appends the words of text to out (views into text), in order, none empty.
  void split(std::string_view text, std::vector<std::string_view>& out) const;

 private:
  struct Step {
    std::string delimiter;
    Behavior behavior;
  };
  void addFromJson(const nlohmann::json& j, int depth);
  std::vector<Step> steps_;
};

}  // namespace gwb::text
