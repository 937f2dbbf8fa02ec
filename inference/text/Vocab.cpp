#include "inference/text/Vocab.h"

#include <algorithm>
#include <functional>
#include <string>

#include "inference/text/TokenizerError.h"

namespace gwb::text {

namespace {

size_t hashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }

std::string quoted(std::string_view s) {
  constexpr size_t kShown = 40;
  return "'" + std::string(s.substr(0, kShown)) + (s.size() > kShown ? "...'" : "'");
}

}  // namespace

void Vocab::add(std::string_view token, int64_t id) {
  if (id < 0 || id > kMaxId) {
    throw TokenizerError("token " + quoted(token) + " has id " + std::to_string(id) +
                         ", outside 0.." + std::to_string(kMaxId));
  }
  if (token.size() >= kNone || arena_.size() + token.size() >= kNone) {
    throw TokenizerError("vocabulary text is larger than 4 GiB");
  }
  Span span{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(token.size())};
  arena_.insert(arena_.end(), token.begin(), token.end());
  pending_.push_back({span, static_cast<int32_t>(id)});
}

void Vocab::finish() {
  int32_t maxId = -1;
  for (const Pending& p : pending_) maxId = std::max(maxId, p.id);
  spans_.assign(static_cast<size_t>(maxId + 1), Span{});
  for (const Pending& p : pending_) {
    Span& slot = spans_[static_cast<size_t>(p.id)];
    if (slot.length != kNone) {
      throw TokenizerError("id " + std::to_string(p.id) + " is given to both " + quoted(view(slot)) +
                           " and " + quoted(view(p.span)));
    }
    slot = p.span;
  }
  count_ = pending_.size();
  size_t capacity = 16;
  while (capacity < 2 * count_) capacity *= 2;
  index_.assign(capacity, Slot{});
  const size_t mask = capacity - 1;
  for (const Pending& p : pending_) {
    const std::string_view s = view(p.span);
    const size_t h = hashOf(s);
    const auto high = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot slot = index_[i];
      if (slot.id < 0) {
        index_[i] = {p.id, high};
        break;
      }
      if (slot.hashHigh == high && view(spans_[static_cast<size_t>(slot.id)]) == s) {
        throw TokenizerError("token " + quoted(s) + " appears twice (ids " +
                             std::to_string(slot.id) + " and " + std::to_string(p.id) + ")");
      }
    }
  }
  pending_.clear();
  pending_.shrink_to_fit();
}

std::optional<int32_t> Vocab::find(std::string_view token) const {
  if (index_.empty()) return std::nullopt;
  const size_t mask = index_.size() - 1;
  const size_t h = hashOf(token);
  const auto high = static_cast<uint32_t>(h >> 32);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot slot = index_[i];
    if (slot.id < 0) return std::nullopt;
    if (slot.hashHigh == high && view(spans_[static_cast<size_t>(slot.id)]) == token) return slot.id;
  }
}

std::optional<std::string_view> Vocab::text(int32_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= spans_.size()) return std::nullopt;
  const Span s = spans_[static_cast<size_t>(id)];
  if (s.length == kNone) return std::nullopt;
  return view(s);
}

}  // namespace gwb::text
