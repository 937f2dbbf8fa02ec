#include "inference/text/BpeModel.h"

#include <queue>

#include "inference/text/TokenizerError.h"
#include "inference/text/Utf8.h"

namespace gwb::text {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One symbol of the word being merged: a doubly linked list over a vector, as merges remove
// symbols from the middle. A merged-away symbol has id -1.
struct Symbol {
  int32_t id;
  int32_t prev;
  int32_t next;
};

// A candidate merge of symbols[pos] with its right neighbour. The queue pops the lowest rank,
// then the lowest position.
struct Candidate {
  uint32_t rank;
  int32_t pos;
  int32_t mergedId;
  bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
};

}  // namespace

std::string byteTokenText(uint8_t byte) {
  static const char* kHex = "0123456789ABCDEF";
  std::string s = "<0x00>";
  s[3] = kHex[byte >> 4];
  s[4] = kHex[byte & 15];
  return s;
}

std::optional<uint8_t> byteOfToken(std::string_view token) {
  if (token.size() != 6 || token.substr(0, 3) != "<0x" || token[5] != '>') return std::nullopt;
  const int hi = hexValue(token[3]);
  const int lo = hexValue(token[4]);
  if (hi < 0 || lo < 0) return std::nullopt;
  return static_cast<uint8_t>(hi * 16 + lo);
}

BpeModel::BpeModel(Vocab vocab, BpeMerges merges, BpeOptions options)
    : vocab_(std::move(vocab)), merges_(std::move(merges)), options_(std::move(options)) {
  if (options_.unkToken) {
    unkId_ = vocab_.find(*options_.unkToken);
    if (!unkId_) {
      throw TokenizerError("model.unk_token '" + *options_.unkToken + "' is not in the vocab");
    }
  }
  for (int b = 0; b < 256; ++b) {
    byteIds_[static_cast<size_t>(b)] = vocab_.find(byteTokenText(static_cast<uint8_t>(b))).value_or(-1);
  }
}

void BpeModel::encodeWord(std::string_view word, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  if (options_.ignoreMerges) {
    if (auto id = vocab_.find(word)) {
      out.push_back(*id);
      return;
    }
  }
  // 1. Characters -> initial symbols. Invalid UTF-8 bytes count as one-byte characters; they are
  //    never in the vocab, so they take the byte-fallback path like any unknown character.
  std::vector<Symbol> symbols;
  symbols.reserve(word.size());
  bool pendingUnk = false;
  auto push = [&symbols](int32_t id) {
    const auto n = static_cast<int32_t>(symbols.size());
    symbols.push_back({id, n - 1, n + 1});
  };
  for (size_t pos = 0; pos < word.size();) {
    size_t len = utf8CharLength(word, pos);
    if (len == 0) len = 1;
    const std::string_view ch = word.substr(pos, len);
    pos += len;
    if (auto id = vocab_.find(ch)) {
      if (pendingUnk) push(*unkId_);
      pendingUnk = false;
      push(*id);
      continue;
    }
    if (options_.byteFallback) {
      bool allBytes = true;
      for (char c : ch) allBytes = allBytes && byteIds_[static_cast<uint8_t>(c)] >= 0;
      if (allBytes) {
        // Like HF, a pending <unk> is not flushed here: it lands after these bytes.
        for (char c : ch) push(byteIds_[static_cast<uint8_t>(c)]);
        continue;
      }
    }
    if (!unkId_) continue;  // no unk token: HF drops the character
    // The <unk> is held back so that fuse_unk can fold the next unknown character into it.
    if (pendingUnk && !options_.fuseUnk) push(*unkId_);
    pendingUnk = true;
  }
  if (pendingUnk) push(*unkId_);
  if (symbols.empty()) return;
  symbols.back().next = -1;

  // 2. Merges, lowest rank first. A queued candidate is stale when either side was merged since.
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  auto consider = [&](int32_t pos) {
    const int32_t nxt = symbols[static_cast<size_t>(pos)].next;
    if (nxt < 0) return;
    if (auto m = merges_.find(symbols[static_cast<size_t>(pos)].id, symbols[static_cast<size_t>(nxt)].id)) {
      queue.push({m->rank, pos, m->mergedId});
    }
  };
  for (int32_t i = 0; i + 1 < static_cast<int32_t>(symbols.size()); ++i) consider(i);
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    Symbol& left = symbols[static_cast<size_t>(top.pos)];
    if (left.id < 0 || left.next < 0) continue;
    Symbol& right = symbols[static_cast<size_t>(left.next)];
    const auto now = merges_.find(left.id, right.id);
    if (!now || now->mergedId != top.mergedId) continue;
    left.id = top.mergedId;
    right.id = -1;
    left.next = right.next;
    if (right.next >= 0) symbols[static_cast<size_t>(right.next)].prev = top.pos;
    if (left.prev >= 0) consider(left.prev);
    consider(top.pos);
  }
  for (int32_t i = 0; i >= 0; i = symbols[static_cast<size_t>(i)].next) out.push_back(symbols[static_cast<size_t>(i)].id);
}

}  // namespace gwb::text
