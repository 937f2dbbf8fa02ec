#pragma once
// The "decoder" of a tokenizer.json: turns token texts back into text. Gemma's is
//   Sequence[Replace("▁" -> " "), ByteFallback, Fuse]
// ByteFallback turns each run of consecutive "<0xNN>" tokens into its bytes when the whole run is
// valid UTF-8, and into one U+FFFD per byte otherwise (HF's rule). Replace works per token; Fuse
// joins everything. Supported: null (plain concatenation), Replace with a String pattern,
// ByteFallback, Fuse, and a Sequence of these.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gwb::text {

class TokenDecoder {
 public:
  // Throws TokenizerError naming the unsupported or malformed part.
  static TokenDecoder fromJson(const nlohmann::json& j);

  // Decodes the texts of consecutive tokens.
  std::string decode(std::vector<std::string> tokens) const;
  // True when this token text may merge with the tokens after it (a byte-fallback token), so a
  // streaming decoder must wait for the next token before showing it.
  bool joinsWithNext(std::string_view token) const;

 private:
  struct Step {
    enum class Kind { Replace, ByteFallback, Fuse } kind;
    std::string from, to;  // Replace only
  };
  void addFromJson(const nlohmann::json& j, int depth);
  std::vector<Step> steps_;
  bool byteFallback_ = false;
};

}  // namespace gwb::text
