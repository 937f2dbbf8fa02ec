// libFuzzer target: Tokenizer::fromJson on arbitrary bytes. A bad file must end in TokenizerError;
// any other exception, a crash, a leak or undefined behaviour is a finding. When the bytes do
// load, the tokenizer also encodes, decodes and stream-decodes a fixed string and the input's
// first bytes, so merges/added tokens/decoders built from hostile data are exercised too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "inference/text/StreamingDecoder.h"
#include "inference/text/Tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const gwb::text::Tokenizer tok = gwb::text::Tokenizer::fromJson(bytes, "fuzz.json");
    for (std::string_view text : {std::string_view("Hello <bos> w\xC3\xB6rld \xE6\x97\xA5\n\n x"), bytes.substr(0, 256)}) {
      const auto ids = tok.encode(text, true);
      (void)tok.decode(ids, false);
      gwb::text::StreamingDecoder stream(tok, true);
      for (int32_t id : ids) (void)stream.push(id);
      (void)stream.finish();
    }
  } catch (const gwb::text::TokenizerError&) {
    // the expected outcome for malformed input
  }
  return 0;
}
