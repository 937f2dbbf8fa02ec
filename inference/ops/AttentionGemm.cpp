#include "inference/ops/AttentionGemm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/gpu/VulkanError.h"
#include "inference/ops/AttentionCheckData.h"
#include "inference/ops/AttentionPack.h"
#include "inference/ops/MatmulCoopMatTiles.h"

namespace gwb::ops {

namespace {
struct MatmulPush {  // matmul_io.glsl's Params with the ATTN fields
  uint32_t M, N, K, ldy, nOffset, flags;
  uint32_t attnPos, attnGroup, attnWindow, attnKeys, attnCausal, ldyOuter;
};
struct SoftmaxPush {  // attention_softmax.comp
  uint32_t rows, ldS, ldP;
  uint32_t attnPos, group, window, keys, causal;
  float scale, logitCap;
};
constexpr uint32_t kSoftmaxGroup = 256;

// attention_softmax.comp over the push's rows of S into P, a workgroup per row.
void recordSoftmax(OpContext& ctx, BufferView s, BufferView pw, const SoftmaxPush& push) {
  const gpu::Pipeline& pipe =
      ctx.device.pipelines().get({"attention_softmax", 2, sizeof(SoftmaxPush), {kSoftmaxGroup}});
  ctx.rec.dispatch(pipe, {gpu::in(s), gpu::out(pw)}, push, std::min<uint32_t>(push.rows, 65535));
}
constexpr uint32_t kFlagHalfOut = 4;  // matmul_coopmat.comp ATTN = 2: y in f16

// The fallback tile where the shape's pick has no attention build (small grids).
constexpr const char* kSmallTile = "64x128_n8";

uint32_t roundUp(uint32_t n, uint32_t m) { return (n + m - 1) / m * m; }

// Sizes of one call. Rows per KV head: queries * G; a slab takes whole queries (multiples of G),
// in multiples of 128 G (whole 128-row blocks) where the budget allows.
struct Layout {
  uint32_t group, rows, keys, ld;  // ld: S's, P's and V^T's row stride (keys rounded up to 8)
  uint32_t slabRows;
  uint64_t qBytes, kBytes, vBytes, sBytes, pBytes;
};

Layout layoutFor(const AttentionParams& p, uint64_t budget) {
  Layout l{};
  l.group = p.heads / p.kvHeads;
  l.rows = p.queries * l.group;
  l.keys = std::max(p.keys, 1u);
  l.ld = roundUp(l.keys, 8);
  const uint64_t budgetRows = budget / (uint64_t(l.ld) * 4);
  uint64_t unit = 128ull * l.group;
  if (budgetRows < unit) unit = l.group;
  l.slabRows = uint32_t(std::min<uint64_t>(l.rows, std::max(unit, budgetRows / unit * unit)));
  l.qBytes = uint64_t(p.kvHeads) * l.rows * p.headDim * 2;
  l.kBytes = uint64_t(p.kvHeads) * l.keys * p.headDim * 2;
  l.vBytes = uint64_t(p.kvHeads) * p.headDim * l.ld * 2;
  l.sBytes = uint64_t(l.slabRows) * l.ld * 4;
  l.pBytes = uint64_t(l.slabRows) * l.ld * 2;
  return l;
}

void grow(gpu::Device& device, gpu::Buffer& b, uint64_t bytes, const char* name) {
  if (b.size() < bytes) b = gpu::Buffer(device, std::max<uint64_t>(bytes, 16), gpu::MemoryUsage::DeviceLocal, name);
}

// The shape's pick where it has an attention build, else the small tile.
const CoopMatTile& attentionTile(const gpu::DeviceInfo& d, uint32_t M, uint32_t N, uint32_t K) {
  const CoopMatTile* t = pickCoopMatTile(d, M, N, K, false, /*wideK64=*/false);
  return t && t->attention ? *t : *findCoopMatTile(kSmallTile);
}

// One ATTN product (`what`: "scores" or "values") through `tile` (nullptr: the pick).
void product(OpContext& ctx, const char* what, BufferView x, BufferView w, BufferView y, const MatmulPush& push,
             const CoopMatTile* tile) {
  const gpu::DeviceInfo& d = ctx.device.info();
  const CoopMatTile& t = tile ? *tile : attentionTile(d, push.M, push.N, push.K);
  const std::string name = std::string("matmul_f16w_xh_attn_") + what + "_coopmat_" + t.name +
                           (coopMatUsesKhr(d, t, CoopMatForm::Auto) ? "_khr" : "");
  const gpu::Pipeline& pipe =
      ctx.device.pipelines().get({name, 4, sizeof(MatmulPush), {}, d.subgroupSizeControl ? 32u : 0u});
  ctx.rec.dispatch(pipe, {gpu::in(x), gpu::in(w), gpu::in(x), gpu::out(y)}, push, groupsFor(push.N, t.bn),
                   groupsFor(push.M, t.bm));
}

void runAttentionGemm(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out,
                      const AttentionParams& p, AttentionGemmWorkspace& ws, DType outType, const CoopMatTile* tile) {
  const uint32_t hd = p.headDim, G = p.heads / p.kvHeads;
  const Layout l = layoutFor(p, ws.scoreBudget());
  if (ws.queries().size() < l.qBytes || ws.keys().size() < l.kBytes || ws.valuesTransposed().size() < l.vBytes ||
      ws.scores().size() < l.sBytes || ws.weights().size() < l.pBytes) {
    throw std::logic_error("attentionGemm: workspace not reserved for this shape");
  }
  const BufferView qh = ws.queries().view(0, l.qBytes), kh = ws.keys().view(0, l.kBytes);
  const BufferView vt = ws.valuesTransposed().view(0, l.vBytes);
  packAttentionOperand(ctx, q, qh, {l.rows, l.rows, hd, p.qRowStride(), p.kvHeads, G}, PackOrder::RowMajor);
  packAttentionOperand(ctx, k, kh, {p.keys, l.keys, hd, p.kvRowStride(), p.kvHeads, 1}, PackOrder::RowMajor);
  packAttentionOperand(ctx, v, vt, {p.keys, l.ld, hd, p.kvRowStride(), p.kvHeads, 1}, PackOrder::Transposed);

  const uint32_t os = p.outRowStride(), causal = p.causal ? 1u : 0u;
  for (uint32_t h = 0; h < p.kvHeads; ++h) {
    for (uint32_t r0 = 0; r0 < l.rows; r0 += l.slabRows) {
      const uint32_t R = std::min(l.slabRows, l.rows - r0), pos = p.queryStart + r0 / G;
      const BufferView qs = qh.sub((uint64_t(h) * l.rows + r0) * hd * 2, uint64_t(R) * hd * 2);
      const BufferView kv = kh.sub(uint64_t(h) * l.keys * hd * 2, uint64_t(l.keys) * hd * 2);
      const BufferView vh = vt.sub(uint64_t(h) * hd * l.ld * 2, uint64_t(hd) * l.ld * 2);
      const BufferView s = ws.scores().view(0, uint64_t(R) * l.ld * 4);
      const BufferView pw = ws.weights().view(0, uint64_t(R) * l.ld * 2);
      product(ctx, "scores", qs, kv, s, {R, p.keys, hd, l.ld, 0, 0, pos, G, p.window, p.keys, causal, 0}, tile);
      recordSoftmax(ctx, s, pw, {R, l.ld, l.ld, pos, G, p.window, p.keys, causal, p.scale, p.logitCap});
      // Row m of the slab: query pos + m / G, head h * G + m % G.
      const uint32_t nOffset = (r0 / G) * os + h * G * hd;
      const uint32_t flags = outType == DType::F16 ? kFlagHalfOut : 0u;
      product(ctx, "values", pw, vh, out, {R, hd, l.ld, hd, nOffset, flags, pos, G, p.window, p.keys, causal, os},
              tile);
    }
  }
}

void validate(const gpu::DeviceInfo& d, const AttentionParams& p, DType outType) {
  if (p.kvHeads == 0 || p.heads % p.kvHeads != 0) throw std::invalid_argument("attentionGemm: unsupported head shape");
  if (!attentionGemmSupported(d, p)) {
    throw gpu::GpuError(gpu::GpuErrorKind::MissingFeature,
                        "attentionGemm: head dim " + std::to_string(p.headDim) + " does not run on " + d.name);
  }
  if (outType != DType::F32 && outType != DType::F16) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "attentionGemm: out must be f32 or f16");
  }
}
}  // namespace

