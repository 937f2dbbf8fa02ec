#include "inference/model/TextDecoder.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <future>
#include <stdexcept>

#include "inference/gpu/CommandRecorder.h"
#include "inference/ops/Argmax.h"
#include "inference/ops/Attention.h"
#include "inference/ops/DecodeAttention.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/FlashAttention.h"
#include "inference/ops/Gather.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/MatmulGeglu.h"
#include "inference/ops/MatvecProject.h"
#include "inference/ops/NormedMatvec.h"
#include "inference/ops/QkvNormRope.h"
#include "inference/ops/ResidualNorm.h"
#include "inference/ops/RmsNorm.h"
#include "inference/ops/Rope.h"

namespace gwb::model {

namespace {
using gpu::BufferView;
constexpr gpu::MemoryUsage kDev = gpu::MemoryUsage::DeviceLocal;
// Prefill chunks of at least this many tokens multiply block-quantized weights on tensor cores
// through an f16 copy (widening a matrix costs about what 2-3 rows of the f32 kernel do).
constexpr uint32_t kDequantPrefillMinTokens = 64;

// Elements of the largest block-quantized matrix a prefill chunk multiplies (0: none).
uint64_t largestQuantizedMatrix(const TextDecoderWeights& w) {
  uint64_t most = 0;
  auto consider = [&](const DeviceWeight& dw) {
    if (!dw || !gpu::isQuantized(dw.dtype)) return;
    const uint32_t be = gpu::dtypeBlockElements(dw.dtype);
    most = std::max<uint64_t>(most, dw.buffer.size() / gpu::dtypeRowBytes(dw.dtype, be) * be);
  };
  for (const DecoderLayerWeights& l : w.layers) {
    for (const DeviceWeight* dw : {&l.qProj, &l.kProj, &l.vProj, &l.oProj, &l.qkv, &l.gateUp, &l.gate, &l.up, &l.down,
                                   &l.pleGate, &l.pleProjection}) {
      consider(*dw);
    }
  }
  consider(w.pleModelProjection);
  return most;
}

gpu::Buffer scratch(gpu::Device& d, uint64_t floats, const char* name) {
  return gpu::Buffer(d, std::max<uint64_t>(floats, 1) * 4, kDev, name);
}

// A view of `count` floats starting at float `first`.
BufferView floats(const gpu::Buffer& b, uint64_t first, uint64_t count) { return b.view(first * 4, count * 4); }

// Per-step inputs up to this size are written inside the command buffer (vkCmdUpdateBuffer);
// larger ones (long prefill chunks) are staged in a mapped buffer and copied by the same submit.
constexpr uint64_t kInlineInputBytes = 1ull << 20;
// Chunks of at least this many tokens flush their recording in pieces (CommandRecorder::flush);
// shorter ones are recorded faster than a submit costs.
constexpr uint32_t kFlushMinTokens = 64;

using Clock = std::chrono::steady_clock;
double msBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Chunks of at least this many tokens run attention on tensor cores where the device has them
// (ops/FlashAttention.h: f16 operands); decode steps and short chunks keep the f32 kernel.
constexpr uint32_t kFlashMinQueries = 16;

// S of one slab of ops::attentionGemm: 1/128 of the device's memory, 32 to 256 MB (P takes half as
// much again): a 4096-token chunk of E2B's full layers in 2 slabs on an 80 GB GPU.
uint64_t attentionScoreBudget(const gpu::DeviceInfo& d) {
  return std::clamp<uint64_t>(d.deviceLocalBytes / 128, 32ull << 20, ops::kAttentionScoreBudget);
}

bool useFlashAttention(gpu::Device& d, const TextConfig& cfg, uint32_t T) {
  if (T < kFlashMinQueries) return false;
  return std::all_of(cfg.layers.begin(), cfg.layers.end(), [&](const TextLayer& l) {
    return ops::flashAttentionSupported(d.info(), uint32_t(l.headDim));
  });
}
}  // namespace

TextDecoder::TextDecoder(gpu::Device& device, const ModelConfig& config, const TextDecoderWeights& weights,
                         uint32_t maxChunk)
    : device_(device), cfg_(config.text), w_(weights), maxChunk_(maxChunk),
      attnGemm_(attentionScoreBudget(device.info())) {
  for (const TextLayer& l : cfg_.layers) {
    maxHeadDim_ = std::max<uint32_t>(maxHeadDim_, uint32_t(l.headDim));
    maxMlp_ = std::max<uint32_t>(maxMlp_, uint32_t(l.mlpWidth));
  }
  const uint64_t T = maxChunk, H = uint64_t(cfg_.hiddenSize), nH = uint64_t(cfg_.numAttentionHeads);
  const uint64_t L = uint64_t(cfg_.numLayers), P = uint64_t(cfg_.hiddenSizePerLayerInput);
  ids_ = gpu::Buffer(device, T * 4, kDev, "decoder token ids");
  h_ = scratch(device, T * H, "decoder hidden state");
  h2_ = scratch(device, H, "decoder hidden state (fused decode ping-pong)");
  fuseDecode_ = device.info().type != VK_PHYSICAL_DEVICE_TYPE_CPU && device.info().subgroupArithmetic;
  if (device.info().bufferFloatAtomicAdd) {
    // One row per layer and projection, each at a storage-binding offset.
    const uint64_t align = std::max<uint64_t>(device.info().minStorageBufferOffsetAlignment, 16);
    decodeSumStride_ = (H * 4 + align - 1) / align * align;
    decodeSums_ = gpu::Buffer(device, L * kDecodeSumsPerLayer * decodeSumStride_, kDev, "decode step projection sums");
  }
  x_ = scratch(device, T * H, "decoder normed input");
  q_ = scratch(device, T * nH * maxHeadDim_, "decoder queries");
  attn_ = scratch(device, T * nH * maxHeadDim_, "decoder attention output");
  a_ = scratch(device, T * H, "decoder branch output");
  uint32_t maxQkv = 0;
  for (const TextLayer& l : cfg_.layers) maxQkv = std::max<uint32_t>(maxQkv, uint32_t((nH + 2 * l.numKvHeads) * l.headDim));
  qkv_ = scratch(device, T * maxQkv, "decoder q/k/v projection");
  gate_ = scratch(device, T * 2 * maxMlp_, "decoder MLP gate/up");
  up_ = scratch(device, T * maxMlp_, "decoder MLP GeGLU output");
  if (ops::matmulReadsHalfX(device.info(), maxChunk, gpu::DType::F16)) {
    xHalf_ = gpu::Buffer(device, T * H * 2, kDev, "decoder normed input (f16)");
  }
  step_ = gpu::Buffer(device, kStepBytes, gpu::MemoryUsage::HostUpload, "decoder step parameters");
  if (cfg_.hasPle()) {
    ple_ = scratch(device, T * L * P, "per-layer inputs");
    pleTmp_ = scratch(device, T * L * P, "per-layer token embeddings");
    pleGate_ = scratch(device, T * P, "per-layer gate");
    pleOut_ = scratch(device, T * H, "per-layer projection");
  }
  ropeSliding_ = scratch(device, T * maxHeadDim_, "RoPE table (sliding)");
  ropeFull_ = scratch(device, T * maxHeadDim_, "RoPE table (full)");
  rec_ = std::make_unique<gpu::CommandRecorder>(device);
  replayRec_ = std::make_unique<gpu::CommandRecorder>(device, /*reusable=*/true);
  for (int full : {0, 1}) {
    stepRope_[full] = gpu::Buffer(device, uint64_t(maxHeadDim_) * 4, gpu::MemoryUsage::HostUpload, "decode step RoPE row");
  }
  stepId_ = gpu::Buffer(device, 16, gpu::MemoryUsage::HostUpload, "decode step token id");
  if (cfg_.hasPle()) stepPle_ = gpu::Buffer(device, L * P * 4, gpu::MemoryUsage::HostUpload, "decode step PLE rows");
  decodeAttnWs_ = ops::makeDecodeAttentionWorkspace(device, uint32_t(nH), maxHeadDim_, "decode attention partials");
  for (int full : {0, 1}) {
    auto it = std::find_if(cfg_.layers.begin(), cfg_.layers.end(), [&](const TextLayer& l) { return l.isFull == bool(full); });
    if (it == cfg_.layers.end()) continue;
    ropeInvFreq_[full] = ops::ropeInverseFrequencies(float(it->ropeTheta), uint32_t(it->headDim), uint32_t(it->ropeAngles));
  }
}

ops::AttentionParams TextDecoder::attentionParams(int li, uint32_t T, uint32_t position) const {
  const TextLayer& L = cfg_.layers[size_t(li)];
  ops::AttentionParams ap;
  ap.queries = T;
  ap.keys = position + T;
  ap.heads = uint32_t(cfg_.numAttentionHeads);
  ap.kvHeads = uint32_t(L.numKvHeads);
  ap.headDim = uint32_t(L.headDim);
  ap.queryStart = position;
  ap.causal = true;
  ap.window = L.isFull ? 0u : uint32_t(cfg_.slidingWindow);
  ap.scale = 1.0f;
  return ap;
}

bool TextDecoder::useMatmulAttention(const ops::AttentionParams& p) const {
  if (!useFlashAttention(device_, cfg_, p.queries) || !ops::attentionGemmSupported(device_.info(), p)) return false;
  switch (prefillAttention_) {
    case PrefillAttention::Flash: return false;
    case PrefillAttention::Matmul: return true;
    case PrefillAttention::Auto: break;
  }
  // Auto: matmuls wherever they run. On the H100 they tie with flash attention on chunks of 32 to
  // 256 tokens and win from 512 on (E2B 4096 tokens: 131.6 -> 116.3 ms; docs/benchmarks.md,
  // "Session 17").
  return true;
}

bool TextDecoder::attentionWritesHalf(std::span<const AttentionSlot> slots, int li, uint32_t T) const {
  const DeviceWeight& oProj = w_.layers[size_t(li)].oProj;
  return readsHalfX(T, oProj) && std::all_of(slots.begin(), slots.end(), [&](const AttentionSlot& s) {
           return useFlashAttention(device_, cfg_, s.tokens);
         });
}

bool TextDecoder::fusesAttentionInput(const AttentionSlot& s, int li) const {
  // A fused decode step's attention does the q/k norms, RoPE and K/V append itself
  // (ops::DecodeAttentionInput) where the split kernel runs the shape.
  const TextLayer& L = cfg_.layers[size_t(li)];
  ops::AttentionParams ap;
  ap.queries = 1, ap.heads = uint32_t(cfg_.numAttentionHeads), ap.kvHeads = uint32_t(L.numKvHeads);
  ap.headDim = uint32_t(L.headDim), ap.causal = true;
  return fusingStep_ && s.tokens == 1 && !useFlashAttention(device_, cfg_, 1) &&
         ops::decodeAttentionInputSupported(device_.info(), ap, uint32_t(L.ropeAngles));
}

uint32_t TextDecoder::oProjectionMergeSplits(std::span<const AttentionSlot> slots, int li, uint32_t T) const {
  if (!fusingStep_ || !projectDecode_ || !decodeSums_ || T != 1 || slots.size() != 1) return 0;
  const AttentionSlot& s = slots[0];
  if (!fusesAttentionInput(s, li)) return 0;
  const ops::AttentionParams ap = attentionParams(li, 1, s.position);
  const ops::DecodeAttentionStep st{s.step, s.stepIndex, s.cache->capacity()};
  const uint32_t splits = ops::decodeAttentionRecordedSplits(ap, s.stepAttention ? &st : nullptr);
  const ops::MatvecProjectAttentionParams op{ap.heads, ap.headDim, splits, uint32_t(cfg_.hiddenSize)};
  return ops::matvecProjectAttentionSupported(device_.info(), w_.layers[size_t(li)].oProj.view(), op) ? splits : 0;
}

void TextDecoder::recordAttention(ops::OpContext& ctx, std::span<const AttentionSlot> slots, int li,
                                  uint32_t qkvWidth, bool outHalf, uint32_t oSplits) {
  const TextLayer& L = cfg_.layers[size_t(li)];
  const DecoderLayerWeights& lw = w_.layers[size_t(li)];
  const uint32_t nH = uint32_t(cfg_.numAttentionHeads), hd = uint32_t(L.headDim), nKV = uint32_t(L.numKvHeads);
  const uint32_t ownKv = L.kvShared ? 0u : nKV;
  const float eps = float(cfg_.rmsNormEps);
  // All other slots' q/k norms + RoPE + K/V append first: they write separate buffers, so a
  // batch's slots run without barriers between them; then each slot's attention.
  for (const AttentionSlot& s : slots) {
    if (fusesAttentionInput(s, li)) continue;
    KvCache& cache = *s.cache;
    const BufferView qkv = floats(qkv_, uint64_t(s.row) * qkvWidth, uint64_t(s.tokens) * qkvWidth);
    const BufferView q = s.q.sub(0, uint64_t(s.tokens) * nH * hd * 4);
    ops::qkvNormRope(ctx, qkv, lw.qNorm.raw(), ownKv ? lw.kNorm.raw() : BufferView{}, s.rope[L.isFull], q,
                     ownKv ? cache.keys(li).view() : BufferView{}, ownKv ? cache.values(li).view() : BufferView{},
                     s.step, {s.tokens, nH, ownKv, hd, uint32_t(L.ropeAngles), qkvWidth, s.stepIndex, eps});
  }
  for (const AttentionSlot& s : slots) {
    KvCache& cache = *s.cache;
    const uint32_t T = s.tokens, position = s.position;
    const BufferView q = s.q.sub(0, uint64_t(T) * nH * hd * 4);
    const uint64_t oBytes = outHalf ? 2 : 4;
    const BufferView o = attn_.view(uint64_t(s.row) * nH * hd * oBytes, uint64_t(T) * nH * hd * oBytes);
    const ops::AttentionParams ap = attentionParams(li, T, position);
    const uint64_t keyFloats = uint64_t(position + T) * nKV * hd;
    if (fusesAttentionInput(s, li)) {
      const BufferView qkv = floats(qkv_, uint64_t(s.row) * qkvWidth, qkvWidth);
      const BufferView wk = ownKv ? lw.kNorm.raw() : BufferView{};
      // oSplits: the o projection merges this attention's splits (partialsOnly).
      const ops::DecodeAttentionInput in{qkv, lw.qNorm.raw(), wk, s.rope[L.isFull], uint32_t(L.ropeAngles),
                                         ownKv != 0, eps, oSplits != 0};
      if (s.stepAttention) {
        const ops::DecodeAttentionStep st{s.step, s.stepIndex, cache.capacity()};
        ops::decodeAttention(ctx, in, cache.keys(li).view(), cache.values(li).view(), o, s.attnWs, ap, &st);
      } else {
        ops::decodeAttention(ctx, in, floats(cache.keys(li), 0, keyFloats), floats(cache.values(li), 0, keyFloats), o,
                             s.attnWs, ap);
      }
    } else if (useMatmulAttention(ap)) {
      ops::attentionGemm(ctx, q, floats(cache.keys(li), 0, keyFloats), floats(cache.values(li), 0, keyFloats), o, ap,
                         attnGemm_, outHalf ? gpu::DType::F16 : gpu::DType::F32);
    } else if (useFlashAttention(device_, cfg_, T)) {
      ops::flashAttention(ctx, q, floats(cache.keys(li), 0, keyFloats), floats(cache.values(li), 0, keyFloats), o, ap,
                          flash_, outHalf ? gpu::DType::F16 : gpu::DType::F32);
    } else if (outHalf) {
      throw std::logic_error("TextDecoder: attention in f16 out of a kernel without an f16 output");
    } else if (s.stepAttention) {
      // Replayed decode step: the position comes from the step buffer, the splits cover the cache.
      const ops::DecodeAttentionStep st{s.step, s.stepIndex, cache.capacity()};
      ops::decodeAttention(ctx, q, cache.keys(li).view(), cache.values(li).view(), o, s.attnWs, ap, &st);
    } else if (T == 1 && ops::decodeAttentionSupported(device_.info(), ap)) {
      // Decode step: keys split over many subgroups (flash decoding), then merged.
      ops::decodeAttention(ctx, q, floats(cache.keys(li), 0, keyFloats), floats(cache.values(li), 0, keyFloats), o,
                           s.attnWs, ap);
    } else {
      ops::attention(ctx, q, floats(cache.keys(li), 0, keyFloats), floats(cache.values(li), 0, keyFloats), {}, o, ap);
    }
  }
}

void TextDecoder::recordLayer(ops::OpContext& ctx, std::span<const AttentionSlot> slots, int li, uint32_t T) {
  const TextLayer& L = cfg_.layers[size_t(li)];
  const DecoderLayerWeights& lw = w_.layers[size_t(li)];
  const uint32_t H = uint32_t(cfg_.hiddenSize), nH = uint32_t(cfg_.numAttentionHeads);
  const uint32_t hd = uint32_t(L.headDim), nKV = uint32_t(L.numKvHeads), F = uint32_t(L.mlpWidth);
  const uint32_t nL = uint32_t(cfg_.numLayers);
  const float eps = float(cfg_.rmsNormEps);
  const BufferView h = floats(h_, 0, uint64_t(T) * H), x = floats(x_, 0, uint64_t(T) * H);
  const BufferView a = floats(a_, 0, uint64_t(T) * H);
  // o in f16 where flash attention writes it so for the o projection (attentionWritesHalf).
  const bool oHalf = attentionWritesHalf(slots, li, T);
  const BufferView o = attn_.view(0, uint64_t(T) * nH * hd * (oHalf ? 2 : 4));
  // The next block's input norm, applied by this layer's last residual step (x = norm(h)), in f16
  // where the next layer's fused q/k/v matmul reads it so (the final norm feeds the f32 LM head).
  const BufferView nextNorm = uint32_t(li) + 1 < nL ? w_.layers[size_t(li) + 1].inputNorm.raw() : w_.finalNorm.raw();
  const DeviceWeight* nextQkv = uint32_t(li) + 1 < nL ? &w_.layers[size_t(li) + 1].qkv : nullptr;
  const bool nextReadsHalf = nextQkv && readsHalfX(T, *nextQkv);

  // Attention input (x = input_norm(h), written by the previous residual step): one projection
  // into qkv [T, (nH + 2 nKV) hd], then q/k norms, RoPE and the K/V cache append in one dispatch.
  const uint32_t ownKv = L.kvShared ? 0u : nKV;
  const uint32_t qkvWidth = (nH + 2 * ownKv) * hd;
  const BufferView qkv = floats(qkv_, 0, uint64_t(T) * qkvWidth);
  if (fusingStep_ && recordFusedQkv(ctx, li, qkv, qkvWidth)) {
    // x = input_norm(h) came from the stream's prologue
  } else if (readsHalfX(T, lw.qkv)) {
    ops::matmul(ctx, recordHalfX(ctx, x, T), lw.qkv.view(), {}, qkv, {T, qkvWidth, H, 0, false, gpu::DType::F16});
  } else if (lw.qkv) {
    requireF32X();
    ops::matmul(ctx, x, lw.qkv.view(), {}, qkv, {T, qkvWidth, H});
  } else {  // separate (block-quantized) matrices write their columns of the same rows
    requireF32X();
    const uint64_t total = uint64_t(T) * qkvWidth;
    ops::matmul(ctx, x, lw.qProj.view(), {}, qkv, {T, nH * hd, H, qkvWidth});
    if (ownKv) {
      const uint64_t k0 = uint64_t(nH) * hd, v0 = uint64_t(nH + nKV) * hd;
      ops::matmul(ctx, x, lw.kProj.view(), {}, floats(qkv_, k0, total - k0), {T, nKV * hd, H, qkvWidth});
      ops::matmul(ctx, x, lw.vProj.view(), {}, floats(qkv_, v0, total - v0), {T, nKV * hd, H, qkvWidth});
    }
  }
  // A fused one-slot decode step: the o projection merges the attention's splits itself and adds
  // into this layer's third decodeSum (ops::matvecProjectAttention).
  const uint32_t oSplits = oProjectionMergeSplits(slots, li, T);
  recordAttention(ctx, slots, li, qkvWidth, oHalf, oSplits);
  const BufferView attnOut = oSplits ? decodeSum(li, 2) : a;
  if (oSplits) {
    ops::matvecProjectAttention(ctx, slots[0].attnWs, lw.oProj.view(), attnOut, {nH, hd, oSplits, H});
  } else {
    ops::matmul(ctx, o, lw.oProj.view(), {}, a, {T, H, nH * hd, 0, false, oHalf ? gpu::DType::F16 : gpu::DType::F32});
  }
  // h += post_attention_norm(a); x = pre_feedforward_norm(h) (fused step: by the gate/up prologue)
  if (fusingStep_) {
    stream_.defer(attnOut, lw.postAttentionNorm.raw(), 1.0f);
  } else {
    recordResidualNorm(ctx, a, lw.postAttentionNorm.raw(), lw.preFeedforwardNorm.raw(), T, 1.0f,
                       readsHalfX(T, lw.gateUp));
  }

  // Dense GeGLU MLP: u = gelu_tanh(x Wgate^T) * (x Wup^T) in one matvec for decode. Prefill on
  // tensor cores: x and u in f16 (written so by their producers, read so by the matmuls).
  BufferView u = floats(up_, 0, uint64_t(T) * F);
  gpu::DType uType = gpu::DType::F32;
  const ops::NormedMatvecParams gegluShape{F, H, ops::MatvecEpilogue::Geglu};
  const bool gegluNormed =
      fusingStep_ && lw.gateUp && ops::normedMatvecSupported(device_.info(), lw.gateUp.view(), gegluShape);
  if (fusingStep_ && !gegluNormed) stream_.settle(ctx, lw.preFeedforwardNorm.raw(), x);
  // A fused step's GeGLU also does the down projection where the device runs it so (one
  // dispatch; ops/MatvecProject.h): the MLP's output is then this layer's first decodeSum.
  const ops::MatvecProjectParams gegluDown{F, H, H, ops::MatvecEpilogue::Geglu};
  const bool gegluProjected = gegluNormed && projectDecode_ && decodeSums_ && lw.down &&
                              ops::matvecProjectSupported(device_.info(), lw.gateUp.view(), lw.down.view(), gegluDown);
  const BufferView mlpOut = gegluProjected ? decodeSum(li, 0) : a;
  if (gegluProjected) {
    ops::matvecProject(ctx, stream_.prologue(lw.preFeedforwardNorm.raw()), lw.gateUp.view(), {}, lw.down.view(),
                       mlpOut, gegluDown);
  } else if (gegluNormed) {
    ops::normedMatvec(ctx, stream_.prologue(lw.preFeedforwardNorm.raw()), lw.gateUp.view(), {}, u, gegluShape);
  } else if (lw.gateUp) {
    const bool xHalf = readsHalfX(T, lw.gateUp);
    if (!xHalf) requireF32X();
    if (readsHalfX(T, lw.down)) u = up_.view(0, uint64_t(T) * F * 2), uType = gpu::DType::F16;
    ops::matmulGeglu(ctx, xHalf ? recordHalfX(ctx, x, T) : x, lw.gateUp.view(), u, gate_.view(),
                     {T, F, H, xHalf ? gpu::DType::F16 : gpu::DType::F32, uType});
  } else {
    requireF32X();
    const uint64_t total = uint64_t(T) * 2 * F;
    const BufferView gu = floats(gate_, 0, total);
    ops::matmul(ctx, x, lw.gate.view(), {}, gu, {T, F, H, 2 * F});
    ops::matmul(ctx, x, lw.up.view(), {}, floats(gate_, F, total - F), {T, F, H, 2 * F});
    ops::elementwise(ctx, ops::EwOp::Geglu, gu, floats(gate_, F, total - F), u, {T, F, 2 * F, 2 * F, F});
  }
  if (!gegluProjected) ops::matmul(ctx, u, lw.down.view(), {}, a, {T, H, F, 0, false, uType});
  // Per-layer embedding injection: h += norm(proj(gelu(gate(h)) * ple[:, layer, :])); the
  // layer scalar and the next input norm go with the last residual step of the layer.
  // Fused decode step: the residual steps go to the stream, done by the PLE gate's prologue and
  // the next layer's q/k/v prologue (or the final norm).
  if (cfg_.hasPle()) {
    const uint32_t P = uint32_t(cfg_.hiddenSizePerLayerInput);
    const BufferView pg = floats(pleGate_, 0, uint64_t(T) * P);
    const BufferView po = floats(pleOut_, 0, uint64_t(T) * H);
    const BufferView slice = ple_.view().sub(uint64_t(li) * P * 4, ple_.size() - uint64_t(li) * P * 4);
    const ops::NormedMatvecParams gateShape{P, H, ops::MatvecEpilogue::GeluMul};
    if (fusingStep_) stream_.defer(mlpOut, lw.postFeedforwardNorm.raw(), 1.0f);
    // The gate and the projection in one dispatch where the device runs it (as GeGLU + down).
    const ops::MatvecProjectParams gateProjection{P, H, H, ops::MatvecEpilogue::GeluMul};
    const bool pleProjected = fusingStep_ && projectDecode_ && decodeSums_ &&
                              ops::matvecProjectSupported(device_.info(), lw.pleGate.view(),
                                                          lw.pleProjection.view(), gateProjection);
    if (pleProjected) {
      const BufferView sum = decodeSum(li, 1);
      ops::matvecProject(ctx, stream_.prologue({}), lw.pleGate.view(), slice, lw.pleProjection.view(), sum,
                         gateProjection);
      stream_.defer(sum, lw.postPleNorm.raw(), lw.layerScalar);
      return;
    }
    if (fusingStep_ && ops::normedMatvecSupported(device_.info(), lw.pleGate.view(), gateShape)) {
      // pg = gelu_tanh((h + post_ffn_norm(a)) Wg^T) * ple slice in one dispatch
      ops::normedMatvec(ctx, stream_.prologue({}), lw.pleGate.view(), slice, pg, gateShape);
    } else {
      if (!fusingStep_) ops::residualNorm(ctx, a, lw.postFeedforwardNorm.raw(), h, {}, {}, {T, H, eps, 1.0f});
      const BufferView hIn = fusingStep_ ? stream_.settle(ctx, {}, {}) : h;
      ops::matmul(ctx, hIn, lw.pleGate.view(), {}, pg, {T, P, H});
      ops::elementwise(ctx, ops::EwOp::Geglu, pg, slice, pg, {T, P, P, nL * P, P, false});
    }
    ops::matmul(ctx, pg, lw.pleProjection.view(), {}, po, {T, H, P});
    if (fusingStep_) {
      stream_.defer(po, lw.postPleNorm.raw(), lw.layerScalar);
    } else {
      recordResidualNorm(ctx, po, lw.postPleNorm.raw(), nextNorm, T, lw.layerScalar, nextReadsHalf);
    }
  } else if (fusingStep_) {
    stream_.defer(mlpOut, lw.postFeedforwardNorm.raw(), lw.layerScalar);
  } else {
    recordResidualNorm(ctx, a, lw.postFeedforwardNorm.raw(), nextNorm, T, lw.layerScalar, nextReadsHalf);
  }
}

bool TextDecoder::readsHalfX(uint32_t T, const DeviceWeight& w) const {
  return w && xHalf_ && ops::matmulReadsHalfX(device_.info(), T, w.view().dtype);
}

BufferView TextDecoder::recordHalfX(ops::OpContext& ctx, BufferView x, uint32_t T) {
  const uint32_t H = uint32_t(cfg_.hiddenSize);
  const BufferView xh = xHalf_.view(0, uint64_t(T) * H * 2);
  if (!xIsHalf_) ops::toHalf(ctx, x, xh, T, H);
  return xh;
}

void TextDecoder::recordResidualNorm(ops::OpContext& ctx, BufferView a, BufferView wa, BufferView wx, uint32_t T,
                                     float scalar, bool consumerReadsHalf) {
  const uint32_t H = uint32_t(cfg_.hiddenSize);
  const uint64_t n = uint64_t(T) * H;
  const gpu::DType xType = consumerReadsHalf ? gpu::DType::F16 : gpu::DType::F32;
  const BufferView x = consumerReadsHalf ? xHalf_.view(0, n * 2) : floats(x_, 0, n);
  ops::residualNorm(ctx, a, wa, floats(h_, 0, n), wx, x, {T, H, float(cfg_.rmsNormEps), scalar, xType});
  xIsHalf_ = consumerReadsHalf;
}

void TextDecoder::requireF32X() const {
  if (xIsHalf_) throw std::logic_error("TextDecoder: x was written in f16 for a matmul that reads it in f32");
}

bool TextDecoder::recordFusedQkv(ops::OpContext& ctx, int li, BufferView qkv, uint32_t qkvWidth) {
  const TextLayer& L = cfg_.layers[size_t(li)];
  const DecoderLayerWeights& lw = w_.layers[size_t(li)];
  const uint32_t H = uint32_t(cfg_.hiddenSize), nH = uint32_t(cfg_.numAttentionHeads);
  const uint32_t hd = uint32_t(L.headDim), nKV = uint32_t(L.numKvHeads), ownKv = L.kvShared ? 0u : nKV;
  struct Part {
    const DeviceWeight* w;
    uint32_t column, width;  // its columns of the qkv row
  };
  std::vector<Part> parts;
  if (lw.qkv) {
    parts.push_back({&lw.qkv, 0, qkvWidth});
  } else {  // separate (block-quantized) matrices
    parts.push_back({&lw.qProj, 0, nH * hd});
    if (ownKv) parts.push_back({&lw.kProj, nH * hd, nKV * hd}), parts.push_back({&lw.vProj, (nH + nKV) * hd, nKV * hd});
  }
  for (const Part& p : parts) {
    if (!ops::normedMatvecSupported(device_.info(), p.w->view(), {p.width, H})) {
      stream_.settle(ctx, lw.inputNorm.raw(), floats(x_, 0, H));
      return false;
    }
  }
  // One prologue for all parts: the first stores h', the others only read h (not yet replaced).
  ops::NormPrologue pro = stream_.prologue(lw.inputNorm.raw());
  for (const Part& p : parts) {
    ops::normedMatvec(ctx, pro, p.w->view(), {}, qkv.sub(uint64_t(p.column) * 4, uint64_t(p.width) * 4), {p.width, H});
    pro.hOut = {};
  }
  return true;
}

void TextDecoder::setDecodeFusion(bool on) {
  fuseDecode_ = on;
  replayRec_->discard();  // a recorded step was recorded with the other setting
}

void TextDecoder::setDecodeProjection(bool on) {
  projectDecode_ = on;
  replayRec_->discard();
}

BufferView TextDecoder::decodeSum(int li, int which) const {
  return decodeSums_.view((uint64_t(li) * kDecodeSumsPerLayer + uint64_t(which)) * decodeSumStride_,
                          uint64_t(cfg_.hiddenSize) * 4);
}

void TextDecoder::gatherPleRows(ops::OpContext& ctx, BufferView ids, BufferView tokenRows, uint32_t T) {
  const PleTable& table = *w_.pleTable;
  ops::embeddingGather(ctx, w_.pleTableDevice.pieces(), ids, tokenRows, T, uint32_t(table.rows()),
                       uint32_t(table.width()), w_.pleScale);
}

void TextDecoder::recordPerLayerInputs(ops::OpContext& ctx, BufferView h, BufferView tokenRows, uint32_t T) {
  // ple[t, l, :] = (RMSNorm(proj(h_t) * H^-0.5) + table[id_t, l, :] * sqrt(P)) * 2^-0.5, where
  // tokenRows already holds table[id_t] * sqrt(P) (gathered on the host or, gatherPleRows, the GPU).
  const uint32_t H = uint32_t(cfg_.hiddenSize), nL = uint32_t(cfg_.numLayers), P = uint32_t(cfg_.hiddenSizePerLayerInput);
  const BufferView ple = floats(ple_, 0, uint64_t(T) * nL * P);
  ops::matmul(ctx, h, w_.pleModelProjection.view(), {}, ple, {T, nL * P, H});
  ops::scale(ctx, ple, ple, T * nL * P, float(1.0 / std::sqrt(double(H))));
  ops::rmsNorm(ctx, ple, w_.pleProjectionNorm.raw(), ple, {T * nL, P, float(cfg_.rmsNormEps)});
  ops::elementwise(ctx, ops::EwOp::AddScale, ple, tokenRows, ple, {1, T * nL * P}, float(1.0 / std::sqrt(2.0)));
}

std::vector<float> TextDecoder::forward(KvCache& cache, const DecoderChunk& chunk, LogitsRows rows,
                                        DecoderTrace* trace) {
  const uint32_t T = uint32_t(chunk.ids.size());
  if (T == 0) return {};
  const auto tStart = Clock::now();
  if (T > maxChunk_) throw std::invalid_argument("decoder chunk larger than maxChunk");
  if (chunk.position != cache.length()) throw std::logic_error("decoder chunk position does not follow the cache");
  if (chunk.position + T > cache.capacity()) {
    throw std::length_error("the prompt and answer need " + std::to_string(chunk.position + T) +
                            " tokens, more than the context of " + std::to_string(cache.capacity()) +
                            " tokens; raise the context size or shorten the input");
  }
  const uint32_t H = uint32_t(cfg_.hiddenSize), V = uint32_t(cfg_.vocabSize);
  const uint32_t nL = uint32_t(cfg_.numLayers), P = uint32_t(cfg_.hiddenSizePerLayerInput);
  const float eps = float(cfg_.rmsNormEps);

  // Placeholder (soft-token) positions are looked up as the pad id, then overwritten.
  std::vector<int32_t> ids(chunk.ids.begin(), chunk.ids.end());
  const bool hasSoft = !chunk.softRow.empty();
  for (uint32_t t = 0; t < T; ++t) {
    if (hasSoft && chunk.softRow[t] >= 0) ids[t] = int32_t(cfg_.padTokenId);
    if (ids[t] < 0 || ids[t] >= int32_t(V)) {
      throw std::out_of_range("token id " + std::to_string(ids[t]) + " is outside the vocabulary (" +
                              std::to_string(V) + ")");
    }
  }
  // RoPE tables for this chunk's positions, one per layer type.
  std::vector<int32_t> positions(T);
  for (uint32_t t = 0; t < T; ++t) positions[t] = int32_t(chunk.position + t);
  // Host-made inputs, laid out [ids | RoPE rows (sliding) | RoPE rows (full) | PLE rows]: a long
  // chunk writes them straight into the mapped staging buffer its own submit copies from (a 4096-
  // token E2B chunk has ~160 MB of them); short chunks and replayed steps use a host vector.
  const size_t ropeFloats[2] = {ropeInvFreq_[0].size() * 2 * T, ropeInvFreq_[1].size() * 2 * T};
  const bool hostPle = cfg_.hasPle() && !w_.pleTableDevice;  // else gathered on the GPU
  const size_t pleFloats = hostPle ? size_t(T) * nL * P : 0;
  const uint64_t inputBytes = (uint64_t(T) + ropeFloats[0] + ropeFloats[1] + pleFloats) * 4;
  const bool stagedInputs = inputBytes > kInlineInputBytes;
  std::vector<float> hostInputs;
  if (stagedInputs && (!inputStage_ || inputStage_.size() < inputBytes)) {
    inputStage_ = gpu::Buffer(device_, inputBytes, gpu::MemoryUsage::HostUpload, "decoder chunk inputs");
  }
  if (!stagedInputs) hostInputs.resize(inputBytes / 4);
  float* const inputs = stagedInputs ? reinterpret_cast<float*>(inputStage_.mapped()) : hostInputs.data();
  std::memcpy(inputs, ids.data(), size_t(T) * 4);
  const std::span<float> ropeRows[2] = {{inputs + T, ropeFloats[0]}, {inputs + T + ropeFloats[0], ropeFloats[1]}};
  const std::span<float> pleRows{ropeRows[1].data() + ropeFloats[1], pleFloats};
  // The RoPE and PLE rows (~4 ms on the host for a 512-token E2B chunk): a staged chunk's are
  // written on a worker thread while this one records (its copies only need their offsets), and
  // waited for before the first submit; other chunks' right away.
  double inputsMs = 0;
  const auto fillInputs = [&] {
    const auto t0 = Clock::now();
    for (int full : {0, 1}) {
      if (!ropeInvFreq_[full].empty()) ops::ropeTableInto(positions, ropeInvFreq_[full], ropeRows[full].data());
    }
    if (hostPle) w_.pleTable->gatherInto(ids, w_.pleScale, pleRows.data());
    inputsMs = msBetween(t0, Clock::now());
  };
  std::future<void> inputsFilled;  // its destructor waits, so no exit leaves the worker running
  if (stagedInputs) {
    inputsFilled = std::async(std::launch::async, fillInputs);
  } else {
    fillInputs();
  }
  const auto inputsReady = [&] {
    if (inputsFilled.valid()) inputsFilled.get();  // rethrows the worker's error
  };
  const auto inputsWritten = [&] {
    return !inputsFilled.valid() || inputsFilled.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  };

  const auto tInputs = Clock::now();
  if (useFlashAttention(device_, cfg_, T)) {
    // Each layer's workspace, for the kernel it runs (both only grow).
    for (int li = 0; li < int(cfg_.layers.size()); ++li) {
      const ops::AttentionParams ap = attentionParams(li, T, chunk.position);
      if (useMatmulAttention(ap)) {
        attnGemm_.reserve(device_, ap);
      } else {
        flash_.reserve(device_, ap.queries, ap.heads, ap.keys, ap.kvHeads, ap.headDim);
      }
    }
  }
  // A replayable decode step writes its inputs into mapped buffers and submits the recorded step;
  // any other chunk is recorded afresh as one submit with its small inputs inside the buffer.
  const bool replay = canReplay(T, hasSoft, trace, rows);
  const uint32_t stepPosition = chunk.position;
  std::memcpy(step_.mapped() + kStepPosition * 4, &stepPosition, 4);  // read when the work runs
  if (replay) {
    std::memcpy(stepId_.mapped(), ids.data(), 4);
    for (int full : {0, 1}) {
      if (!ropeRows[full].empty()) std::memcpy(stepRope_[full].mapped(), ropeRows[full].data(), ropeRows[full].size_bytes());
    }
    if (hostPle) std::memcpy(stepPle_.mapped(), pleRows.data(), pleRows.size_bytes());
  }
  const uint32_t nRows = rows == LogitsRows::All ? T : rows == LogitsRows::Last ? 1 : 0;
  const ReplayKey key{cache.id(), rows, profiling_};
  const bool record = !replay || !replayRec_->sealed() || !(replayKey_ == key);
  gpu::CommandRecorder& rec = replay ? *replayRec_ : *rec_;
  if (record) rec.discard();  // a sealed step being re-recorded, or leftovers of a forward() that threw
  recordingReplay_ = replay;
  struct ReplayFlagReset {
    bool& flag;
    ~ReplayFlagReset() { flag = false; }
  } resetFlag{recordingReplay_};
  if (record) {
    // Staged inputs are copied by this submit (the staging buffer is free again after its wait).
    auto put = [&](BufferView dst, std::span<const float> values) {
      if (replay) return;  // read from the mapped step buffers instead
      if (stagedInputs) {
        const uint64_t offset = uint64_t(values.data() - inputs) * 4;
        rec.copy(inputStage_.view(offset, values.size_bytes()), dst.sub(0, values.size_bytes()));
      } else {
        rec.update(dst, values.data(), values.size_bytes());
      }
    };
    put(ids_.view(0, uint64_t(T) * 4), {inputs, T});  // the ids' bits, as floats
    for (bool full : {false, true}) {
      const std::span<const float> table = ropeRows[full];
      if (!table.empty()) put((full ? ropeFull_ : ropeSliding_).view(0, table.size_bytes()), table);
    }

    ops::OpContext ctx{device_, rec};
    if (!replay) {
      ctx.dequant = prefillDequantScratch(T);
      ctx.splitK = prefillSplitKScratch(T);
    }
    const BufferView h = floats(h_, 0, uint64_t(T) * H);
    const BufferView idsView = replay ? stepId_.view(0, 4) : ids_.view(0, uint64_t(T) * 4);
    ops::embeddingGather(ctx, w_.embedTokens.view(), idsView, h, T, V, H, w_.embedScale);
    if (hasSoft) {
      inputsReady();
      rec.submit();
      std::vector<float> host(size_t(T) * H);
      device_.download(h, host.data(), host.size() * 4);
      for (uint32_t t = 0; t < T; ++t) {
        if (chunk.softRow[t] < 0) continue;
        const size_t src = size_t(chunk.softRow[t]) * H;
        if (src + H > chunk.softEmbeddings.size()) throw std::out_of_range("soft token row outside its embeddings");
        std::copy_n(chunk.softEmbeddings.begin() + ptrdiff_t(src), H, host.begin() + ptrdiff_t(size_t(t) * H));
      }
      device_.upload(h, host.data(), host.size() * 4);
    }

    if (hostPle) {
      const BufferView tok = replay ? stepPle_.view() : floats(pleTmp_, 0, uint64_t(T) * nL * P);
      put(tok, pleRows);
      recordPerLayerInputs(ctx, h, tok, T);
    } else if (cfg_.hasPle()) {
      const BufferView tok = floats(pleTmp_, 0, uint64_t(T) * nL * P);
      gatherPleRows(ctx, idsView, tok, T);
      recordPerLayerInputs(ctx, h, tok, T);
    }

    if (trace) {
      traceBuf_ = scratch(device_, uint64_t(nL + 1) * T * H, "decoder trace");
      rec.copy(h, floats(traceBuf_, 0, uint64_t(T) * H));
    }
    // Layer 0's input norm; every later norm (and the final one) is fused into a residual step.
    // A fused decode step (one token, no trace) defers them to the consuming matvecs instead.
    fusingStep_ = fuseDecode_ && T == 1 && !trace;
    ReplayFlagReset resetFusing{fusingStep_};
    if (fusingStep_) {
      stream_.start(h, h2_.view(), eps);
      if (projectDecode_ && decodeSums_) rec.fill(decodeSums_.view(), 0);  // the projections add to it
    } else {
      ops::rmsNorm(ctx, h, w_.layers[0].inputNorm.raw(), floats(x_, 0, uint64_t(T) * H), {T, H, eps});
    }
    xIsHalf_ = false;
    AttentionSlot slot;  // the whole chunk is one sequence's rows
    slot.cache = &cache;
    slot.tokens = T;
    slot.position = chunk.position;
    slot.step = step_.view();
    slot.stepIndex = kStepPosition;
    for (int full : {0, 1}) slot.rope[full] = replay ? stepRope_[full].view() : (full ? ropeFull_ : ropeSliding_).view();
    slot.q = q_.view();
    slot.attnWs = decodeAttnWs_.view();
    slot.stepAttention = replay;
    for (uint32_t li = 0; li < nL; ++li) {
      recordLayer(ctx, std::span<const AttentionSlot>(&slot, 1), int(li), T);
      if (trace && li + 1 < nL) rec.copy(h, floats(traceBuf_, uint64_t(li + 1) * T * H, uint64_t(T) * H));
      // A chunk's layers start on the GPU while the rest are recorded (~0.1 ms of host time per
      // layer, a prefill layer is several times that on the GPU): flushes after layers 1, 2, 4,
      // 8, ... once the host inputs the first piece copies are written (a replayed step is one
      // token: never flushed).
      if (T >= kFlushMinTokens && std::has_single_bit(li + 1) && inputsWritten()) {
        inputsReady();
        rec.flush();
      }
    }
    if (fusingStep_) stream_.settle(ctx, w_.finalNorm.raw(), floats(x_, 0, H));  // last residual step + final norm
    fusingStep_ = false;
    const BufferView x = floats(x_, 0, uint64_t(T) * H);  // final_norm(h), from the last layer
    if (trace) rec.copy(x, floats(traceBuf_, uint64_t(nL) * T * H, uint64_t(T) * H));

    if (rows == LogitsRows::LastArgmax) {
      // Greedy: logits stay on the device; only (max, index) comes back (8 bytes, mapped).
      if (!greedyLogits_) {
        greedyLogits_ = gpu::Buffer(device_, uint64_t(V) * 4, kDev, "greedy logits");
        argmaxWs_ = gpu::Buffer(device_, ops::argmaxWorkspaceBytes(), kDev, "argmax partials");
        argmaxOut_ = gpu::Buffer(device_, 8, gpu::MemoryUsage::HostReadback, "argmax result");
      }
      const BufferView lg = greedyLogits_.view();
      ops::matmul(ctx, floats(x_, uint64_t(T - 1) * H, H), w_.lmHeadWeight().view(), {}, lg, {1, V, H});
      if (cfg_.finalLogitSoftcapping) ops::softcap(ctx, lg, lg, V, float(*cfg_.finalLogitSoftcapping));
      ops::argmax(ctx, lg, V, argmaxWs_.view(), argmaxOut_.view());
    }
    if (nRows > 0) {
      if (!logits_ || logits_.size() < uint64_t(nRows) * V * 4) {
        // Mapped read-back memory: the download after the submit is a memcpy, not another submit.
        logits_ = gpu::Buffer(device_, uint64_t(nRows) * V * 4, gpu::MemoryUsage::HostReadback, "logits");
        if (!replay) replayRec_->discard();  // a recorded step may bind the old buffer
      }
      const BufferView lg = floats(logits_, 0, uint64_t(nRows) * V);
      const BufferView src = floats(x_, uint64_t(T - nRows) * H, uint64_t(nRows) * H);
      ops::matmul(ctx, src, w_.lmHeadWeight().view(), {}, lg, {nRows, V, H});
      if (cfg_.finalLogitSoftcapping) ops::softcap(ctx, lg, lg, nRows * V, float(*cfg_.finalLogitSoftcapping));
    }
  }  // record
  recordingReplay_ = false;
  lastRec_ = &rec;
  lastReplayed_ = replay;
  inputsReady();
  const auto tRecorded = Clock::now();
  if (replay) {
    if (record) {
      rec.seal();
      replayKey_ = key;
    }
    rec.replay();
  } else {
    rec.submit();
  }
  // Host inputs: the time until recording starts plus the worker's (overlapping the recording).
  lastTimes_ = {msBetween(tStart, tInputs) + (stagedInputs ? inputsMs : 0.0), msBetween(tInputs, tRecorded),
                msBetween(tRecorded, Clock::now())};
  if (!replay && dequantStatus_ && !dequantRangeExceeded_) {
    uint32_t outOfRange = 0;
    device_.download(dequantStatus_.view(), &outOfRange, 4);
    if (outOfRange) {
      // A quantized weight holds values beyond f16's range (clamped in its copy): this chunk's
      // results are unusable, so it runs again on the f32 kernels, as every later chunk will.
      dequantRangeExceeded_ = true;
      return forward(cache, chunk, rows, trace);
    }
  }
  cache.setLength(chunk.position + T);

  if (trace) {
    trace->inputsEmbeds.resize(size_t(T) * H);
    trace->hiddenStates.resize(size_t(nL + 1) * T * H);
    device_.download(floats(traceBuf_, 0, uint64_t(nL + 1) * T * H), trace->hiddenStates.data(),
                     trace->hiddenStates.size() * 4);
    std::copy_n(trace->hiddenStates.begin(), size_t(T) * H, trace->inputsEmbeds.begin());
    if (cfg_.hasPle()) {
      trace->perLayerInputs.resize(size_t(T) * nL * P);
      device_.download(floats(ple_, 0, uint64_t(T) * nL * P), trace->perLayerInputs.data(),
                       trace->perLayerInputs.size() * 4);
    }
  }
  if (rows == LogitsRows::LastArgmax) {
    uint32_t result[2];
    device_.download(argmaxOut_.view(), result, sizeof result);
    greedyId_ = int32_t(result[1]);
  }
  std::vector<float> out(size_t(nRows) * V);
  if (nRows) device_.download(floats(logits_, 0, uint64_t(nRows) * V), out.data(), out.size() * 4);
  return out;
}

gpu::BufferView TextDecoder::prefillSplitKScratch(uint32_t T) {
  if (!ops::matmulSupported(device_.info(), ops::Variant::CoopMat, gpu::DType::F16)) return {};
  // A split needs layers x M x N floats; the pick splits only grids of under 100 blocks of
  // 128 x 128, in at most 4 layers (MatmulCoopMatTiles.h), so 400 blocks' worth bounds it (26 MB).
  const uint64_t widest = std::max<uint64_t>(uint64_t(cfg_.hiddenSize), 2 * uint64_t(maxMlp_));
  const uint64_t bytes = std::min<uint64_t>(4ull * 100 * 128 * 128 * 4, uint64_t(4) * T * widest * 4);
  if (!splitKScratch_ || splitKScratch_.size() < bytes) {
    splitKScratch_ = gpu::Buffer(device_, bytes, kDev, "prefill matmul k-split partial sums");
  }
  return splitKScratch_.view();
}

ops::DequantScratch TextDecoder::prefillDequantScratch(uint32_t T) {
  if (T < kDequantPrefillMinTokens || dequantRangeExceeded_ ||
      !ops::matmulSupported(device_.info(), ops::Variant::CoopMat, gpu::DType::F16)) {
    return {};
  }
  if (!dequantStatus_) {
    const uint64_t elements = largestQuantizedMatrix(w_);
    if (elements == 0 || elements * 2 > device_.info().maxStorageBufferRange) return {};
    dequantF16_ = gpu::Buffer(device_, elements * 2, kDev, "f16 copy of a quantized weight (prefill)");
    dequantStatus_ = gpu::Buffer(device_, 4, gpu::MemoryUsage::HostReadback, "dequant out-of-range bit");
    const uint32_t zero = 0;
    device_.upload(dequantStatus_.view(), &zero, 4);
  }
  return {dequantF16_.view(), dequantStatus_.view()};
}

bool TextDecoder::canReplay(uint32_t T, bool hasSoft, const DecoderTrace* trace, LogitsRows rows) const {
  if (T != 1 || hasSoft || trace || !(rows == LogitsRows::LastArgmax || rows == LogitsRows::Last)) return false;
  // Every layer's attention must be the split decode kernel (it reads the position on the GPU).
  return std::all_of(cfg_.layers.begin(), cfg_.layers.end(), [&](const TextLayer& l) {
    ops::AttentionParams ap;
    ap.queries = 1, ap.heads = uint32_t(cfg_.numAttentionHeads), ap.kvHeads = uint32_t(l.numKvHeads);
    ap.headDim = uint32_t(l.headDim), ap.causal = true;
    return ops::decodeAttentionSupported(device_.info(), ap);
  });
}

void TextDecoder::setProfiling(bool on) {
  profiling_ = on;
  rec_->setDispatchTiming(on);
  replayRec_->setDispatchTiming(on);
  if (batchRec_) batchRec_->setDispatchTiming(on);
}

const std::vector<gpu::RegionTiming>& TextDecoder::lastTimings() const {
  return (lastRec_ ? lastRec_ : rec_.get())->timings();
}

}  // namespace gwb::model
