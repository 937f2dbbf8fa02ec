#include "inference/text/AddedTokens.h"

#include "inference/text/TokenizerError.h"

namespace gwb::text {

void AddedTokens::Trie::insert(std::string_view s, int32_t id) {
  uint32_t node = 0;
  for (char c : s) {
    const uint64_t key = (uint64_t{node} << 8) | static_cast<uint8_t>(c);
    auto it = edges.find(key);
    if (it == edges.end()) {
      const auto child = static_cast<uint32_t>(tokenAt.size());
      tokenAt.push_back(-1);
      it = edges.emplace(key, child).first;
    }
    node = it->second;
  }
  tokenAt[node] = id;
}

size_t AddedTokens::Trie::longestAt(std::string_view text, size_t pos, int32_t* id) const {
  uint32_t node = 0;
  size_t best = 0;
  for (size_t i = pos; i < text.size(); ++i) {
    const uint64_t key = (uint64_t{node} << 8) | static_cast<uint8_t>(text[i]);
    const auto it = edges.find(key);
    if (it == edges.end()) break;
    node = it->second;
    if (tokenAt[node] >= 0) {
      best = i + 1 - pos;
      *id = tokenAt[node];
    }
  }
  return best;
}

void AddedTokens::add(AddedToken token, std::string normalizedContent) {
  if (token.content.empty()) {
    throw TokenizerError("added token with id " + std::to_string(token.id) + " has an empty content");
  }
  if (indexById_.count(token.id) != 0) {
    throw TokenizerError("added token id " + std::to_string(token.id) + " appears twice");
  }
  if (idByContent_.count(token.content) != 0) {
    throw TokenizerError("added token '" + token.content + "' appears twice (ids " +
                         std::to_string(idByContent_[token.content]) + " and " +
                         std::to_string(token.id) + ")");
  }
  if (token.normalized) {
    if (normalizedContent.empty()) {
      throw TokenizerError("added token '" + token.content + "' is empty after normalization");
    }
    normalized_.insert(normalizedContent, token.id);
  } else {
    raw_.insert(token.content, token.id);
  }
  idByContent_.emplace(token.content, token.id);
  indexById_.emplace(token.id, tokens_.size());
  tokens_.push_back(std::move(token));
}

void AddedTokens::split(std::string_view text, bool normalizedPass, std::vector<TextPiece>& out) const {
  const Trie& trie = normalizedPass ? normalized_ : raw_;
  if (trie.edges.empty()) {
    if (!text.empty()) out.push_back({text, -1});
    return;
  }
  size_t plainStart = 0;
  for (size_t pos = 0; pos < text.size();) {
    int32_t id = -1;
    const size_t len = trie.longestAt(text, pos, &id);
    if (len == 0) {
      ++pos;
      continue;
    }
    if (pos > plainStart) out.push_back({text.substr(plainStart, pos - plainStart), -1});
    out.push_back({text.substr(pos, len), id});
    pos += len;
    plainStart = pos;
  }
  if (plainStart < text.size()) out.push_back({text.substr(plainStart), -1});
}

std::optional<int32_t> AddedTokens::find(std::string_view content) const {
  const auto it = idByContent_.find(std::string(content));
  if (it == idByContent_.end()) return std::nullopt;
  return it->second;
}

const AddedToken* AddedTokens::byId(int32_t id) const {
  const auto it = indexById_.find(id);
  return it == indexById_.end() ? nullptr : &tokens_[it->second];
}

}  // namespace gwb::text
