#pragma once
// Reads a Hugging Face tokenizer.json into the parts of a Tokenizer.
// Speed: the two huge arrays (model.vocab, 262k entries; model.merges, 515k pairs) are read with
// the pull parser JsonCursor straight into flat tables; the small sections (added_tokens,
// normalizer, pre_tokenizer, decoder, post_processor) go through nlohmann::json. Gemma's 33 MB file
// loads in about 0.1 s this way, where nlohmann alone needs ~0.4 s just to parse it.
#include <string>
#include <string_view>

#include "inference/text/AddedTokens.h"
#include "inference/text/BpeModel.h"
#include "inference/text/Normalizer.h"
#include "inference/text/PostProcessor.h"
#include "inference/text/PreTokenizer.h"
#include "inference/text/TokenDecoder.h"

namespace gwb::text {

struct TokenizerParts {
  BpeModel model;
  AddedTokens added;
  Normalizer normalizer;
  PreTokenizer preTokenizer;
  TokenDecoder decoder;
  PostProcessor postProcessor;
};

// Parses json (the bytes of a tokenizer.json). Throws TokenizerError whose message starts with
// sourceName and names the section and what is wrong.
TokenizerParts loadTokenizerJson(std::string_view json, const std::string& sourceName);

}  // namespace gwb::text
