#pragma once
// The tokenizer.* keys of a Gemma 4 GGUF, both ways: written from a Hugging Face tokenizer.json
// the way llama.cpp's converter writes them (LlamaHfVocab + SpecialVocab: tokens in id order,
// token types, merges as "left right", special ids, add_bos_token, the chat template), and read
// back into the text::GgufVocab that text::tokenizerFromGguf turns into a Tokenizer.
#include <filesystem>
#include <optional>
#include <string>

#include "inference/model/GgufFile.h"
#include "inference/model/GgufWriter.h"
#include "inference/text/GgufTokenizer.h"

namespace gwb::model {

// Reads tokenizer.json (and chat_template.jinja / tokenizer_config.json's chat_template when
// present) from modelDir. Throws CheckpointError naming the file on anything malformed.
void writeGemma4TokenizerMetadata(GgufWriter& w, const std::filesystem::path& modelDir);

// tokenizer.ggml.* of a GGUF file. Throws CheckpointError when tokens is missing or a key has the
// wrong type.
text::GgufVocab ggufVocabOf(const GgufFile& f);
// tokenizer.chat_template, if any.
std::optional<std::string> ggufChatTemplate(const GgufFile& f);

}  // namespace gwb::model
