#include "inference/ops/AttentionPack.h"

#include <algorithm>
#include <string>
#include <vector>

namespace gwb::ops {

namespace {
struct PackPush {
  uint32_t rows, rowsPadded, width, srcStride, groups, fold, order;
};

// Where element (g, r, c) of the packed copy lies, in halfs.
size_t packedIndex(const PackShape& s, PackOrder order, uint32_t g, uint32_t r, uint32_t c) {
  const size_t row = size_t(g) * s.rowsPadded + r;
  switch (order) {
    case PackOrder::Blocks16: return ((row / 16 * (s.width / 16) + c / 16) * 16 + row % 16) * 16 + c % 16;
    case PackOrder::RowMajor: return row * s.width + c;
    case PackOrder::Transposed: return (size_t(g) * s.width + c) * s.rowsPadded + r;
  }
  return 0;
}

CheckResult runPackCase(gpu::Device& dev, uint64_t seed, const PackShape& s, PackOrder order) {
  const uint32_t srcRows = (s.rows + s.fold - 1) / s.fold;
  auto x = randomFloats(size_t(srcRows) * s.srcStride, seed, -3.0f, 3.0f);
  auto bx = uploadFloats(dev, x, "x");
  const size_t n = size_t(s.groups) * s.rowsPadded * s.width;
  gpu::Buffer dst(dev, uint64_t(n) * 2, gpu::MemoryUsage::DeviceLocal, "packed");
  {
    const std::vector<uint16_t> junk(n, 0x7e00);  // NaN: the pad must be overwritten
    dev.upload(dst.view(), junk.data(), junk.size() * 2);
  }
  const double ms = recordAndTime(dev, [&](OpContext& c) { packAttentionOperand(c, bx.view(), dst.view(), s, order); });
  std::vector<float> want(n, 0.0f);
  for (uint32_t g = 0; g < s.groups; ++g) {
    for (uint32_t r = 0; r < s.rows; ++r) {
      const size_t src = size_t(r / s.fold) * s.srcStride + size_t(g * s.fold + r % s.fold) * s.width;
      for (uint32_t c = 0; c < s.width; ++c) {
        want[packedIndex(s, order, g, r, c)] = gpu::f16ToF32(gpu::f32ToF16(x[src + c]));
      }
    }
  }
  // Rounding to the nearest f16 is exact on both sides.
  CheckResult r = compare(downloadAsFloats(dev, dst.view(), DType::F16), want, 0.0);
  r.milliseconds = ms;
  return r;
}
}  // namespace

void packAttentionOperand(OpContext& ctx, BufferView src, BufferView dst, const PackShape& s, PackOrder order) {
  const PackPush push{s.rows, s.rowsPadded, s.width, s.srcStride, s.groups, s.fold, uint32_t(order)};
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"flash_attention_pack", 2, sizeof(PackPush), {}});
  const uint32_t groupsNeeded = groupsFor(uint64_t(s.groups) * s.rowsPadded * s.width / 2, 256);
  const uint32_t gx = std::min(groupsNeeded, 65535u);
  ctx.rec.dispatch(pipe, {gpu::in(src), gpu::out(dst)}, push, gx, groupsFor(groupsNeeded, gx));
}

void addAttentionPackChecks(CheckList& list) {
  struct Case {
    const char* family;
    const char* name;
    PackShape s;
    PackOrder order;
  };
  // Blocks: keys of 45 rows padded to 32-row blocks, a 70 x 512 tile; queries folded per KV head
  // (21 queries x 8 heads of one KV head; 37 queries x 3 heads of each of 2 KV heads, hd 48, row
  // stride 300). Row-major and transposed (attngemm): the same folds, odd row counts, padding.
  const Case cases[] = {
      {"flashattn", "pack 45x96 stride 100 block 32", {45, 64, 96, 100, 1, 1}, PackOrder::Blocks16},
      {"flashattn", "pack 70x512 block 64", {70, 128, 512, 512, 1, 1}, PackOrder::Blocks16},
      {"flashattn", "pack q 21 x 8 heads / 1 kv hd32", {168, 192, 32, 256, 1, 8}, PackOrder::Blocks16},
      {"flashattn", "pack q 37 x 6 heads / 2 kv hd48", {111, 128, 48, 300, 2, 3}, PackOrder::Blocks16},
      {"attngemm", "pack q 37 x 6 heads / 2 kv hd48 row-major", {111, 111, 48, 300, 2, 3}, PackOrder::RowMajor},
      {"attngemm", "pack k 45 x 2 kv hd64 row-major", {45, 45, 64, 136, 2, 1}, PackOrder::RowMajor},
      {"attngemm", "pack v 45 x 2 kv hd64 transposed, padded to 56", {45, 56, 64, 136, 2, 1}, PackOrder::Transposed},
      {"attngemm", "pack v 301 x 1 kv hd512 transposed", {301, 304, 512, 512, 1, 1}, PackOrder::Transposed},
  };
  for (const Case& c : cases) {
    list.push_back({c.family, "portable", c.name,
                    [c](gpu::Device& dev, uint64_t seed) { return runPackCase(dev, seed, c.s, c.order); }});
  }
}

}  // namespace gwb::ops
