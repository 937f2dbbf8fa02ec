#include "inference/model/VisionEncoder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "inference/gpu/CommandRecorder.h"
#include "inference/model/ModelErrors.h"
#include "inference/ops/Attention.h"
#include "inference/ops/AvgPool2d.h"
#include "inference/ops/ClippedLinear.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/FlashAttention.h"
#include "inference/ops/Gather.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/RmsNorm.h"
#include "inference/ops/Rope.h"
#include "inference/ops/Rope2d.h"

namespace gwb::model {

namespace {
using gpu::BufferView;
constexpr gpu::MemoryUsage kDev = gpu::MemoryUsage::DeviceLocal;
constexpr uint32_t kAxes = 2;  // x (column), y (row)

gpu::Buffer scratch(gpu::Device& d, uint64_t floats, const char* name) {
  return gpu::Buffer(d, std::max<uint64_t>(floats, 1) * 4, kDev, name);
}
BufferView floats(const gpu::Buffer& b, uint64_t count) { return b.view(0, count * 4); }

// The real patches of one picture as a full W×H grid: rows[y·W + x] = input row of patch (x, y).
struct PatchGrid {
  uint32_t w = 0, h = 0;
  std::vector<uint32_t> rows;
};

PatchGrid patchGrid(const VisionImage& img, size_t patchValues, int64_t tableRows, uint32_t k) {
  if (img.positionIds.size() % 2 != 0) throw std::invalid_argument("vision encoder: position ids are not [rows, 2]");
  const size_t rows = img.positionIds.size() / 2;
  if (img.pixelValues.size() != rows * patchValues) {
    throw std::invalid_argument("vision encoder: pixel values are not [" + std::to_string(rows) + ", " +
                                std::to_string(patchValues) + "]");
  }
  int64_t maxX = -1, maxY = -1;
  size_t real = 0;
  for (size_t r = 0; r < rows; ++r) {
    const int64_t x = img.positionIds[2 * r], y = img.positionIds[2 * r + 1];
    if (x == -1 && y == -1) continue;  // padding (HF: (positions == -1).all(-1))
    if (x < 0 || y < 0) throw std::invalid_argument("vision encoder: negative patch position in row " + std::to_string(r));
    if (x >= tableRows || y >= tableRows) {
      throw std::invalid_argument("vision encoder: patch position (" + std::to_string(x) + ", " + std::to_string(y) +
                                  ") beyond the position table (" + std::to_string(tableRows) + " per axis)");
    }
    maxX = std::max(maxX, x);
    maxY = std::max(maxY, y);
    ++real;
  }
  if (real == 0) throw std::invalid_argument("vision encoder: the picture has no patches");
  PatchGrid g;
  g.w = uint32_t(maxX + 1);
  g.h = uint32_t(maxY + 1);
  if (real != size_t(g.w) * g.h) {
    throw std::invalid_argument("vision encoder: " + std::to_string(real) + " patches do not fill their " +
                                std::to_string(g.w) + "x" + std::to_string(g.h) + " grid");
  }
  if (g.w % k != 0 || g.h % k != 0) {
    throw std::invalid_argument("vision encoder: the " + std::to_string(g.w) + "x" + std::to_string(g.h) +
                                " patch grid is not a multiple of the pooling kernel " + std::to_string(k));
  }
  g.rows.assign(real, std::numeric_limits<uint32_t>::max());
  for (size_t r = 0; r < rows; ++r) {
    const int64_t x = img.positionIds[2 * r], y = img.positionIds[2 * r + 1];
    if (x == -1 && y == -1) continue;
    uint32_t& slot = g.rows[size_t(y) * g.w + size_t(x)];
    if (slot != std::numeric_limits<uint32_t>::max()) {
      throw std::invalid_argument("vision encoder: two patches at (" + std::to_string(x) + ", " + std::to_string(y) + ")");
    }
    slot = uint32_t(r);
  }
  return g;
}
}  // namespace

struct VisionEncoder::Workspace {
  uint32_t gridW = 0, gridH = 0;
  gpu::Buffer pix, idsX, idsY, rope;
  gpu::Buffer h, x, a, q, o, k, v, gate, up, clamp, pooled, normed, emb;
  ops::FlashWorkspace flash;
};

VisionEncoder::VisionEncoder(gpu::Device& device, const VisionEncoderWeights& weights)
    : device_(device), w_(weights) {
  if (w_.config.headDim % (2 * kAxes) != 0) {
    throw ConfigError("vision_config.head_dim " + std::to_string(w_.config.headDim) +
                      " must be a multiple of 4 for the 2-D RoPE");
  }
}

VisionEncoder::~VisionEncoder() = default;

VisionOutput VisionEncoder::encode(const VisionImage& image, VisionTrace* trace) {
  const VisionConfig& c = w_.config;
  const uint32_t H = uint32_t(c.hiddenSize), nH = uint32_t(c.numAttentionHeads), nKV = uint32_t(c.numKeyValueHeads);
  const uint32_t hd = uint32_t(c.headDim), F = uint32_t(c.intermediateSize), k = uint32_t(c.poolingKernelSize);
  const uint32_t K = 3u * uint32_t(c.patchSize) * uint32_t(c.patchSize), TH = uint32_t(w_.textHidden);
  const uint32_t P = uint32_t(c.positionEmbeddingSize), L = uint32_t(c.numLayers);
  const float eps = float(c.rmsNormEps);

  const PatchGrid g = patchGrid(image, K, c.positionEmbeddingSize, k);
  const uint32_t N = g.w * g.h, T = (g.w / k) * (g.h / k);
  const uint64_t n = N;
  gpu::Device& d = device_;
  // Bidirectional attention over all patches on tensor cores where the device has them (f16
  // operands, ops/FlashAttention.h); the f32 kernel elsewhere.
  const bool flash = ops::flashAttentionSupported(d.info(), hd);

  if (!ws_ || ws_->gridW != g.w || ws_->gridH != g.h) {
    ws_.reset();  // free the old grid's buffers before allocating the new ones
    auto ws = std::make_unique<Workspace>();
    ws->gridW = g.w;
    ws->gridH = g.h;
    // The two table indices and the RoPE angles of (x, y) in raster order.
    std::vector<int32_t> idsX(N), idsY(N), pos(size_t(kAxes) * N);
    for (uint32_t i = 0; i < N; ++i) {
      idsX[i] = int32_t(i % g.w);
      idsY[i] = int32_t(i / g.w);
      pos[size_t(i) * kAxes] = int32_t(i % g.w);
      pos[size_t(i) * kAxes + 1] = int32_t(i / g.w);
    }
    const uint32_t pairs = hd / (2 * kAxes);
    const auto ropeTable =
        ops::rope2dTable(pos, kAxes, ops::ropeInverseFrequencies(float(c.ropeTheta), hd / kAxes, pairs));
    ws->pix = scratch(d, n * K, "vision patches");
    ws->idsX = gpu::Buffer(d, n * 4, kDev, "vision column ids");
    ws->idsY = gpu::Buffer(d, n * 4, kDev, "vision row ids");
    ws->rope = scratch(d, ropeTable.size(), "vision RoPE table");
    d.upload(ws->idsX.view(), idsX.data(), idsX.size() * 4);
    d.upload(ws->idsY.view(), idsY.data(), idsY.size() * 4);
    d.upload(ws->rope.view(), ropeTable.data(), ropeTable.size() * 4);
    ws->h = scratch(d, n * H, "vision hidden state");
    ws->x = scratch(d, n * H, "vision normed input");
    ws->a = scratch(d, n * H, "vision branch output");
    ws->q = scratch(d, n * nH * hd, "vision queries");
    ws->o = scratch(d, n * nH * hd, "vision attention");
    ws->k = scratch(d, n * nKV * hd, "vision keys");
    ws->v = scratch(d, n * nKV * hd, "vision values");
    ws->gate = scratch(d, n * F, "vision MLP gate");
    ws->up = scratch(d, n * F, "vision MLP up");
    ws->clamp = scratch(d, n * std::max({H, nH * hd, F}), "vision clamped input");
    ws->pooled = scratch(d, uint64_t(T) * H, "vision soft tokens");
    ws->normed = scratch(d, uint64_t(T) * H, "vision soft tokens normed");
    ws->emb = scratch(d, uint64_t(T) * TH, "embed_vision output");
    if (flash) ws->flash.reserve(d, N, nH, N, nKV, hd);
    ws_ = std::move(ws);
  }
  Workspace& ws = *ws_;

  // Patches in raster order: p = 2·(pixel − 0.5) in float32 (Gemma4VisionPatchEmbedder).
  std::vector<float> pix(size_t(N) * K);
  for (uint32_t i = 0; i < N; ++i) {
    const float* src = image.pixelValues.data() + size_t(g.rows[i]) * K;
    float* dst = pix.data() + size_t(i) * K;
    for (uint32_t j = 0; j < K; ++j) dst[j] = 2.0f * (src[j] - 0.5f);
  }
  d.upload(ws.pix.view(), pix.data(), pix.size() * 4);
  gpu::Buffer traceBuf;
  if (trace) traceBuf = scratch(d, uint64_t(L + 1) * n * H, "vision trace");

  const BufferView h = floats(ws.h, n * H), x = floats(ws.x, n * H), a = floats(ws.a, n * H);
  const BufferView q = floats(ws.q, n * nH * hd), o = floats(ws.o, n * nH * hd);
  const BufferView kk = floats(ws.k, n * nKV * hd), v = floats(ws.v, n * nKV * hd);
  const BufferView gate = floats(ws.gate, n * F), up = floats(ws.up, n * F);
  gpu::Buffer& pixBuf = ws.pix;
  gpu::Buffer& idsXBuf = ws.idsX;
  gpu::Buffer& idsYBuf = ws.idsY;
  gpu::Buffer& ropeBuf = ws.rope;
  gpu::Buffer& clampBuf = ws.clamp;
  ops::FlashWorkspace& flashWs = ws.flash;

  gpu::CommandRecorder rec(d);
  ops::OpContext ctx{d, rec};
  const uint32_t region = rec.beginRegion("vision encoder");

  // Patch embedding + learned 2-D positions: h = p·W_inᵀ + (table_x[px] + table_y[py]).
  ops::matmul(ctx, pixBuf.view(), w_.patchProjection.view(), {}, h, {N, H, K});
  ops::embeddingGather(ctx, w_.positionTableX.view(), idsXBuf.view(), x, N, P, H, 1.0f);
  ops::embeddingGather(ctx, w_.positionTableY.view(), idsYBuf.view(), a, N, P, H, 1.0f);
  ops::add(ctx, x, a, x, N * H);
  ops::add(ctx, h, x, h, N * H);
  if (trace) rec.copy(h, traceBuf.view(0, n * H * 4));

  // A ClippableLinear whose input clamp is shared with the previous one on the same input
  // (q/k/v and gate/up read one normed tensor; the checkpoint often gives them one set of bounds).
  std::optional<std::pair<float, float>> clampHolds;  // bounds clampBuf currently holds for `x`
  auto linear = [&](BufferView in, const DeviceWeight& wt, BufferView out, const ops::MatmulParams& p,
                    const ops::ClipBounds& b, bool inIsX) {
    const BufferView cl = clampBuf.view(0, uint64_t(p.M) * p.K * 4);
    if (inIsX && b.clampsInput() && clampHolds && clampHolds->first == b.inMin && clampHolds->second == b.inMax) {
      ops::clippedLinear(ctx, cl, {}, wt.view(), out, p, b.withoutInputClamp());
      return;
    }
    ops::clippedLinear(ctx, in, cl, wt.view(), out, p, b);
    clampHolds.reset();
    if (inIsX && b.clampsInput()) clampHolds = std::make_pair(b.inMin, b.inMax);
  };

  const ops::Rope2dParams qRope{N, nH, hd, kAxes, 0}, kRope{N, nKV, hd, kAxes, 0};
  for (uint32_t li = 0; li < L; ++li) {
    const VisionLayerWeights& lw = w_.layers[li];
    // Attention block.
    ops::rmsNorm(ctx, h, lw.inputNorm.raw(), x, {N, H, eps});
    clampHolds.reset();
    linear(x, lw.qProj, q, {N, nH * hd, H}, lw.qClip, true);
    linear(x, lw.kProj, kk, {N, nKV * hd, H}, lw.kClip, true);
    linear(x, lw.vProj, v, {N, nKV * hd, H}, lw.vClip, true);
    ops::rmsNorm(ctx, q, lw.qNorm.raw(), q, {N * nH, hd, eps});
    ops::rope2d(ctx, q, ropeBuf.view(), qRope);
    ops::rmsNorm(ctx, kk, lw.kNorm.raw(), kk, {N * nKV, hd, eps});
    ops::rope2d(ctx, kk, ropeBuf.view(), kRope);
    ops::rmsNorm(ctx, v, {}, v, {N * nKV, hd, eps});
    ops::AttentionParams ap;
    ap.queries = N;
    ap.keys = N;
    ap.heads = nH;
    ap.kvHeads = nKV;
    ap.headDim = hd;
    ap.causal = false;
    ap.scale = 1.0f;
    if (flash) {
      ops::flashAttention(ctx, q, kk, v, o, ap, flashWs);
    } else {
      ops::attention(ctx, q, kk, v, {}, o, ap);
    }
    linear(o, lw.oProj, a, {N, H, nH * hd}, lw.oClip, false);
    ops::rmsNorm(ctx, a, lw.postAttentionNorm.raw(), a, {N, H, eps});
    ops::add(ctx, h, a, h, N * H);
    // GeGLU MLP: down(gelu_tanh(gate(x)) · up(x)).
    ops::rmsNorm(ctx, h, lw.preFeedforwardNorm.raw(), x, {N, H, eps});
    clampHolds.reset();
    linear(x, lw.gate, gate, {N, F, H}, lw.gateClip, true);
    linear(x, lw.up, up, {N, F, H}, lw.upClip, true);
    ops::geglu(ctx, gate, up, gate, N * F);
    linear(gate, lw.down, a, {N, H, F}, lw.downClip, false);
    ops::rmsNorm(ctx, a, lw.postFeedforwardNorm.raw(), a, {N, H, eps});
    ops::add(ctx, h, a, h, N * H);
    if (trace) rec.copy(h, traceBuf.view(uint64_t(li + 1) * n * H * 4, n * H * 4));
  }

  // Pooler: the grid [Hp, Wp, H] (raster order, HWC) pooled k×k, times sqrt(hidden) in float32.
  const BufferView pooled = floats(ws.pooled, uint64_t(T) * H);
  ops::AvgPool2dParams pp;
  pp.c = H;
  pp.h = g.h;
  pp.w = g.w;
  pp.k = k;
  pp.scale = float(std::sqrt(double(H)));
  ops::avgPool2d(ctx, h, pooled, pp);
  if (c.standardize) {
    ops::elementwise(ctx, ops::EwOp::Add, pooled, w_.stdNegBias.raw(), pooled, {T, H, 0, 0, 0, true});
    ops::elementwise(ctx, ops::EwOp::Mul, pooled, w_.stdScale.raw(), pooled, {T, H, 0, 0, 0, true});
  }
  // embed_vision: RMSNorm without weight (vision eps), then the projection to the text width.
  const BufferView normed = floats(ws.normed, uint64_t(T) * H), emb = floats(ws.emb, uint64_t(T) * TH);
  ops::rmsNorm(ctx, pooled, {}, normed, {T, H, eps});
  ops::matmul(ctx, normed, w_.embedProjection.view(), {}, emb, {T, TH, H});
  rec.endRegion(region);
  rec.submit();

  VisionOutput out;
  if (!rec.timings().empty()) out.gpuMs = rec.timings().front().milliseconds;
  out.tokens = T;
  out.gridW = g.w;
  out.gridH = g.h;
  out.softTokens.resize(size_t(T) * H);
  out.embeddings.resize(size_t(T) * TH);
  d.download(pooled, out.softTokens.data(), out.softTokens.size() * 4);
  d.download(emb, out.embeddings.data(), out.embeddings.size() * 4);
  if (trace) {
    std::vector<float> all(size_t(L + 1) * N * H);
    d.download(traceBuf.view(0, all.size() * 4), all.data(), all.size() * 4);
    trace->patchEmbeddings.assign(all.begin(), all.begin() + ptrdiff_t(size_t(N) * H));
    trace->layerOutputs.assign(all.begin() + ptrdiff_t(size_t(N) * H), all.end());
  }
  return out;
}

VisionOutput VisionEncoder::encodeFrames(std::span<const VisionImage> frames) {
  VisionOutput all;
  for (const VisionImage& f : frames) {
    VisionOutput one = encode(f);
    all.tokens += one.tokens;
    all.gridW = one.gridW;
    all.gridH = one.gridH;
    all.softTokens.insert(all.softTokens.end(), one.softTokens.begin(), one.softTokens.end());
    all.embeddings.insert(all.embeddings.end(), one.embeddings.begin(), one.embeddings.end());
  }
  return all;
}

}  // namespace gwb::model
