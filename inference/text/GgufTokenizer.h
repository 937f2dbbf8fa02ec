#pragma once
// A Tokenizer built from a GGUF file's tokenizer metadata (tokenizer.ggml.*) instead of a
// tokenizer.json. llama.cpp's Gemma 4 converter (LlamaHfVocab + SpecialVocab) writes:
//   tokens      every token text in id order (the BPE vocab, added tokens included);
//   token_type  NORMAL 1, UNKNOWN 2, CONTROL 3 (HF special added tokens), USER_DEFINED 4 (HF
//               non-special added tokens, and 7 Gemma 4 tool/channel markers it wants rendered),
//               UNUSED 5, BYTE 6 (<0xNN>);
//   merges      "left right" in rank order; scores are not used by BPE.
// From these the tokenizer.json of a Gemma checkpoint is rebuilt: BPE with byte fallback and
// fuse_unk, normalizer " " -> "▁", decoder "▁" -> " " + ByteFallback + Fuse, <bos> prepended when
// add_bos_token; added tokens = the UNKNOWN / CONTROL / USER_DEFINED ones, matched whole. The ids
// are those of tokenizer.json (tests/model/test_gguf_tokenizer.cpp checks every id and the
// reference encodings). The model layer fills GgufVocab from the file (this library does not read
// GGUF itself).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inference/text/Tokenizer.h"

namespace gwb::text {

// llama.cpp's llama_token_type values.
enum class GgufTokenType : int32_t { Undefined = 0, Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct GgufVocab {
  std::string model;                 // tokenizer.ggml.model: "gemma4" (BPE); others are refused
  std::vector<std::string> tokens;   // tokenizer.ggml.tokens
  std::vector<int64_t> types;        // tokenizer.ggml.token_type (same length, or empty = all normal)
  std::vector<std::string> merges;   // tokenizer.ggml.merges
  std::optional<int64_t> bosId, eosId, unkId, padId;
  bool addBos = true;                // tokenizer.ggml.add_bos_token (llama.cpp writes true for Gemma 4)
};

// The tokens llama.cpp marks USER_DEFINED although Hugging Face has them special (Gemma 4
// converter's `visible_tokens`); they are special again here.
bool isGemma4VisibleSpecial(const std::string& token);

// Throws TokenizerError starting with sourceName (the GGUF path) for an unsupported model, an
// id out of range, a malformed merge or one naming tokens that do not exist.
Tokenizer tokenizerFromGguf(const GgufVocab& vocab, const std::string& sourceName);

}  // namespace gwb::text
