#pragma once
// The token strings of a BPE model and the two lookups the tokenizer needs: id -> text and
// text -> id. All strings live in one arena; the text -> id index is an open-addressing table of
// ids (no per-token allocation), so a 262k-entry vocabulary builds in a few milliseconds.
// Built in two steps: add() every entry (ids in any order), then finish().
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace gwb::text {

class Vocab {
 public:
  // Ids at or above this are rejected: they would make the id table absurdly large.
  static constexpr int64_t kMaxId = (int64_t{1} << 23) - 1;

  // Adds one entry. Throws TokenizerError if id is negative or above kMaxId.
  void add(std::string_view token, int64_t id);
  // Builds the id table and the index. Throws TokenizerError naming a duplicate id or token.
  void finish();

  std::optional<int32_t> find(std::string_view token) const;
  // The text of id, or nullopt when no entry has that id.
  std::optional<std::string_view> text(int32_t id) const;
  // Highest id + 1 (0 when empty); ids below it may have gaps.
  size_t idLimit() const { return spans_.size(); }
  size_t count() const { return count_; }

 private:
  struct Span {
    uint32_t offset = 0;
    uint32_t length = kNone;
  };
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Pending {
    Span span;
    int32_t id;
  };

  std::string_view view(Span s) const { return {arena_.data() + s.offset, s.length}; }

  std::vector<char> arena_;
  std::vector<Pending> pending_;  // entries added but not yet indexed
  std::vector<Span> spans_;       // by id
  // Open addressing over ids, size a power of 2. Each slot keeps the id (-1 = empty) and the high
  // half of the token's hash, so most probes that miss never touch the token text.
  struct Slot {
    int32_t id = -1;
    uint32_t hashHigh = 0;
  };
  std::vector<Slot> index_;
  size_t count_ = 0;
};

}  // namespace gwb::text
