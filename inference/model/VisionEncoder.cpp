#include "inference/model/VisionEncoder.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "inference/gpu/CommandRecorder.h"
#include "inference/model/ModelErrors.h"
#include "inference/ops/Attention.h"
#include "inference/ops/AvgPool2d.h"
#include "inference/ops/ClippedGate.h"
#include "inference/ops/ClippedNormRope2d.h"
#include "inference/ops/ClippedResidualNorm.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/FlashAttention.h"
#include "inference/ops/Gather.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/ParallelRows.h"
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
  gpu::Buffer h, a, q, o, k, v, gate, up, clamp, pooled, normed, emb;
  std::array<gpu::Buffer, 3> x;  // the normed block input, clamped to each distinct input bound
  // The linears read x in f16 (tensor-core GPUs, 16-bit weights): x[i], gateHalf and (where o_proj
  // clamps its input) clamp then hold f16, written so by the clipped residual norm, gate and clamp.
  bool halfX = false;
  gpu::Buffer gateHalf;
  ops::FlashWorkspace flash;
  // Host-visible ends of an encode: the patches are written straight into pixIn (the recorded
  // tower copies them to pix first), the outputs are copied into softOut / embOut at its end.
  gpu::Buffer pixIn, softOut, embOut;
  // The tower recorded once for this grid and replayed for each picture (recording ~270
  // dispatches costs milliseconds of host time); re-recorded when profiling is switched.
  std::unique_ptr<gpu::CommandRecorder> replay;
  bool replayProfiled = false;
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
    ws->pixIn = gpu::Buffer(d, n * K * 4, gpu::MemoryUsage::HostUpload, "vision patches (host)");
    ws->softOut = gpu::Buffer(d, uint64_t(T) * H * 4, gpu::MemoryUsage::HostReadback, "vision soft tokens (host)");
    ws->embOut = gpu::Buffer(d, uint64_t(T) * TH * 4, gpu::MemoryUsage::HostReadback, "embed_vision output (host)");
    ws->idsX = gpu::Buffer(d, n * 4, kDev, "vision column ids");
    ws->idsY = gpu::Buffer(d, n * 4, kDev, "vision row ids");
    ws->rope = scratch(d, ropeTable.size(), "vision RoPE table");
    d.upload(ws->idsX.view(), idsX.data(), idsX.size() * 4);
    d.upload(ws->idsY.view(), idsY.data(), idsY.size() * 4);
    d.upload(ws->rope.view(), ropeTable.data(), ropeTable.size() * 4);
    ws->h = scratch(d, n * H, "vision hidden state");
    for (gpu::Buffer& xi : ws->x) xi = scratch(d, n * H, "vision normed input");
    ws->halfX = std::all_of(w_.layers.begin(), w_.layers.end(), [&](const VisionLayerWeights& lw) {
      for (const DeviceWeight* w : {&lw.qProj, &lw.kProj, &lw.vProj, &lw.oProj, &lw.gate, &lw.up, &lw.down}) {
        if (!ops::matmulReadsHalfX(d.info(), N, w->view().dtype)) return false;
      }
      return true;
    });
    if (ws->halfX) ws->gateHalf = gpu::Buffer(d, n * F * 2, kDev, "vision MLP GeGLU output (f16)");
    ws->a = scratch(d, n * H, "vision branch output");
    ws->q = scratch(d, n * nH * hd, "vision queries");
    ws->o = scratch(d, n * nH * hd, "vision attention");
    ws->k = scratch(d, n * nKV * hd, "vision keys");
    ws->v = scratch(d, n * nKV * hd, "vision values");
    ws->gate = scratch(d, n * F, "vision MLP gate");
    ws->up = scratch(d, n * F, "vision MLP up");
    ws->clamp = scratch(d, n * nH * hd, "vision clamped attention");
    ws->pooled = scratch(d, uint64_t(T) * H, "vision soft tokens");
    ws->normed = scratch(d, uint64_t(T) * H, "vision soft tokens normed");
    ws->emb = scratch(d, uint64_t(T) * TH, "embed_vision output");
    if (flash) ws->flash.reserve(d, N, nH, N, nKV, hd);
    ws_ = std::move(ws);
  }
  Workspace& ws = *ws_;

  // Patches in raster order: p = 2·(pixel − 0.5) in float32 (Gemma4VisionPatchEmbedder), written
  // into the host-visible copy (HostUpload memory is mapped and coherent).
  {
    auto* pix = reinterpret_cast<float*>(ws.pixIn.mapped());
    if (!pix) throw std::logic_error("vision encoder: the patch buffer is not host-visible");
    // Memory-bound (2520 patches: 7.7 MB read and written, ~1.3 ms on one core): split over cores.
    ops::parallelRows(N, K, [&](size_t first, size_t end) {
      for (size_t i = first; i < end; ++i) {
        const float* src = image.pixelValues.data() + size_t(g.rows[i]) * K;
        float* dst = pix + i * K;
        for (uint32_t j = 0; j < K; ++j) dst[j] = 2.0f * (src[j] - 0.5f);
      }
    });
  }
  gpu::Buffer traceBuf;
  if (trace) traceBuf = scratch(d, uint64_t(L + 1) * n * H, "vision trace");

  const BufferView h = floats(ws.h, n * H), a = floats(ws.a, n * H), pe = floats(ws.x[2], n * H);
  const BufferView q = floats(ws.q, n * nH * hd), o = floats(ws.o, n * nH * hd);
  const BufferView kk = floats(ws.k, n * nKV * hd), v = floats(ws.v, n * nKV * hd);
  const BufferView gate = floats(ws.gate, n * F), up = floats(ws.up, n * F);
  gpu::Buffer& pixBuf = ws.pix;
  gpu::Buffer& idsXBuf = ws.idsX;
  gpu::Buffer& idsYBuf = ws.idsY;
  gpu::Buffer& ropeBuf = ws.rope;
  ops::FlashWorkspace& flashWs = ws.flash;

  // Records the whole tower into rec: the patch copy, the tower (its timed region), the copies out.
  auto record = [&](gpu::CommandRecorder& rec) {
    rec.copy(ws.pixIn.view(0, n * K * 4), floats(pixBuf, n * K));
    rec.setDispatchTiming(profiling_);
    ops::OpContext ctx{d, rec};
    const uint32_t region = rec.beginRegion("vision encoder");

    // The next block's normed input, clamped once per distinct input bound of the linears that read
    // it (q/k/v or gate/up; the checkpoint often gives them one set): `inputs[i]` is what linear i reads.
    // In f16 where the matmuls read x so (Workspace::halfX).
    std::array<BufferView, 3> inputs{};
    const gpu::DType xType = ws.halfX ? gpu::DType::F16 : gpu::DType::F32;
    auto xView = [&](uint32_t slot) { return ws.x[slot].view(0, n * H * gpu::dtypeSize(xType)); };
    auto nextInputs = [&](ops::ClippedResidualNormArgs& args, std::initializer_list<const ops::ClipBounds*> readers) {
      args.outType = xType;
      uint32_t i = 0;
      for (const ops::ClipBounds* b : readers) {
        uint32_t slot = 0;
        while (slot < args.outs && !(args.out[slot].min == b->inMin && args.out[slot].max == b->inMax)) ++slot;
        if (slot == args.outs) args.out[args.outs++] = {xView(slot), b->inMin, b->inMax};
        inputs[i++] = args.out[slot].y;
      }
    };
    auto attentionInputs = [&](ops::ClippedResidualNormArgs& args, const VisionLayerWeights& lw) {
      args.nextNorm = lw.inputNorm.raw();
      nextInputs(args, {&lw.qClip, &lw.kClip, &lw.vClip});
    };

    // Patch embedding + learned 2-D positions: h = p·W_inᵀ + (table_x[px] + table_y[py]); the sum
    // joins h in the first layer's input norm (branch without clamp or norm).
    ops::matmul(ctx, pixBuf.view(), w_.patchProjection.view(), {}, h, {N, H, K});
    ops::embeddingGather(ctx, w_.positionTableX.view(), idsXBuf.view(), pe, N, P, H, 1.0f);
    ops::embeddingGather(ctx, w_.positionTableY.view(), idsYBuf.view(), a, N, P, H, 1.0f);
    ops::add(ctx, pe, a, a, N * H);
    {
      ops::ClippedResidualNormArgs args{.rows = N, .dim = H, .eps = eps, .nextEps = eps, .h = h, .branch = a};
      if (!trace && L > 0) attentionInputs(args, w_.layers[0]);
      ops::clippedResidualNorm(ctx, args);
    }
    if (trace) rec.copy(h, traceBuf.view(0, n * H * 4));

    ops::AttentionParams ap;
    ap.queries = N;
    ap.keys = N;
    ap.heads = nH;
    ap.kvHeads = nKV;
    ap.headDim = hd;
    ap.causal = false;
    ap.scale = 1.0f;
    for (uint32_t li = 0; li < L; ++li) {
      const VisionLayerWeights& lw = w_.layers[li];
      if (trace) {  // the trace copies h between layers, so the input norm runs here
        ops::ClippedResidualNormArgs args{.rows = N, .dim = H, .eps = eps, .nextEps = eps, .h = h};
        attentionInputs(args, lw);
        ops::clippedResidualNorm(ctx, args);
      }
      // Attention block: q/k/v (input clamps done), their output clamps + norms + 2-D RoPE in one pass.
      ops::matmul(ctx, inputs[0], lw.qProj.view(), {}, q, {N, nH * hd, H, 0, false, xType});
      ops::matmul(ctx, inputs[1], lw.kProj.view(), {}, kk, {N, nKV * hd, H, 0, false, xType});
      ops::matmul(ctx, inputs[2], lw.vProj.view(), {}, v, {N, nKV * hd, H, 0, false, xType});
      ops::ClippedNormRope2dParams np{.tokens = N, .headDim = hd, .axes = kAxes, .eps = eps, .streams = 3};
      np.s[0] = {q, nH, lw.qClip.outMin, lw.qClip.outMax, lw.qNorm.raw(), true};
      np.s[1] = {kk, nKV, lw.kClip.outMin, lw.kClip.outMax, lw.kNorm.raw(), true};
      np.s[2] = {v, nKV, lw.vClip.outMin, lw.vClip.outMax, {}, false};
      ops::clippedNormRope2d(ctx, ropeBuf.view(), np);
      if (flash) {
        ops::flashAttention(ctx, q, kk, v, o, ap, flashWs);
      } else {
        ops::attention(ctx, q, kk, v, {}, o, ap);
      }
      BufferView oIn = o;
      gpu::DType oType = gpu::DType::F32;
      if (lw.oClip.clampsInput()) {
        oType = xType;
        oIn = ws.clamp.view(0, n * nH * hd * gpu::dtypeSize(oType));
        ops::EwShape clampShape{N, nH * hd};
        clampShape.halfY = oType == gpu::DType::F16;
        ops::elementwise(ctx, ops::EwOp::Clamp, o, {}, oIn, clampShape, lw.oClip.inMin, lw.oClip.inMax);
      }
      ops::matmul(ctx, oIn, lw.oProj.view(), {}, a, {N, H, nH * hd, 0, false, oType});
      // o_proj's output clamp, post-attention norm, residual, pre-FFN norm and the gate/up input clamps.
      {
        ops::ClippedResidualNormArgs args{.rows = N, .dim = H, .eps = eps, .nextEps = eps, .h = h, .branch = a,
                                          .branchMin = lw.oClip.outMin, .branchMax = lw.oClip.outMax,
                                          .branchNorm = lw.postAttentionNorm.raw(),
                                          .nextNorm = lw.preFeedforwardNorm.raw()};
        nextInputs(args, {&lw.gateClip, &lw.upClip});
        ops::clippedResidualNorm(ctx, args);
      }
      // GeGLU MLP: down(gelu_tanh(gate(x)) · up(x)), the clamps around the product in one pass.
      ops::matmul(ctx, inputs[0], lw.gate.view(), {}, gate, {N, F, H, 0, false, xType});
      ops::matmul(ctx, inputs[1], lw.up.view(), {}, up, {N, F, H, 0, false, xType});
      ops::ClippedGateParams gp{N * F, ops::GateKind::GeluMul, lw.gateClip.outMin, lw.gateClip.outMax,
                                lw.upClip.outMin, lw.upClip.outMax, lw.downClip.inMin, lw.downClip.inMax, xType};
      const BufferView u = ws.halfX ? ws.gateHalf.view(0, n * F * 2) : gate;
      ops::clippedGate(ctx, gate, up, u, gp);
      ops::matmul(ctx, u, lw.down.view(), {}, a, {N, H, F, 0, false, xType});
      // down's output clamp, post-FFN norm, residual, and the next layer's input norm + clamps.
      {
        ops::ClippedResidualNormArgs args{.rows = N, .dim = H, .eps = eps, .nextEps = eps, .h = h, .branch = a,
                                          .branchMin = lw.downClip.outMin, .branchMax = lw.downClip.outMax,
                                          .branchNorm = lw.postFeedforwardNorm.raw()};
        if (!trace && li + 1 < L) attentionInputs(args, w_.layers[li + 1]);
        ops::clippedResidualNorm(ctx, args);
      }
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
    rec.setDispatchTiming(false);
    rec.copy(pooled, ws.softOut.view(0, uint64_t(T) * H * 4));
    rec.copy(emb, ws.embOut.view(0, uint64_t(T) * TH * 4));
  };

  std::unique_ptr<gpu::CommandRecorder> oneShot;
  gpu::CommandRecorder* run = nullptr;
  if (trace) {  // the trace copies need their own recording
    oneShot = std::make_unique<gpu::CommandRecorder>(d);
    record(*oneShot);
    oneShot->submit();
    run = oneShot.get();
  } else {
    if (!ws.replay || !ws.replay->sealed() || ws.replayProfiled != profiling_) {
      ws.replay.reset();
      auto rec = std::make_unique<gpu::CommandRecorder>(d, true);
      try {
        record(*rec);
      } catch (...) {
        rec->discard();
        throw;
      }
      rec->seal();
      ws.replay = std::move(rec);
      ws.replayProfiled = profiling_;
    }
    ws.replay->replay();
    run = ws.replay.get();
  }
  const gpu::CommandRecorder& rec = *run;

  VisionOutput out;
  // With dispatch timing the tower's region comes first, then one entry per dispatch.
  if (!rec.timings().empty()) out.gpuMs = rec.timings().front().milliseconds;
  lastTimings_.clear();
  if (profiling_ && !rec.timings().empty()) lastTimings_.assign(rec.timings().begin() + 1, rec.timings().end());
  out.tokens = T;
  out.gridW = g.w;
  out.gridH = g.h;
  const auto* soft = reinterpret_cast<const float*>(ws.softOut.mapped());
  const auto* emb = reinterpret_cast<const float*>(ws.embOut.mapped());
  if (!soft || !emb) throw std::logic_error("vision encoder: the output buffers are not host-visible");
  out.softTokens.assign(soft, soft + size_t(T) * H);
  out.embeddings.assign(emb, emb + size_t(T) * TH);
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
