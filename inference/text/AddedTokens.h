#pragma once
// The "added_tokens" of a tokenizer.json: strings (control tokens like <bos> and <|turn>, but also
// plain ones like "\n\n" or "<unused7>") that are cut out of the text whole before BPE sees it.
// As in HF tokenizers, matching is leftmost-longest: scanning left to right, the first position
// where any added token starts wins, and there the longest token. Tokens with "normalized": false
// are matched in the raw text; those with "normalized": true in the normalized text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gwb::text {

struct AddedToken {
  std::string content;
  int32_t id = 0;
  bool special = false;     // skipped by decode(skipSpecial = true)
  bool normalized = false;  // matched after normalization instead of in the raw text
};

// A piece of split text: either an added token (id >= 0) or a stretch of plain text (id == -1).
struct TextPiece {
  std::string_view text;
  int32_t id;
};

class AddedTokens {
 public:
  // Throws TokenizerError for an empty content or a content/id given twice. normalizedContent is
  // the content after the tokenizer's normalizer (used only when token.normalized is true).
  void add(AddedToken token, std::string normalizedContent);

  // Splits text by the raw-text tokens (normalizedPass false) or the normalized ones (true),
  // appending pieces in order to out. Empty plain stretches are not emitted.
  void split(std::string_view text, bool normalizedPass, std::vector<TextPiece>& out) const;

  std::optional<int32_t> find(std::string_view content) const;
  const AddedToken* byId(int32_t id) const;
  const std::vector<AddedToken>& all() const { return tokens_; }

 private:
  // A byte trie; node 0 is the root. Edges are kept in one hash map keyed (node << 8) | byte.
  struct Trie {
    std::unordered_map<uint64_t, uint32_t> edges;
    std::vector<int32_t> tokenAt{-1};  // per node: id of the token ending there, or -1
    void insert(std::string_view s, int32_t id);
    // Length of the longest token that starts at text[pos] (0 if none); its id in *id.
    size_t longestAt(std::string_view text, size_t pos, int32_t* id) const;
  };

  std::vector<AddedToken> tokens_;
  std::unordered_map<int32_t, size_t> indexById_;
  std::unordered_map<std::string, int32_t> idByContent_;
  Trie raw_;
  Trie normalized_;
};

}  // namespace gwb::text
