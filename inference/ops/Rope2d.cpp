#include "inference/ops/Rope2d.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "inference/ops/OpCheck.h"
#include "inference/ops/Rope.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t tokens, heads, headDim, axes, pairs, tokenStride;
};
constexpr uint32_t kGroup = 128;
}  // namespace

void rope2d(OpContext& ctx, BufferView x, BufferView cosSin, const Rope2dParams& p) {
  if (p.axes == 0 || p.pairs() == 0) throw std::invalid_argument("rope2d: headDim must hold at least one pair per axis");
  if (p.tokens == 0 || p.heads == 0) return;
  const uint64_t need = uint64_t(p.tokens) * p.axes * p.pairs() * 2 * 4;
  if (cosSin.size < need) throw std::invalid_argument("rope2d: cos/sin table smaller than tokens x axes x pairs");
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"rope2d", 2, sizeof(Push), {kGroup}});
  const Push push{p.tokens, p.heads, p.headDim, p.axes, p.pairs(), p.tokenStride ? p.tokenStride : p.heads * p.headDim};
  ctx.rec.dispatch(pipe, {gpu::inout(x), gpu::in(cosSin)}, push,
                   groupsFor(uint64_t(p.heads) * p.axes * p.pairs(), kGroup), std::min<uint32_t>(p.tokens, 65535));
}

// Per axis exactly as Gemma4VisionRotaryEmbedding.forward: freqs = inv_freq @ pos (a K = 1
// matmul: one float32 product per angle), cos/sin in float32; here evaluated in double and
// rounded once (see ropeTable).
std::vector<float> rope2dTable(std::span<const int32_t> positions, uint32_t axes, std::span<const float> invFreq) {
  if (axes == 0 || positions.size() % axes != 0) throw std::invalid_argument("rope2dTable: positions not [tokens, axes]");
  const size_t tokens = positions.size() / axes, F = invFreq.size();
  std::vector<float> table(tokens * axes * F * 2);
  for (size_t t = 0; t < tokens; ++t) {
    for (size_t a = 0; a < axes; ++a) {
      const float pos = float(positions[t * axes + a]);
      for (size_t j = 0; j < F; ++j) {
        const float angle = pos * invFreq[j];
        const size_t o = ((t * axes + a) * F + j) * 2;
        table[o] = float(std::cos(double(angle)));
        table[o + 1] = float(std::sin(double(angle)));
      }
    }
  }
  return table;
}

namespace ref {
// Written as HF does it: split the head into `axes` parts, rotate_half within each part.
void rope2d(float* x, const float* cosSin, const Rope2dParams& p) {
  const uint32_t stride = p.tokenStride ? p.tokenStride : p.heads * p.headDim;
  const uint32_t F = p.pairs(), part = 2 * F;
  std::vector<double> rotated(part);
  for (uint32_t t = 0; t < p.tokens; ++t) {
    for (uint32_t h = 0; h < p.heads; ++h) {
      for (uint32_t a = 0; a < p.axes; ++a) {
        float* v = x + size_t(t) * stride + size_t(h) * p.headDim + size_t(a) * part;
        const float* cs = cosSin + (size_t(t) * p.axes + a) * F * 2;
        // cos/sin are emb = cat(freqs, freqs): channel c uses frequency c mod F.
        for (uint32_t c = 0; c < part; ++c) {
          const double rh = c < F ? -double(v[c + F]) : double(v[c - F]);  // rotate_half
          rotated[c] = double(v[c]) * cs[(c % F) * 2] + rh * cs[(c % F) * 2 + 1];
        }
        for (uint32_t c = 0; c < part; ++c) v[c] = float(rotated[c]);
      }
    }
  }
}
}  // namespace ref

