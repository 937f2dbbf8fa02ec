#include "inference/ops/ClippedNormRope2d.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/ops/Rope.h"
#include "inference/ops/Rope2d.h"
#include "inference/ops/RmsNorm.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t tokens, headDim, axes, pairs;
  uint32_t heads0, heads1, heads2;
  uint32_t flags;
  float min0, max0, min1, max1, min2, max2;
  float eps;
};
// One NVIDIA subgroup per (token, head) row: 32 invocations own the 32 channel pairs of a 64-wide
// head; each invocation holds up to kPairsPerInvocation pairs (shader MAXP).
constexpr uint32_t kGroup = 32;
constexpr uint32_t kPairsPerInvocation = 8;
// clipped_norm_rope2d_vec4.comp: headDim / 8 invocations per row (two vec4s each), several rows
// per subgroup, more loads in flight than the scalar kernel's one row per workgroup.
constexpr uint32_t kVec4Group = 256;
// A row's lanes must share a subgroup whatever size the driver picks (some vary it per pipeline).
bool vec4Rows(const gpu::DeviceInfo& d, uint32_t headDim, uint32_t pairs) {
  const uint32_t lanes = headDim / 8;
  const uint32_t smallest = d.minSubgroupSize ? d.minSubgroupSize : d.subgroupSize;
  const uint32_t largest = std::max(d.maxSubgroupSize, d.subgroupSize);
  return d.subgroupShuffle && headDim % 8 == 0 && pairs % 4 == 0 && std::has_single_bit(lanes) &&
         lanes <= smallest && kVec4Group % largest == 0;
}
}  // namespace

void clippedNormRope2d(OpContext& ctx, BufferView cosSin, const ClippedNormRope2dParams& p) {
  if (p.streams == 0 || p.streams > 3) throw std::invalid_argument("clippedNormRope2d: 1 to 3 streams");
  if (p.axes == 0 || p.headDim == 0 || p.headDim % (2 * p.axes) != 0) {
    throw std::invalid_argument("clippedNormRope2d: headDim " + std::to_string(p.headDim) +
                                " is not a multiple of 2 x axes");
  }
  const uint32_t pairs = p.headDim / (2 * p.axes), perHead = p.axes * pairs;
  if (perHead > kGroup * kPairsPerInvocation) throw std::invalid_argument("clippedNormRope2d: headDim too large");
  bool rotates = false;
  uint32_t flags = 0, heads = 0;
  for (uint32_t i = 0; i < p.streams; ++i) {
    const NormRopeStream& s = p.s[i];
    if (!s.x || s.heads == 0) throw std::invalid_argument("clippedNormRope2d: stream " + std::to_string(i) + " empty");
    if (s.x.size < uint64_t(p.tokens) * s.heads * p.headDim * 4) {
      throw std::invalid_argument("clippedNormRope2d: stream " + std::to_string(i) + " smaller than tokens x heads x headDim");
    }
    if (s.weight) flags |= 1u << i;
    if (s.rotates) flags |= 16u << i, rotates = true;
    heads += s.heads;
  }
  if (rotates && cosSin.size < uint64_t(p.tokens) * perHead * 8) {
    throw std::invalid_argument("clippedNormRope2d: cos/sin table smaller than tokens x axes x pairs");
  }
  if (p.tokens == 0) return;
  const auto& s = p.s;
  const Push push{p.tokens, p.headDim, p.axes, pairs,
                  s[0].heads, p.streams > 1 ? s[1].heads : 0, p.streams > 2 ? s[2].heads : 0, flags,
                  s[0].min, s[0].max, s[1].min, s[1].max, s[2].min, s[2].max, p.eps};
  // The vec4 build's token groups (kVec4Group / L rows each); 0 where it does not run this shape.
  const uint32_t vec4Groups =
      vec4Rows(ctx.device.info(), p.headDim, pairs) ? groupsFor(p.tokens, kVec4Group / (p.headDim / 8)) : 0;
  const bool vec4 = vec4Groups != 0 && vec4Groups <= 65535;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {vec4 ? "clipped_norm_rope2d_vec4" : "clipped_norm_rope2d", 7, sizeof(Push), {vec4 ? kVec4Group : kGroup}});
  // Unused slots are bound to stream 0 / its input and never touched.
  auto x = [&](uint32_t i) { return i < p.streams ? gpu::inout(s[i].x) : gpu::in(s[0].x); };
  auto w = [&](uint32_t i) { return gpu::in(i < p.streams && s[i].weight ? s[i].weight : s[0].x); };
  const uint32_t tokenGroups = vec4 ? vec4Groups : p.tokens;
  ctx.rec.dispatch(pipe, {x(0), x(1), x(2), w(0), w(1), w(2), gpu::in(rotates ? cosSin : s[0].x)}, push, heads,
                   std::min<uint32_t>(tokenGroups, 65535));
}

