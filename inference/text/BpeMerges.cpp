#include "inference/text/BpeMerges.h"

namespace gwb::text {

namespace {

size_t capacityFor(size_t n) {
  size_t c = 16;
  while (c < 2 * n) c *= 2;
  return c;
}

uint64_t mix(uint64_t k) {
  // splitmix64's finaliser: spreads the packed id pair over all bits.
  k ^= k >> 30;
  k *= 0xbf58476d1ce4e5b9ULL;
  k ^= k >> 27;
  k *= 0x94d049bb133111ebULL;
  return k ^ (k >> 31);
}

}  // namespace

size_t BpeMerges::slotOf(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>(mix(key)) & mask;
  while (slots_[i].key != kEmpty && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void BpeMerges::reserve(size_t merges) {
  if (capacityFor(merges) <= slots_.size()) return;
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(capacityFor(merges), Slot{});
  for (const Slot& s : old) {
    if (s.key != kEmpty) slots_[slotOf(s.key)] = s;
  }
}

void BpeMerges::add(int32_t left, int32_t right, BpeMerge merge) {
  if (slots_.empty() || 2 * (size_ + 1) > slots_.size()) reserve(size_ + 1 + size_ / 2);
  const uint64_t key = keyOf(left, right);
  Slot& s = slots_[slotOf(key)];
  if (s.key == kEmpty) ++size_;
  s.key = key;
  s.merge = merge;
}

std::optional<BpeMerge> BpeMerges::find(int32_t left, int32_t right) const {
  if (slots_.empty()) return std::nullopt;
  const Slot& s = slots_[slotOf(keyOf(left, right))];
  if (s.key == kEmpty) return std::nullopt;
  return s.merge;
}

}  // namespace gwb::text
