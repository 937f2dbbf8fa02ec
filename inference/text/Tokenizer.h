#pragma once
// Gemma's tokenizer: a Hugging Face tokenizer.json (BPE with byte fallback) loaded into flat
// tables, with HF tokenizers' encode/decode behaviour reproduced exactly (checked against 262
// reference strings encoded by tokenizers 0.23, see tests/text/).
//
// encode(text):
//   1. added tokens ("<bos>", "<|turn>", "\n\n", "<unused7>", ...) are cut out of the raw text,
//      leftmost-longest — they become single ids whatever surrounds them;
//   2. each stretch between them is normalized (" " -> "▁"), pre-tokenized (a no-op for Gemma),
//      and BPE-encoded; characters missing from the vocab become <0xNN> byte tokens;
//   3. addBos applies the post-processor template (Gemma: <bos> in front).
// decode(ids): token texts through the decoder ("▁" -> " ", byte runs -> UTF-8, join).
// Invalid UTF-8 in the input is encoded byte by byte through byte fallback (decode then shows
// U+FFFD for it, as HF does for an invalid byte run).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "inference/text/TokenizerError.h"
#include "inference/text/TokenizerJsonLoader.h"

namespace gwb::text {

class Tokenizer {
 public:
  // Throws TokenizerError (the message names the file and what is wrong).
  static Tokenizer fromFile(const std::string& path);
  // json: the bytes of a tokenizer.json; sourceName is used in error messages.
  static Tokenizer fromJson(std::string_view json, const std::string& sourceName = "tokenizer.json");
  // From parts built elsewhere (GgufTokenizer.h: a GGUF file's tokenizer metadata). The
  // post-processor's ids must be tokens; throws TokenizerError naming sourceName otherwise.
  static Tokenizer fromParts(TokenizerParts parts, const std::string& sourceName);

  // addBos: add the post-processor's special tokens (HF add_special_tokens=True; Gemma: <bos>).
  std::vector<int32_t> encode(std::string_view text, bool addBos) const;
  // Ids without a token (out of range) are skipped, as HF does. skipSpecial drops special tokens.
  std::string decode(std::span<const int32_t> ids, bool skipSpecial = false) const;

  // The raw token text ("▁world", "<0xE6>", "<|turn>"). Throws std::out_of_range for an id
  // that has no token.
  std::string tokenText(int32_t id) const;
  std::optional<int32_t> tokenId(std::string_view token) const;
  bool hasToken(int32_t id) const { return textOf(id).has_value(); }
  // Highest id + 1 over the vocab and the added tokens.
  size_t vocabSize() const { return vocabSize_; }
  bool isSpecial(int32_t id) const;
  // True for a byte-fallback token whose text depends on the tokens after it (StreamingDecoder).
  bool joinsWithNext(int32_t id) const;

  // <bos> is the post-processor's first token (else the token "<bos>"); <eos> and <pad> are looked
  // up by name. Stop tokens for generation come from generation_config.json, not from here.
  std::optional<int32_t> bosId() const { return bos_; }
  std::optional<int32_t> eosId() const { return eos_; }
  std::optional<int32_t> padId() const { return pad_; }

 private:
  explicit Tokenizer(TokenizerParts parts);
  // The token text of id (an added token's content first, else the vocab's), if any.
  std::optional<std::string_view> textOf(int32_t id) const;

  TokenizerParts p_;
  size_t vocabSize_ = 0;
  std::optional<int32_t> bos_, eos_, pad_;
};

}  // namespace gwb::text
