#pragma once
// The BPE model of a HF tokenizer.json ("model": {"type": "BPE", ...}): splits one pre-tokenized
// word into characters, maps characters missing from the vocab to <0xNN> byte tokens (byte
// fallback) or <unk>, then applies merges lowest rank first (leftmost first among equal ranks),
// exactly as HF tokenizers' Word::merge_all does.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/text/BpeMerges.h"
#include "inference/text/Vocab.h"

namespace gwb::text {

struct BpeOptions {
  std::optional<std::string> unkToken;  // "unk_token"
  bool byteFallback = false;            // "byte_fallback"
  bool fuseUnk = false;                 // "fuse_unk": consecutive unknown characters give one <unk>
  bool ignoreMerges = false;            // "ignore_merges": a word found whole in the vocab is kept
};

class BpeModel {
 public:
  BpeModel() = default;
  // vocab must be finished; merges must refer to its ids. Throws TokenizerError if the unk token
  // is not in the vocab.
  BpeModel(Vocab vocab, BpeMerges merges, BpeOptions options);

  // Appends the ids of one word (normalized, pre-tokenized text) to out.
  void encodeWord(std::string_view word, std::vector<int32_t>& out) const;

  const Vocab& vocab() const { return vocab_; }
  const BpeMerges& merges() const { return merges_; }
  const BpeOptions& options() const { return options_; }

 private:
  Vocab vocab_;
  BpeMerges merges_;
  BpeOptions options_;
  std::optional<int32_t> unkId_;
  std::array<int32_t, 256> byteIds_{};  // id of "<0xNN>" per byte value, -1 if absent
};

// "<0xE6>" for byte 0xE6: the byte-fallback token text (upper-case hex, as HF writes it).
std::string byteTokenText(uint8_t byte);
// The byte a "<0xNN>" token stands for, or nullopt for any other text (HF ByteFallback's rule).
std::optional<uint8_t> byteOfToken(std::string_view token);

}  // namespace gwb::text
