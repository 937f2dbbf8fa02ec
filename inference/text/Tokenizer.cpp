#include "inference/text/Tokenizer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace gwb::text {

Tokenizer Tokenizer::fromFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw TokenizerError("'" + path + "' is a folder; expected the path of a tokenizer.json");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenizerError("cannot open tokenizer file '" + path + "': " + std::strerror(errno));
  std::string bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw TokenizerError("cannot read tokenizer file '" + path + "'");
  bytes.resize(static_cast<size_t>(size));
  in.seekg(0, std::ios::beg);
  if (!in.read(bytes.data(), size)) throw TokenizerError("cannot read tokenizer file '" + path + "'");
  return fromJson(bytes, path);
}

Tokenizer Tokenizer::fromJson(std::string_view json, const std::string& sourceName) {
  return fromParts(loadTokenizerJson(json, sourceName), sourceName);
}

Tokenizer Tokenizer::fromParts(TokenizerParts parts, const std::string& sourceName) {
  Tokenizer t(std::move(parts));
  const auto check = [&](const std::vector<int32_t>& ids) {
    for (int32_t id : ids) {
      if (!t.textOf(id)) {
        throw TokenizerError(sourceName + ": post_processor adds id " + std::to_string(id) +
                             ", which is not a token");
      }
    }
  };
  check(t.p_.postProcessor.prefix());
  check(t.p_.postProcessor.suffix());
  return t;
}

Tokenizer::Tokenizer(TokenizerParts parts) : p_(std::move(parts)) {
  vocabSize_ = p_.model.vocab().idLimit();
  for (const AddedToken& a : p_.added.all()) vocabSize_ = std::max(vocabSize_, static_cast<size_t>(a.id) + 1);
  bos_ = p_.postProcessor.prefix().empty() ? tokenId("<bos>") : p_.postProcessor.prefix().front();
  eos_ = tokenId("<eos>");
  pad_ = tokenId("<pad>");
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool addBos) const {
  std::vector<int32_t> ids;
  if (addBos) ids = p_.postProcessor.prefix();
  std::vector<TextPiece> rawPieces, normPieces;
  std::vector<std::string_view> words;
  p_.added.split(text, false, rawPieces);
  for (const TextPiece& piece : rawPieces) {
    if (piece.id >= 0) {
      ids.push_back(piece.id);
      continue;
    }
    const std::string normalized = p_.normalizer.apply(piece.text);
    normPieces.clear();
    p_.added.split(normalized, true, normPieces);
    for (const TextPiece& np : normPieces) {
      if (np.id >= 0) {
        ids.push_back(np.id);
        continue;
      }
      words.clear();
      p_.preTokenizer.split(np.text, words);
      for (std::string_view w : words) p_.model.encodeWord(w, ids);
    }
  }
  if (addBos) ids.insert(ids.end(), p_.postProcessor.suffix().begin(), p_.postProcessor.suffix().end());
  return ids;
}

std::optional<std::string_view> Tokenizer::textOf(int32_t id) const {
  if (const AddedToken* a = p_.added.byId(id)) return std::string_view(a->content);
  return p_.model.vocab().text(id);
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool skipSpecial) const {
  std::vector<std::string> texts;
  texts.reserve(ids.size());
  for (int32_t id : ids) {
    if (skipSpecial && isSpecial(id)) continue;
    if (auto t = textOf(id)) texts.emplace_back(*t);
  }
  return p_.decoder.decode(std::move(texts));
}

std::string Tokenizer::tokenText(int32_t id) const {
  if (auto t = textOf(id)) return std::string(*t);
  throw std::out_of_range("no token has id " + std::to_string(id) + " (vocabulary size " +
                          std::to_string(vocabSize_) + ")");
}

std::optional<int32_t> Tokenizer::tokenId(std::string_view token) const {
  if (auto id = p_.added.find(token)) return id;
  return p_.model.vocab().find(token);
}

bool Tokenizer::isSpecial(int32_t id) const {
  const AddedToken* a = p_.added.byId(id);
  return a != nullptr && a->special;
}

bool Tokenizer::joinsWithNext(int32_t id) const {
  const auto t = textOf(id);
  return t && p_.decoder.joinsWithNext(*t);
}

}  // namespace gwb::text
