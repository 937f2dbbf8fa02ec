#include "inference/ops/Rope.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "inference/ops/OpCheck.h"
#include "inference/ops/ParallelRows.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t tokens, heads, headDim, rotatedPairs, tokenStride;
};
constexpr uint32_t kGroup = 128;
}  // namespace

void rope(OpContext& ctx, BufferView x, BufferView cosSin, const RopeParams& p) {
  if (p.rotatedPairs > p.headDim / 2) throw std::invalid_argument("rope: rotatedPairs > headDim / 2");
  if (p.tokens == 0 || p.heads == 0 || p.rotatedPairs == 0) return;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"rope", 2, sizeof(Push), {kGroup}});
  const Push push{p.tokens, p.heads, p.headDim, p.rotatedPairs, p.tokenStride ? p.tokenStride : p.heads * p.headDim};
  ctx.rec.dispatch(pipe, {gpu::inout(x), gpu::in(cosSin)}, push, groupsFor(uint64_t(p.heads) * p.rotatedPairs, kGroup),
                   std::min<uint32_t>(p.tokens, 65535));
}

// torch (HF `_compute_default_rope_parameters` / `_compute_proportional_rope_parameters`):
//   inv_freq = 1.0 / (base ** (torch.arange(0, 2 * pairs, 2, dtype=torch.int64).float() / dim))
// Every step is float32: the exponent 2i/dim is a float32 division (exact when dim is a power of
// two), `base ** tensor` is a float32 pow with base rounded to float32 (1e4 and 1e6 are exact), and
// 1.0 / x is a float32 division. Doing the same here (std::pow(float, float) is powf) lands on
// torch's values up to powf's last-bit differences between libm implementations, where a double
// computation would differ from torch in the last bit far more often.
std::vector<float> ropeInverseFrequencies(float theta, uint32_t freqDim, uint32_t rotatedPairs) {
  std::vector<float> inv(rotatedPairs);
  for (uint32_t i = 0; i < rotatedPairs; ++i) {
    const float exponent = float(2 * i) / float(freqDim);
    inv[i] = 1.0f / std::pow(theta, exponent);
  }
  return inv;
}

// torch: freqs = inv_freq[None, :, None].float() @ position_ids[:, None, :].float() (a K = 1
// matmul: one float32 product), then emb.cos() / emb.sin() in float32. The float32 angle is formed
// exactly the same way; cos/sin are evaluated in double and rounded once, i.e. correctly rounded,
// which torch's float32 cos/sin match to within an ulp.
std::vector<float> ropeTable(std::span<const int32_t> positions, std::span<const float> invFreq) {
  std::vector<float> table(positions.size() * invFreq.size() * 2);
  ropeTableInto(positions, invFreq, table.data());
  return table;
}

void ropeTableInto(std::span<const int32_t> positions, std::span<const float> invFreq, float* table) {
  // A 4096-token prefill chunk needs ~2 M correctly rounded cos/sin pairs: spread over the cores.
  parallelRows(positions.size(), invFreq.size() * 8, [&](size_t first, size_t end) {
    for (size_t t = first; t < end; ++t) {
      for (size_t i = 0; i < invFreq.size(); ++i) {
        const float angle = float(positions[t]) * invFreq[i];
        table[(t * invFreq.size() + i) * 2] = float(std::cos(double(angle)));
        table[(t * invFreq.size() + i) * 2 + 1] = float(std::sin(double(angle)));
      }
    }
  });
}

namespace ref {
void rope(float* x, const float* cosSin, const RopeParams& p) {
  const uint32_t stride = p.tokenStride ? p.tokenStride : p.heads * p.headDim;
  const uint32_t half = p.headDim / 2;
  for (uint32_t t = 0; t < p.tokens; ++t) {
    for (uint32_t h = 0; h < p.heads; ++h) {
      float* row = x + size_t(t) * stride + size_t(h) * p.headDim;
      for (uint32_t i = 0; i < p.rotatedPairs; ++i) {
        const double c = cosSin[(size_t(t) * p.rotatedPairs + i) * 2];
        const double s = cosSin[(size_t(t) * p.rotatedPairs + i) * 2 + 1];
        const double x0 = row[i], x1 = row[i + half];
        row[i] = float(x0 * c - x1 * s);
        row[i + half] = float(x1 * c + x0 * s);
      }
    }
  }
}
}  // namespace ref

void addRopeChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    const char* name;
    uint32_t tokens, heads, headDim, rotatedPairs, tokenStride;
    float theta;
    uint32_t freqDim;
    int32_t firstPos, posStep;
  };
  const Case cases[] = {
      // sliding layers: rope_type default, θ 1e4, all 128 pairs of hd 256
      {"default hd256 θ1e4", 7, 8, 256, 128, 0, 1e4f, 256, 0, 1},
      // full layers: proportional, θ 1e6, 64 pairs (i, i + 256) of hd 512, exponent over 512
      {"proportional hd512 θ1e6", 5, 2, 512, 64, 0, 1e6f, 512, 3, 1},
      // tiny-s1 fixture: sliding hd 16 (8 pairs); full global_head_dim 32 with partial 0.25:
      // int(0.25 * 32 // 2) = 4 pairs, exponent over 32
      {"tiny sliding hd16", 9, 4, 16, 8, 0, 1e4f, 16, 0, 1},
      {"tiny full hd32 4 pairs", 9, 1, 32, 4, 0, 1e6f, 32, 0, 1},
      // rows inside a wider fused buffer (q and k heads side by side): stride > heads * headDim
      {"token stride 200", 11, 2, 64, 32, 200, 1e4f, 64, 0, 1},
      // positions far from 0 and not contiguous (5000, 5001, 5004, 5006, ..., 5040)
      {"positions 5000..5040", 21, 3, 256, 128, 0, 1e4f, 256, 5000, 2},
  };
  for (const Case& k : cases) {
    list.push_back({"rope", "portable",
                    std::string(k.name) + " " + std::to_string(k.tokens) + "x" + std::to_string(k.heads) + "x" +
                        std::to_string(k.headDim),
                    [k](gpu::Device& dev, uint64_t seed) {
                      const RopeParams p{k.tokens, k.heads, k.headDim, k.rotatedPairs, k.tokenStride};
                      const uint32_t stride = k.tokenStride ? k.tokenStride : k.heads * k.headDim;
                      std::vector<int32_t> pos(k.tokens);
                      for (uint32_t t = 0; t < k.tokens; ++t)
                        pos[t] = k.firstPos + int32_t(t) * k.posStep + (t == 1 && k.posStep > 1 ? -1 : 0);
                      const auto table = ropeTable(pos, ropeInverseFrequencies(k.theta, k.freqDim, k.rotatedPairs));
                      auto x = randomFloats(size_t(k.tokens) * stride, seed, -2.0f, 2.0f);
                      auto bx = uploadFloats(dev, x, "x");
                      auto bt = uploadFloats(dev, table, "cosSin");
                      const double ms = recordAndTime(dev, [&](OpContext& c) { rope(c, bx.view(), bt.view(), p); });
                      ref::rope(x.data(), table.data(), p);  // in place, like the op; padding stays as it was
                      // Two f32 products and a sum per value: within ~1.5 ulp of the largest value.
                      CheckResult r = compare(downloadFloats(dev, bx.view()), x, 1e-6);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
  // The host tables against double-precision maths: inv_freq within 1 ulp of powf plus the
  // division's half ulp (relative 3e-7), cos/sin of the float32 angle correctly rounded.
  list.push_back({"rope", "table", "inv_freq + cos/sin, hd 512 θ1e6 / hd 256 θ1e4", [](gpu::Device&, uint64_t) {
                    double worst = 0;
                    const struct {
                      float theta;
                      uint32_t dim, pairs;
                    } specs[] = {{1e6f, 512, 64}, {1e4f, 256, 128}, {1e6f, 32, 4}};
                    for (const auto& s : specs) {
                      const auto inv = ropeInverseFrequencies(s.theta, s.dim, s.pairs);
                      for (uint32_t i = 0; i < s.pairs; ++i) {
                        const double want = std::pow(double(s.theta), -2.0 * i / s.dim);
                        worst = std::max(worst, std::fabs(inv[i] - want) / want);
                      }
                      const int32_t positions[] = {0, 1, 77, 5000, 131071};
                      const auto table = ropeTable(positions, inv);
                      for (size_t t = 0; t < std::size(positions); ++t) {
                        for (uint32_t i = 0; i < s.pairs; ++i) {
                          const double a = double(float(positions[t]) * inv[i]);
                          worst = std::max(worst, std::fabs(table[(t * s.pairs + i) * 2] - std::cos(a)));
                          worst = std::max(worst, std::fabs(table[(t * s.pairs + i) * 2 + 1] - std::sin(a)));
                        }
                      }
                    }
                    CheckResult r;
                    r.maxError = worst;
                    r.tolerance = 3e-7;
                    r.pass = worst <= r.tolerance;
                    return r;
                  }});
}

}  // namespace gwb::ops
