#pragma once
// Turns generated ids into text one id at a time (one decoder per generation), emitting only
// complete UTF-8: a byte-fallback token (<0xE6>) is held until the token after its byte run
// arrives, because HF decodes a whole run of byte tokens at once — valid UTF-8 as text, invalid
// as one U+FFFD per byte. Holding whole runs (not just whole characters) makes the concatenation
// of everything push() and finish() return equal to Tokenizer::decode() of all the ids, always.
// With Gemma's vocabulary byte runs are rare and short (a character missing from 262k tokens).
#include <cstdint>
#include <string>
#include <vector>

#include "inference/text/Tokenizer.h"

namespace gwb::text {

class StreamingDecoder {
 public:
  // The tokenizer must outlive the decoder.
  explicit StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecial = false)
      : tok_(tokenizer), skipSpecial_(skipSpecial) {}

  // Text that became complete with this id (often empty while a byte run is open).
  std::string push(int32_t id);
  // Whatever is still held (call once at the end of generation).
  std::string finish();

 private:
  const Tokenizer& tok_;
  bool skipSpecial_;
  std::vector<int32_t> pending_;
};

}  // namespace gwb::text