void AttentionGemmWorkspace::reserve(gpu::Device& device, const AttentionParams& p) {
  if (p.kvHeads == 0 || p.heads % p.kvHeads != 0) return;
  const Layout l = layoutFor(p, budget_);
  grow(device, q_, l.qBytes, "attention f16 queries");
  grow(device, k_, l.kBytes, "attention f16 keys");
  grow(device, vt_, l.vBytes, "attention f16 values (transposed)");
  grow(device, s_, l.sBytes, "attention scores");
  grow(device, p_, l.pBytes, "attention softmax weights");
}

bool attentionGemmSupported(const gpu::DeviceInfo& d, const AttentionParams& p) {
  const CoopMatTile* small = findCoopMatTile(kSmallTile);
  return p.headDim % 8 == 0 && d.subgroupArithmetic && small && coopMatTileRuns(d, *small) &&
         std::all_of(coopMatTiles().begin(), coopMatTiles().end(),
                     [&](const CoopMatTile& t) { return !t.attention || coopMatTileRuns(d, t); });
}

void attentionGemm(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out, const AttentionParams& p,
                   AttentionGemmWorkspace& ws, DType outType) {
  validate(ctx.device.info(), p, outType);
  if (p.queries == 0 || p.heads == 0) return;
  runAttentionGemm(ctx, q, k, v, out, p, ws, outType, nullptr);
}

