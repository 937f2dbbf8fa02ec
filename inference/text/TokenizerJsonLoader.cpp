#include "inference/text/TokenizerJsonLoader.h"

#include <map>

#include <nlohmann/json.hpp>

#include "inference/text/JsonCursor.h"
#include "inference/text/JsonFields.h"
#include "inference/text/TokenizerError.h"

namespace gwb::text {

namespace {

// Prefixes a TokenizerError raised while reading one section with that section's path.
template <typename F>
auto inSection(const std::string& path, F&& f) {
  try {
    return f();
  } catch (const TokenizerError& e) {
    throw TokenizerError(path + ": " + e.what());
  }
}

Vocab readVocab(JsonCursor& c) {
  Vocab vocab;
  if (c.peek() != JsonCursor::Kind::Object) c.fail("model.vocab must be an object {token: id}");
  c.beginObject();
  std::string token;
  while (c.nextKey(token)) vocab.add(token, c.readInteger());
  vocab.finish();
  return vocab;
}

// One merge is ["a", "b"] (current format) or "a b" (older format).
void readMergePair(JsonCursor& c, std::string& a, std::string& b, size_t index) {
  const auto where = [index] { return "model.merges[" + std::to_string(index) + "]"; };
  if (c.peek() == JsonCursor::Kind::String) {
    c.readString(a);
    const size_t space = a.find(' ');
    if (space == std::string::npos || a.find(' ', space + 1) != std::string::npos) {
      throw TokenizerError(where() + ": \"" + a + "\" is not two tokens separated by one space");
    }
    b = a.substr(space + 1);
    a.resize(space);
    return;
  }
  if (c.peek() != JsonCursor::Kind::Array) c.fail(where() + " must be [\"left\", \"right\"] or \"left right\"");
  c.beginArray();
  if (!c.nextElement()) throw TokenizerError(where() + " is empty (needs two tokens)");
  c.readString(a);
  if (!c.nextElement()) throw TokenizerError(where() + " has one token (needs two)");
  c.readString(b);
  if (c.nextElement()) throw TokenizerError(where() + " has more than two tokens");
}

BpeMerges readMerges(JsonCursor& c, const Vocab& vocab) {
  BpeMerges merges;
  if (c.peek() != JsonCursor::Kind::Array) c.fail("model.merges must be an array");
  c.beginArray();
  std::string a, b, joined;
  size_t index = 0;
  while (c.nextElement()) {
    readMergePair(c, a, b, index);
    const auto left = vocab.find(a);
    const auto right = vocab.find(b);
    joined = a;
    joined += b;
    const auto merged = vocab.find(joined);
    if (!left || !right || !merged) {
      const std::string where = "model.merges[" + std::to_string(index) + "]: ";
      if (!left) throw TokenizerError(where + "token '" + a + "' is not in the vocab");
      if (!right) throw TokenizerError(where + "token '" + b + "' is not in the vocab");
      throw TokenizerError(where + "merged token '" + joined + "' is not in the vocab");
    }
    merges.add(*left, *right, {static_cast<uint32_t>(index), *merged});
    ++index;
  }
  return merges;
}

// A string or null; anything else is a type error.
std::optional<std::string> readOptionalString(JsonCursor& c, const char* where) {
  if (c.peek() == JsonCursor::Kind::Null) {
    c.readNull();
    return std::nullopt;
  }
  if (c.peek() != JsonCursor::Kind::String) c.fail(std::string(where) + " must be a string or null");
  return c.readString();
}

bool readOptionalBool(JsonCursor& c) {
  if (c.peek() == JsonCursor::Kind::Null) {
    c.readNull();
    return false;
  }
  return c.readBool();
}

BpeModel readModel(JsonCursor& c, std::string_view doc) {
  if (c.peek() != JsonCursor::Kind::Object) c.fail("\"model\" must be an object");
  c.beginObject();
  std::optional<std::string> type;
  std::optional<Vocab> vocab;
  std::optional<BpeMerges> merges;
  size_t mergesOffset = std::string_view::npos;  // where merges start, if they came before vocab
  BpeOptions options;
  std::string key;
  while (c.nextKey(key)) {
    if (key == "type") {
      type = readOptionalString(c, "model.type");
    } else if (key == "vocab") {
      vocab = inSection("model.vocab", [&] { return readVocab(c); });
    } else if (key == "merges") {
      if (vocab) {
        merges = readMerges(c, *vocab);
      } else {
        mergesOffset = static_cast<size_t>(c.skipValue().data() - doc.data());
      }
    } else if (key == "unk_token") {
      options.unkToken = readOptionalString(c, "model.unk_token");
    } else if (key == "byte_fallback") {
      options.byteFallback = readOptionalBool(c);
    } else if (key == "fuse_unk") {
      options.fuseUnk = readOptionalBool(c);
    } else if (key == "ignore_merges") {
      options.ignoreMerges = readOptionalBool(c);
    } else if (key == "continuing_subword_prefix" || key == "end_of_word_suffix") {
      const auto affix = readOptionalString(c, "model affix");
      if (affix && !affix->empty()) throw TokenizerError("model." + key + " is not supported");
    } else if (key == "dropout") {
      const std::string_view raw = c.skipValue();
      if (raw != "null" && raw != "0" && raw != "0.0") {
        throw TokenizerError("model.dropout " + std::string(raw) + " is not supported (only null or 0)");
      }
    } else {
      c.skipValue();
    }
  }
  if (!type) throw TokenizerError("model has no \"type\"");
  if (*type != "BPE") throw TokenizerError("model type '" + *type + "' is not supported (only BPE)");
  if (!vocab) throw TokenizerError("model has no \"vocab\"");
  if (mergesOffset != std::string_view::npos) {
    JsonCursor later(doc, mergesOffset);
    merges = readMerges(later, *vocab);
  }
  if (!merges) throw TokenizerError("model has no \"merges\"");
  return BpeModel(std::move(*vocab), std::move(*merges), std::move(options));
}

void readAddedTokens(const nlohmann::json& list, const Normalizer& normalizer, AddedTokens& out) {
  if (list.is_null()) return;
  if (!list.is_array()) throw TokenizerError("added_tokens must be an array");
  for (size_t i = 0; i < list.size(); ++i) {
    const nlohmann::json& t = list[i];
    const std::string where = "added_tokens[" + std::to_string(i) + "]";
    AddedToken token;
    token.content = requireString(t, "content", where);
    const int64_t id = requireInteger(t, "id", where);
    if (id < 0 || id > Vocab::kMaxId) {
      throw TokenizerError(where + ": id " + std::to_string(id) + " is outside 0.." + std::to_string(Vocab::kMaxId));
    }
    token.id = static_cast<int32_t>(id);
    token.special = optionalBool(t, "special", false, where);
    token.normalized = optionalBool(t, "normalized", !token.special, where);
    for (const char* flag : {"lstrip", "rstrip", "single_word"}) {
      if (optionalBool(t, flag, false, where)) {
        throw TokenizerError(where + " ('" + token.content + "'): " + flag + "=true is not supported");
      }
    }
    std::string normalizedContent = token.normalized ? normalizer.apply(token.content) : "";
    inSection(where, [&] { out.add(std::move(token), std::move(normalizedContent)); });
  }
}

nlohmann::json parseSection(const std::map<std::string, std::string_view>& raw, const std::string& key) {
  const auto it = raw.find(key);
  if (it == raw.end()) return nullptr;
  try {
    return nlohmann::json::parse(it->second);
  } catch (const nlohmann::json::exception& e) {
    throw TokenizerError(key + ": " + e.what());
  }
}

TokenizerParts load(std::string_view json) {
  JsonCursor c(json);
  if (c.peek() != JsonCursor::Kind::Object) c.fail("the document must be a JSON object");
  c.beginObject();
  std::optional<BpeModel> model;
  std::map<std::string, std::string_view> raw;  // the small sections, parsed after the walk
  std::string key;
  while (c.nextKey(key)) {
    if (key == "model") {
      if (model) throw TokenizerError("\"model\" appears twice");
      model = readModel(c, json);
    } else if (key == "added_tokens" || key == "normalizer" || key == "pre_tokenizer" ||
               key == "decoder" || key == "post_processor") {
      if (raw.count(key) != 0) throw TokenizerError("\"" + key + "\" appears twice");
      raw[key] = c.skipValue();
    } else {
      c.skipValue();
    }
  }
  c.expectEnd();
  if (!model) throw TokenizerError("there is no \"model\" section");
  TokenizerParts parts;
  parts.model = std::move(*model);
  parts.normalizer = Normalizer::fromJson(parseSection(raw, "normalizer"));
  parts.preTokenizer = PreTokenizer::fromJson(parseSection(raw, "pre_tokenizer"));
  parts.decoder = TokenDecoder::fromJson(parseSection(raw, "decoder"));
  parts.postProcessor = PostProcessor::fromJson(parseSection(raw, "post_processor"));
  readAddedTokens(parseSection(raw, "added_tokens"), parts.normalizer, parts.added);
  return parts;
}

}  // namespace

TokenizerParts loadTokenizerJson(std::string_view json, const std::string& sourceName) {
  try {
    return load(json);
  } catch (const JsonCursor::Error& e) {
    throw TokenizerError(sourceName + ": " + e.what());
  } catch (const TokenizerError& e) {
    throw TokenizerError(sourceName + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw TokenizerError(sourceName + ": " + e.what());
  }
}

}  // namespace gwb::text
