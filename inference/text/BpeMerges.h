#pragma once
// The merge table of a BPE model: (left id, right id) -> (rank, merged id). A merge's rank is its
// position in tokenizer.json's "merges" list; lower ranks merge first. Open addressing keyed on
// the id pair packed into 64 bits, so 515k merges need no per-entry allocation.
#include <cstdint>
#include <optional>
#include <vector>

namespace gwb::text {

struct BpeMerge {
  uint32_t rank;
  int32_t mergedId;
};

class BpeMerges {
 public:
  void reserve(size_t merges);
  // Adds a merge; a later merge of the same pair replaces the earlier one (as HF tokenizers does).
  void add(int32_t left, int32_t right, BpeMerge merge);
  std::optional<BpeMerge> find(int32_t left, int32_t right) const;
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = kEmpty;
    BpeMerge merge{};
  };
  static constexpr uint64_t kEmpty = UINT64_MAX;
  static uint64_t keyOf(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
  }
  size_t slotOf(uint64_t key) const;

  std::vector<Slot> slots_;  // size is 0 or a power of 2, kept at most half full
  size_t size_ = 0;
};

}  // namespace gwb::text