namespace ref {
// attention_softmax.comp on the host: P [rows, ldP] over each row's visible keys, untouched elsewhere.
void attentionSoftmax(const float* s, float* pOut, uint32_t rows, uint32_t ld, uint32_t pos, uint32_t group,
                      const AttentionParams& p) {
  for (uint32_t r = 0; r < rows; ++r) {
    const uint32_t q = pos + r / group;
    const uint32_t hi = p.causal ? std::min(q + 1, p.keys) : p.keys;
    const uint32_t lo = p.window != 0 && q + 1 > p.window ? q + 1 - p.window : 0;
    if (lo >= hi) continue;
    std::vector<double> x(hi - lo);
    for (uint32_t j = lo; j < hi; ++j) {
      const double v = double(s[size_t(r) * ld + j]) * p.scale;
      x[j - lo] = p.logitCap > 0 ? p.logitCap * std::tanh(v / p.logitCap) : v;
    }
    const double m = *std::max_element(x.begin(), x.end());
    double sum = 0;
    for (double v : x) sum += std::exp(v - m);
    for (uint32_t j = lo; j < hi; ++j) pOut[size_t(r) * ld + j] = float(std::exp(x[j - lo] - m) / sum);
  }
}
}  // namespace ref

void addAttentionGemmChecks(CheckList& list, const gpu::DeviceInfo& device) {
  // The softmax alone (portable): rows of 3 query heads from query 40 on, a 50-key window with
  // scale and cap; causal rows over 300 keys; rows past the keys (no visible key) stay untouched.
  struct SoftmaxCase {
    const char* name;
    uint32_t rows, pos, group;
    AttentionParams p;
  };
  std::vector<SoftmaxCase> softmaxCases = {
      {"softmax 90 rows G3 at 40 window 50 scale cap", 90, 40, 3, attentionCheckShape(30, 300, 3, 1, 8, 40, true, 50)},
      {"softmax 64 rows G8 at 200 causal", 64, 200, 8, attentionCheckShape(8, 300, 8, 1, 8, 200, true, 0)},
      {"softmax 12 rows G1 non-causal", 12, 0, 1, attentionCheckShape(12, 257, 1, 1, 8, 0, false, 0)},
      {"softmax 40 rows G2 past the keys", 40, 280, 2, attentionCheckShape(20, 290, 2, 1, 8, 280, true, 4)},
  };
  softmaxCases[0].p.scale = 0.5f;
  softmaxCases[0].p.logitCap = 30.0f;
  for (const SoftmaxCase& c : softmaxCases) {
    list.push_back({"attngemm", "portable", c.name, [c](gpu::Device& dev, uint64_t seed) {
                      const uint32_t ld = roundUp(c.p.keys, 8);
                      // scores in [-12, 12]: weights spread over ~10 orders of magnitude
                      auto s = randomFloats(size_t(c.rows) * ld, seed, -12.0f, 12.0f);
                      auto bs = uploadFloats(dev, s, "scores");
                      std::vector<float> want(s.size(), 0.25f);  // untouched outside the visible keys
                      std::vector<float> start;
                      auto bp = uploadWeights(dev, want, DType::F16, "weights", start);
                      const SoftmaxPush push{c.rows, ld, ld, c.pos, c.group, c.p.window, c.p.keys, c.p.causal ? 1u : 0u,
                                             c.p.scale, c.p.logitCap};
                      const double ms =
                          recordAndTime(dev, [&](OpContext& ctx) { recordSoftmax(ctx, bs.view(), bp.view(), push); });
                      ref::attentionSoftmax(s.data(), want.data(), c.rows, ld, c.pos, c.group, c.p);
                      // f32 exp and sums, then one rounding to f16 (within 1e-3 of max|P|).
                      CheckResult r = compareHalf(dev, bp.view(), want, 1e-3);
                      r.milliseconds = ms;
                      return r;
                    }});
  }

  struct Case : AttentionCheckCase {
    uint64_t budget = kAttentionScoreBudget;  // S per slab
  };
  std::vector<Case> cases;
  for (const AttentionCheckCase& c : halfPrecisionAttentionCases()) cases.push_back({c});
  // Slabs: S budgets of 1 MB (E2B full: 11 slabs of 31 queries; GQA 8:2 sliding: 2 per KV head)
  // and of one 128-row block's worth of rows.
  const auto P = attentionCheckShape;
  cases.push_back({{"E2B full chunk at 700, 1 MB slabs", P(333, 1033, 8, 1, 512, 700, true, 0), 0.4f}, 1ull << 20});
  cases.push_back(
      {{"GQA 8:2 sliding chunk at 300, 1 MB slabs", P(600, 900, 8, 2, 256, 300, true, 512), 0.5f}, 1ull << 20});
  cases.push_back({{"E2B full prefill, 128-row slabs", P(300, 300, 8, 1, 512, 0, true, 0), 0.4f}, 128ull * 304 * 4});
  for (const Case& cs : cases) {
    if (!attentionGemmSupported(device, cs.p)) continue;
    for (const CoopMatTile& tile : coopMatTiles()) {
      if (!tile.attention) continue;
      // f16 out where the text decoder asks for it (head dims 256 / 512), and on the odd-stride
      // case (the element-wise epilogue).
      std::vector<DType> outTypes = {DType::F32};
      if (cs.p.headDim >= 256 || cs.p.outRowStride() % 8 != 0) outTypes.push_back(DType::F16);
      for (DType outType : outTypes) {
        const std::string name = attentionCheckName(cs.name, cs.p) + " " + tile.name +
                                 (outType == DType::F16 ? " out-f16" : "");
        const CoopMatTile* t = &tile;
        list.push_back({"attngemm", "coopmat", name, [cs, t, outType](gpu::Device& dev, uint64_t seed) {
                          AttentionGemmWorkspace ws(cs.budget);
                          ws.reserve(dev, cs.p);
                          validate(dev.info(), cs.p, outType);
                          return runHalfPrecisionAttentionCheck(
                              dev, cs.p, cs.qRange, seed, outType,
                              [&](OpContext& c, BufferView q, BufferView k, BufferView v, BufferView out) {
                                runAttentionGemm(c, q, k, v, out, cs.p, ws, outType, t);
                              });
                        }});
      }
    }
  }
}

}  // namespace gwb::ops
