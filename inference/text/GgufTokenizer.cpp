#include "inference/text/GgufTokenizer.h"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "inference/text/TokenizerError.h"

namespace gwb::text {

namespace {

// The pieces of Gemma's tokenizer.json that GGUF does not carry (they are fixed for the "gemma4"
// tokenizer model; design/gemma4-text.md §7.1).
const char* const kNormalizer = R"({"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"})";
const char* const kPreTokenizer =
    R"({"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithPrevious", "invert": false})";
const char* const kDecoder = R"({"type": "Sequence", "decoders": [
    {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
    {"type": "ByteFallback"}, {"type": "Fuse"}]})";

}  // namespace

bool isGemma4VisibleSpecial(const std::string& token) {
  static const std::array<std::string_view, 7> kVisible = {"<|channel>",      "<channel|>",       "<|tool_call>", "<tool_call|>",
                                                           "<|tool_response>", "<tool_response|>", "<|\"|>"};
  for (std::string_view v : kVisible) {
    if (token == v) return true;
  }
  return false;
}

Tokenizer tokenizerFromGguf(const GgufVocab& v, const std::string& sourceName) {
  const std::string where = sourceName + ": tokenizer.ggml.";
  if (v.model != "gemma4") {
    throw TokenizerError(where + "model is '" + v.model +
                         "'; only Gemma 4's BPE tokenizer (\"gemma4\") is supported from GGUF metadata");
  }
  if (v.tokens.empty()) throw TokenizerError(where + "tokens is empty");
  if (static_cast<int64_t>(v.tokens.size()) > Vocab::kMaxId + 1) {
    throw TokenizerError(where + "tokens has " + std::to_string(v.tokens.size()) + " entries, more than " +
                         std::to_string(Vocab::kMaxId + 1));
  }
  if (!v.types.empty() && v.types.size() != v.tokens.size()) {
    throw TokenizerError(where + "token_type has " + std::to_string(v.types.size()) + " entries but tokens has " +
                         std::to_string(v.tokens.size()));
  }
  const auto checkId = [&](const std::optional<int64_t>& id, const char* key) {
    if (id && (*id < 0 || *id >= static_cast<int64_t>(v.tokens.size()))) {
      throw TokenizerError(where + key + " = " + std::to_string(*id) + " is not a token id (vocab has " +
                           std::to_string(v.tokens.size()) + ")");
    }
  };
  checkId(v.bosId, "bos_token_id");
  checkId(v.eosId, "eos_token_id");
  checkId(v.unkId, "unknown_token_id");
  checkId(v.padId, "padding_token_id");

  TokenizerParts parts;
  parts.normalizer = Normalizer::fromJson(nlohmann::json::parse(kNormalizer));
  parts.preTokenizer = PreTokenizer::fromJson(nlohmann::json::parse(kPreTokenizer));
  parts.decoder = TokenDecoder::fromJson(nlohmann::json::parse(kDecoder));
  if (v.addBos && v.bosId) {
    const std::string& bos = v.tokens[static_cast<size_t>(*v.bosId)];
    nlohmann::json pp = {{"type", "TemplateProcessing"},
                         {"single", nlohmann::json::array({{{"SpecialToken", {{"id", bos}, {"type_id", 0}}}},
                                                           {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
                         {"special_tokens", {{bos, {{"id", bos}, {"ids", {*v.bosId}}, {"tokens", {bos}}}}}}};
    parts.postProcessor = PostProcessor::fromJson(pp);
  }

  Vocab vocab;
  for (size_t id = 0; id < v.tokens.size(); ++id) vocab.add(v.tokens[id], static_cast<int64_t>(id));
  try {
    vocab.finish();
  } catch (const TokenizerError& e) {
    throw TokenizerError(where + "tokens: " + e.what());
  }

  BpeMerges merges;
  merges.reserve(v.merges.size());
  for (size_t rank = 0; rank < v.merges.size(); ++rank) {
    const std::string& m = v.merges[rank];
    const size_t space = m.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == m.size() || m.find(' ', space + 1) != std::string::npos) {
      throw TokenizerError(where + "merges[" + std::to_string(rank) + "] = \"" + m +
                           "\" is not two tokens separated by one space");
    }
    const std::string_view left(m.data(), space);
    const std::string_view right(m.data() + space + 1, m.size() - space - 1);
    const auto l = vocab.find(left);
    const auto r = vocab.find(right);
    const auto merged = vocab.find(std::string(left) + std::string(right));
    if (!l || !r || !merged) {
      throw TokenizerError(where + "merges[" + std::to_string(rank) + "] = \"" + m + "\" names a token not in the vocab");
    }
    merges.add(*l, *r, {static_cast<uint32_t>(rank), *merged});
  }

  BpeOptions options;
  options.byteFallback = true;
  options.fuseUnk = true;
  if (v.unkId) options.unkToken = v.tokens[static_cast<size_t>(*v.unkId)];
  parts.model = BpeModel(std::move(vocab), std::move(merges), std::move(options));

  for (size_t id = 0; id < v.types.size(); ++id) {
    const auto type = static_cast<GgufTokenType>(v.types[id]);
    if (type != GgufTokenType::Control && type != GgufTokenType::UserDefined && type != GgufTokenType::Unknown) continue;
    AddedToken t;
    t.content = v.tokens[id];
    t.id = static_cast<int32_t>(id);
    t.special = type != GgufTokenType::UserDefined || isGemma4VisibleSpecial(t.content);
    t.normalized = false;  // Gemma's added tokens are all matched in the raw text
    if (t.content.empty()) continue;  // an empty token text cannot be matched; BPE never produces it either
    try {
      parts.added.add(std::move(t), "");
    } catch (const TokenizerError& e) {
      throw TokenizerError(where + "tokens[" + std::to_string(id) + "]: " + e.what());
    }
  }
  return Tokenizer::fromParts(std::move(parts), sourceName);
}

}  // namespace gwb::text