namespace ref {
void clippedNormRope2d(const ClippedNormRope2dParams& p, const std::array<float*, 3>& x,
                       const std::array<const float*, 3>& weight, const float* cosSin) {
  for (uint32_t i = 0; i < p.streams; ++i) {
    const NormRopeStream& s = p.s[i];
    const size_t n = size_t(p.tokens) * s.heads * p.headDim;
    for (size_t e = 0; e < n; ++e) x[i][e] = std::clamp(x[i][e], s.min, s.max);
    rmsNorm(x[i], weight[i], x[i], {p.tokens * s.heads, p.headDim, p.eps, 0, 0});
    if (s.rotates) rope2d(x[i], cosSin, {p.tokens, s.heads, p.headDim, p.axes, 0});
  }
}
}  // namespace ref

void addClippedNormRope2dChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* name;
    uint32_t tokens, headDim, gridW;
    std::array<uint32_t, 3> heads;
    uint32_t streams;
  };
  const Case cases[] = {
      {"e2b q/k/v 300x12x64", 300, 64, 48, {12, 12, 12}, 3},  // E2B/E4B vision
      {"26b hd72 q/k/v 60x16/4", 60, 72, 33, {16, 4, 4}, 3},  // 18 pairs per axis, GQA-like heads
      {"tiny hd16 180x2", 180, 16, 60, {2, 2, 2}, 3},         // tiny-s1 fixture
      {"one stream hd64", 50, 64, 10, {3, 0, 0}, 1},
  };
  for (const Case& k : cases) {
    list.push_back({"rope2d", "clipped-norm", k.name, [k](gpu::Device& dev, uint64_t seed) {
                      ClippedNormRope2dParams p;
                      p.tokens = k.tokens, p.headDim = k.headDim, p.axes = 2, p.eps = 1e-6f, p.streams = k.streams;
                      std::vector<int32_t> pos(size_t(k.tokens) * 2);
                      for (uint32_t t = 0; t < k.tokens; ++t) {
                        pos[size_t(t) * 2] = int32_t(t % k.gridW);
                        pos[size_t(t) * 2 + 1] = int32_t(t / k.gridW);
                      }
                      const uint32_t pairs = k.headDim / 4;
                      const auto table = rope2dTable(pos, 2, ropeInverseFrequencies(100.0f, k.headDim / 2, pairs));
                      auto bt = uploadFloats(dev, table, "cosSin");
                      // Bounds clip a good share of x ~ U(-3, 3); q and k normed with weights and
                      // rotated, the third stream (v) weightless and not rotated.
                      const float bounds[3][2] = {{-2.2f, 2.0f}, {-1.9f, 2.4f}, {-2.5f, 1.7f}};
                      std::array<std::vector<float>, 3> x, w;
                      std::array<gpu::Buffer, 3> bx, bw;
                      std::array<float*, 3> xp{};
                      std::array<const float*, 3> wp{};
                      for (uint32_t i = 0; i < k.streams; ++i) {
                        x[i] = randomFloats(size_t(k.tokens) * k.heads[i] * k.headDim, seed + i, -3.0f, 3.0f);
                        w[i] = randomFloats(k.headDim, seed + 10 + i, 0.3f, 1.5f);
                        bx[i] = uploadFloats(dev, x[i], "x");
                        bw[i] = uploadFloats(dev, w[i], "w");
                        const bool qk = i < 2;
                        p.s[i] = {bx[i].view(), k.heads[i], bounds[i][0], bounds[i][1],
                                  qk ? bw[i].view() : BufferView{}, qk};
                        xp[i] = x[i].data();
                        wp[i] = qk ? w[i].data() : nullptr;
                      }
                      const double ms = recordAndTime(dev, [&](OpContext& c) { clippedNormRope2d(c, bt.view(), p); });
                      ref::clippedNormRope2d(p, xp, wp, table.data());
                      CheckResult r;
                      r.pass = true;
                      for (uint32_t i = 0; i < k.streams && r.pass; ++i) {
                        const CheckResult ri = compare(downloadFloats(dev, bx[i].view()), x[i], 1e-5);
                        r.tolerance = ri.tolerance;
                        r.maxError = std::max(r.maxError, ri.maxError);
                        if (!ri.pass) r = ri, r.note = "stream " + std::to_string(i) + ": " + ri.note;
                      }
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