void addRope2dChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* name;
    uint32_t tokens, heads, headDim, axes, tokenStride;
    uint32_t gridW;  // positions: (i mod gridW, i / gridW) for axes 2; axis a of 3: i / gridW^a mod gridW
    int32_t offset;  // added to every position
  };
  const Case cases[] = {
      // E2B/E4B: hd 64, 12 heads, 16 pairs per axis; a 48-wide grid (budget 280, square)
      {"e2b hd64", 300, 12, 64, 2, 0, 48, 0},
      // 26B/31B: hd 72 → 18 pairs per axis (not a power of two)
      {"26b hd72", 100, 16, 72, 2, 0, 33, 0},
      // tiny-s1: hd 16, 2 heads → 4 pairs per axis; 60-wide grid (budget 280 of 300x200)
      {"tiny hd16", 180, 2, 16, 2, 0, 60, 0},
      // q rows inside a wider buffer
      {"token stride 100", 37, 2, 32, 2, 100, 7, 0},
      // three axes with 2 leftover channels that must pass through (hd 20 → 3 pairs per axis)
      {"3 axes hd20", 50, 3, 20, 3, 0, 5, 0},
      // large positions (the table is 10240 rows per axis)
      {"positions near 10240", 40, 4, 64, 2, 0, 10, 10200},
  };
  for (const Case& k : cases) {
    list.push_back({"rope2d", "portable",
                    std::string(k.name) + " " + std::to_string(k.tokens) + "x" + std::to_string(k.heads) + "x" +
                        std::to_string(k.headDim),
                    [k](gpu::Device& dev, uint64_t seed) {
                      const Rope2dParams p{k.tokens, k.heads, k.headDim, k.axes, k.tokenStride};
                      const uint32_t stride = k.tokenStride ? k.tokenStride : k.heads * k.headDim;
                      std::vector<int32_t> pos(size_t(k.tokens) * k.axes);
                      for (uint32_t t = 0; t < k.tokens; ++t) {
                        uint32_t rest = t;
                        for (uint32_t a = 0; a < k.axes; ++a) {
                          pos[size_t(t) * k.axes + a] = int32_t(rest % k.gridW) + k.offset;
                          rest /= k.gridW;
                        }
                      }
                      const auto inv = ropeInverseFrequencies(100.0f, k.headDim / k.axes, p.pairs());
                      const auto table = rope2dTable(pos, k.axes, inv);
                      auto x = randomFloats(size_t(k.tokens) * stride, seed, -2.0f, 2.0f);
                      auto bx = uploadFloats(dev, x, "x");
                      auto bt = uploadFloats(dev, table, "cosSin");
                      const double ms = recordAndTime(dev, [&](OpContext& c) { rope2d(c, bx.view(), bt.view(), p); });
                      ref::rope2d(x.data(), table.data(), p);  // in place; padding and leftovers stay
                      CheckResult r = compare(downloadFloats(dev, bx.view()), x, 1e-6);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
  // The axial layout itself on a hand-made case: hd 8, 2 axes, 2 pairs, inv_freq (1, 0.1),
  // position (x, y) = (1, 2): channels 0..3 rotate by x, 4..7 by y, with rotate-half pairing.
  list.push_back({"rope2d", "layout", "hd8 axes2 (x=1, y=2)", [](gpu::Device& dev, uint64_t) {
                    const Rope2dParams p{1, 1, 8, 2, 0};
                    const float inv[] = {1.0f, 0.1f};
                    const int32_t pos[] = {1, 2};
                    const auto table = rope2dTable(pos, 2, inv);
                    std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8};
                    std::vector<float> want(8);
                    const double th[4] = {1.0, 1.0 * double(0.1f), 2.0, 2.0 * double(0.1f)};  // (axis, j)
                    for (int a = 0; a < 2; ++a) {
                      for (int j = 0; j < 2; ++j) {
                        const double t = double(float(th[a * 2 + j]));
                        const double u = x[size_t(a * 4 + j)], w = x[size_t(a * 4 + j + 2)];
                        want[size_t(a * 4 + j)] = float(u * std::cos(t) - w * std::sin(t));
                        want[size_t(a * 4 + j + 2)] = float(w * std::cos(t) + u * std::sin(t));
                      }
                    }
                    auto bx = uploadFloats(dev, x, "x");
                    auto bt = uploadFloats(dev, table, "cosSin");
                    const double ms = recordAndTime(dev, [&](OpContext& c) { rope2d(c, bx.view(), bt.view(), p); });
                    CheckResult r = compare(downloadFloats(dev, bx.view()), want, 1e-6);
                    r.milliseconds = ms;
                    return r;
                  }});
}

}  // namespace gwb::ops
