#include "inference/model/TextDecoder.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "inference/gpu/CommandRecorder.h"
#include "inference/ops/Attention.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/Gather.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/RmsNorm.h"
#include "inference/ops/Rope.h"

namespace gwb::model {

namespace {
using gpu::BufferView;
constexpr gpu::MemoryUsage kDev = gpu::MemoryUsage::DeviceLocal;

gpu::Buffer scratch(gpu::Device& d, uint64_t floats, const char* name) {
  return gpu::Buffer(d, std::max<uint64_t>(floats, 1) * 4, kDev, name);
}

// A view of `count` floats starting at float `first`.
BufferView floats(const gpu::Buffer& b, uint64_t first, uint64_t count) { return b.view(first * 4, count * 4); }

// Per-step inputs up to this size are written inside the command buffer (vkCmdUpdateBuffer);
// larger ones (long prefill chunks) go through Device::upload.
constexpr uint64_t kInlineInputBytes = 1ull << 20;
}  // namespace

TextDecoder::TextDecoder(gpu::Device& device, const ModelConfig& config, const TextDecoderWeights& weights,
                         uint32_t maxChunk)
    : device_(device), cfg_(config.text), w_(weights), maxChunk_(maxChunk) {
  for (const TextLayer& l : cfg_.layers) {
    maxHeadDim_ = std::max<uint32_t>(maxHeadDim_, uint32_t(l.headDim));
    maxMlp_ = std::max<uint32_t>(maxMlp_, uint32_t(l.mlpWidth));
  }
  const uint64_t T = maxChunk, H = uint64_t(cfg_.hiddenSize), nH = uint64_t(cfg_.numAttentionHeads);
  const uint64_t L = uint64_t(cfg_.numLayers), P = uint64_t(cfg_.hiddenSizePerLayerInput);
  ids_ = gpu::Buffer(device, T * 4, kDev, "decoder token ids");
  h_ = scratch(device, T * H, "decoder hidden state");
  x_ = scratch(device, T * H, "decoder normed input");
  q_ = scratch(device, T * nH * maxHeadDim_, "decoder queries");
  attn_ = scratch(device, T * nH * maxHeadDim_, "decoder attention output");
  a_ = scratch(device, T * H, "decoder branch output");
  gate_ = scratch(device, T * maxMlp_, "decoder MLP gate");
  up_ = scratch(device, T * maxMlp_, "decoder MLP up");
  if (cfg_.hasPle()) {
    ple_ = scratch(device, T * L * P, "per-layer inputs");
    pleTmp_ = scratch(device, T * L * P, "per-layer token embeddings");
    pleGate_ = scratch(device, T * P, "per-layer gate");
    pleOut_ = scratch(device, T * H, "per-layer projection");
  }
  ropeSliding_ = scratch(device, T * maxHeadDim_, "RoPE table (sliding)");
  ropeFull_ = scratch(device, T * maxHeadDim_, "RoPE table (full)");
  rec_ = std::make_unique<gpu::CommandRecorder>(device);
  for (int full : {0, 1}) {
    auto it = std::find_if(cfg_.layers.begin(), cfg_.layers.end(), [&](const TextLayer& l) { return l.isFull == bool(full); });
    if (it == cfg_.layers.end()) continue;
    ropeInvFreq_[full] = ops::ropeInverseFrequencies(float(it->ropeTheta), uint32_t(it->headDim), uint32_t(it->ropeAngles));
  }
}

void TextDecoder::recordLayer(ops::OpContext& ctx, KvCache& cache, int li, uint32_t T, uint32_t position) {
  const TextLayer& L = cfg_.layers[size_t(li)];
  const DecoderLayerWeights& lw = w_.layers[size_t(li)];
  const uint32_t H = uint32_t(cfg_.hiddenSize), nH = uint32_t(cfg_.numAttentionHeads);
  const uint32_t hd = uint32_t(L.headDim), nKV = uint32_t(L.numKvHeads), F = uint32_t(L.mlpWidth);
  const float eps = float(cfg_.rmsNormEps);
  const BufferView h = floats(h_, 0, uint64_t(T) * H), x = floats(x_, 0, uint64_t(T) * H);
  const BufferView a = floats(a_, 0, uint64_t(T) * H);
  const BufferView q = floats(q_, 0, uint64_t(T) * nH * hd), o = floats(attn_, 0, uint64_t(T) * nH * hd);
  const BufferView rope = L.isFull ? ropeFull_.view() : ropeSliding_.view();
  const ops::RopeParams qRope{T, nH, hd, uint32_t(L.ropeAngles), 0};

  // Attention: q = rope(q_norm(x Wq^T)); own K/V appended to the cache unless KV-shared.
  ops::rmsNorm(ctx, h, lw.inputNorm.raw(), x, {T, H, eps});
  ops::matmul(ctx, x, lw.qProj.view(), {}, q, {T, nH * hd, H});
  ops::rmsNorm(ctx, q, lw.qNorm.raw(), q, {T * nH, hd, eps});
  ops::rope(ctx, q, rope, qRope);
  if (!L.kvShared) {
    const uint64_t row = uint64_t(nKV) * hd;
    const BufferView k = floats(cache.keys(li), uint64_t(position) * row, uint64_t(T) * row);
    const BufferView v = floats(cache.values(li), uint64_t(position) * row, uint64_t(T) * row);
    ops::matmul(ctx, x, lw.kProj.view(), {}, k, {T, nKV * hd, H});
    ops::matmul(ctx, x, lw.vProj.view(), {}, v, {T, nKV * hd, H});
    ops::rmsNorm(ctx, k, lw.kNorm.raw(), k, {T * nKV, hd, eps});
    ops::rope(ctx, k, rope, {T, nKV, hd, uint32_t(L.ropeAngles), 0});
    ops::rmsNorm(ctx, v, {}, v, {T * nKV, hd, eps});
  }
  ops::AttentionParams ap;
  ap.queries = T;
  ap.keys = position + T;
  ap.heads = nH;
  ap.kvHeads = nKV;
  ap.headDim = hd;
  ap.queryStart = position;
  ap.causal = true;
  ap.window = L.isFull ? 0u : uint32_t(cfg_.slidingWindow);
  ap.scale = 1.0f;
  const uint64_t keyFloats = uint64_t(position + T) * nKV * hd;
  ops::attention(ctx, q, floats(cache.keys(li), 0, keyFloats), floats(cache.values(li), 0, keyFloats), {}, o, ap);
  ops::matmul(ctx, o, lw.oProj.view(), {}, a, {T, H, nH * hd});
  ops::rmsNorm(ctx, a, lw.postAttentionNorm.raw(), a, {T, H, eps});
  ops::add(ctx, h, a, h, T * H);

  // Dense GeGLU MLP.
  const BufferView g = floats(gate_, 0, uint64_t(T) * F), u = floats(up_, 0, uint64_t(T) * F);
  ops::rmsNorm(ctx, h, lw.preFeedforwardNorm.raw(), x, {T, H, eps});
  ops::matmul(ctx, x, lw.gate.view(), {}, g, {T, F, H});
  ops::matmul(ctx, x, lw.up.view(), {}, u, {T, F, H});
  ops::geglu(ctx, g, u, g, T * F);
  ops::matmul(ctx, g, lw.down.view(), {}, a, {T, H, F});
  ops::rmsNorm(ctx, a, lw.postFeedforwardNorm.raw(), a, {T, H, eps});
  ops::add(ctx, h, a, h, T * H);

  // Per-layer embedding injection: h += norm(proj(gelu(gate(h)) * ple[:, layer, :])).
  if (cfg_.hasPle()) {
    const uint32_t P = uint32_t(cfg_.hiddenSizePerLayerInput), nL = uint32_t(cfg_.numLayers);
    const BufferView pg = floats(pleGate_, 0, uint64_t(T) * P);
    const BufferView po = floats(pleOut_, 0, uint64_t(T) * H);
    ops::matmul(ctx, h, lw.pleGate.view(), {}, pg, {T, P, H});
    ops::geluTanh(ctx, pg, pg, T * P);
    const BufferView slice = ple_.view().sub(uint64_t(li) * P * 4, ple_.size() - uint64_t(li) * P * 4);
    ops::elementwise(ctx, ops::EwOp::Mul, pg, slice, pg, {T, P, P, nL * P, P, false});
    ops::matmul(ctx, pg, lw.pleProjection.view(), {}, po, {T, H, P});
    ops::rmsNorm(ctx, po, lw.postPleNorm.raw(), po, {T, H, eps});
    ops::add(ctx, h, po, h, T * H);
  }
  if (lw.layerScalar != 1.0f) ops::scale(ctx, h, h, T * H, lw.layerScalar);
}

std::vector<float> TextDecoder::forward(KvCache& cache, const DecoderChunk& chunk, LogitsRows rows,
                                        DecoderTrace* trace) {
  const uint32_t T = uint32_t(chunk.ids.size());
  if (T == 0) return {};
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
  std::vector<float> ropeTables[2];
  for (int full : {0, 1}) {
    if (!ropeInvFreq_[full].empty()) ropeTables[full] = ops::ropeTable(positions, ropeInvFreq_[full]);
  }
  // PLE token rows (host gather from the table).
  std::vector<float> pleRows;
  if (cfg_.hasPle()) {
    w_.pleTable->gather(ids, w_.pleScale, pleRows);
  }

  // A decode step is one submit: small inputs are written inside the command buffer.
  gpu::CommandRecorder& rec = *rec_;
  rec.discard();  // anything left over from a forward() that threw while recording
  const uint64_t inputBytes =
      uint64_t(T) * 4 + (ropeTables[0].size() + ropeTables[1].size() + pleRows.size()) * 4;
  const bool inlineInputs = inputBytes <= kInlineInputBytes;
  auto put = [&](BufferView dst, const void* data, size_t bytes) {
    if (inlineInputs) {
      rec.update(dst, data, bytes);
    } else {
      device_.upload(dst, data, bytes);
    }
  };
  put(ids_.view(0, uint64_t(T) * 4), ids.data(), size_t(T) * 4);
  for (bool full : {false, true}) {
    const auto& table = ropeTables[full];
    if (!table.empty()) put((full ? ropeFull_ : ropeSliding_).view(0, table.size() * 4), table.data(), table.size() * 4);
  }

  ops::OpContext ctx{device_, rec};
  const BufferView h = floats(h_, 0, uint64_t(T) * H);
  ops::embeddingGather(ctx, w_.embedTokens.view(), ids_.view(0, uint64_t(T) * 4), h, T, V, H, w_.embedScale);
  if (hasSoft) {
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

  if (cfg_.hasPle()) {
    // ple[t, l, :] = (RMSNorm(proj(h_t) * H^-0.5) + table[id_t, l, :] * sqrt(P)) * 2^-0.5
    const BufferView ple = floats(ple_, 0, uint64_t(T) * nL * P);
    const BufferView tok = floats(pleTmp_, 0, uint64_t(T) * nL * P);
    put(tok, pleRows.data(), pleRows.size() * 4);
    ops::matmul(ctx, h, w_.pleModelProjection.view(), {}, ple, {T, nL * P, H});
    ops::scale(ctx, ple, ple, T * nL * P, float(1.0 / std::sqrt(double(H))));
    ops::rmsNorm(ctx, ple, w_.pleProjectionNorm.raw(), ple, {T * nL, P, eps});
    ops::elementwise(ctx, ops::EwOp::AddScale, ple, tok, ple, {1, T * nL * P}, float(1.0 / std::sqrt(2.0)));
  }

  if (trace) {
    traceBuf_ = scratch(device_, uint64_t(nL + 1) * T * H, "decoder trace");
    rec.copy(h, floats(traceBuf_, 0, uint64_t(T) * H));
  }
  for (uint32_t li = 0; li < nL; ++li) {
    recordLayer(ctx, cache, int(li), T, chunk.position);
    if (trace && li + 1 < nL) rec.copy(h, floats(traceBuf_, uint64_t(li + 1) * T * H, uint64_t(T) * H));
  }
  const BufferView x = floats(x_, 0, uint64_t(T) * H);
  ops::rmsNorm(ctx, h, w_.finalNorm.raw(), x, {T, H, eps});
  if (trace) rec.copy(x, floats(traceBuf_, uint64_t(nL) * T * H, uint64_t(T) * H));

  const uint32_t nRows = rows == LogitsRows::All ? T : rows == LogitsRows::Last ? 1 : 0;
  if (nRows > 0) {
    if (!logits_ || logits_.size() < uint64_t(nRows) * V * 4) {
      // Mapped read-back memory: the download after the submit is a memcpy, not another submit.
      logits_ = gpu::Buffer(device_, uint64_t(nRows) * V * 4, gpu::MemoryUsage::HostReadback, "logits");
    }
    const BufferView lg = floats(logits_, 0, uint64_t(nRows) * V);
    const BufferView src = floats(x_, uint64_t(T - nRows) * H, uint64_t(nRows) * H);
    ops::matmul(ctx, src, w_.lmHeadWeight().view(), {}, lg, {nRows, V, H});
    if (cfg_.finalLogitSoftcapping) ops::softcap(ctx, lg, lg, nRows * V, float(*cfg_.finalLogitSoftcapping));
  }
  rec.submit();
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
  std::vector<float> out(size_t(nRows) * V);
  if (nRows) device_.download(floats(logits_, 0, uint64_t(nRows) * V), out.data(), out.size() * 4);
  return out;
}

}  // namespace gwb::model
