// TextDecoder::forwardBatch: one decode step for B sequences at once (TextDecoder.h). The rows of
// the step's activations are the B sequences; every matmul / norm / MLP runs once over them
// (recordLayer as for a chunk of B tokens), while each sequence's attention runs on its own row
// against its own cache (recordAttention with one slot per sequence).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "inference/model/TextDecoder.h"
#include "inference/ops/Argmax.h"
#include "inference/ops/DecodeAttention.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/Gather.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/RmsNorm.h"
#include "inference/ops/Rope.h"

namespace gwb::model {

namespace {
using gpu::BufferView;
constexpr gpu::MemoryUsage kDev = gpu::MemoryUsage::DeviceLocal;
constexpr gpu::MemoryUsage kMapped = gpu::MemoryUsage::HostUpload;

BufferView floats(const gpu::Buffer& b, uint64_t first, uint64_t count) { return b.view(first * 4, count * 4); }

uint64_t alignUp(uint64_t bytes, uint64_t alignment) {
  const uint64_t a = std::max<uint64_t>(alignment, 4);
  return (bytes + a - 1) / a * a;
}
}  // namespace

void TextDecoder::reserveBatch(uint32_t B) {
  if (B <= batchCapacity_) return;
  const uint32_t cap = std::min(std::max(B, 8u), maxChunk_);
  const uint64_t align = device_.info().minStorageBufferOffsetAlignment;
  const uint64_t nH = uint64_t(cfg_.numAttentionHeads), V = uint64_t(cfg_.vocabSize);
  const uint64_t LP = uint64_t(cfg_.numLayers) * uint64_t(cfg_.hiddenSizePerLayerInput);
  batchRopeStride_ = alignUp(uint64_t(maxHeadDim_) * 4, align);
  batchArgmaxStride_ = alignUp(8, align);
  batchPos_ = gpu::Buffer(device_, uint64_t(cap) * 4, kMapped, "batch decode positions");
  batchIds_ = gpu::Buffer(device_, uint64_t(cap) * 4, kMapped, "batch decode token ids");
  for (int full : {0, 1}) batchRope_[full] = gpu::Buffer(device_, cap * batchRopeStride_, kMapped, "batch decode RoPE rows");
  if (cfg_.hasPle()) batchPle_ = gpu::Buffer(device_, cap * LP * 4, kMapped, "batch decode PLE rows");
  batchLogits_ = gpu::Buffer(device_, cap * V * 4, gpu::MemoryUsage::HostReadback, "batch decode logits");
  batchGreedyLogits_ = gpu::Buffer(device_, cap * V * 4, kDev, "batch decode greedy logits");
  batchArgmaxOut_ = gpu::Buffer(device_, cap * batchArgmaxStride_, gpu::MemoryUsage::HostReadback, "batch argmax results");
  while (batchQ_.size() < cap) {
    batchQ_.emplace_back(device_, nH * maxHeadDim_ * 4, kDev, "batch decode queries");
    batchAttnWs_.push_back(
        ops::makeDecodeAttentionWorkspace(device_, uint32_t(nH), maxHeadDim_, "batch decode attention partials"));
    batchArgmaxWs_.emplace_back(device_, ops::argmaxWorkspaceBytes(), kDev, "batch argmax partials");
  }
  if (!batchRec_) {
    batchRec_ = std::make_unique<gpu::CommandRecorder>(device_, /*reusable=*/true);
    batchRec_->setDispatchTiming(profiling_);
  }
  batchRec_->discard();  // a recorded step binds the old buffers
  batchKey_ = {};
  batchCapacity_ = cap;
}

std::vector<float> TextDecoder::forwardBatch(std::span<KvCache* const> caches, std::span<const int32_t> ids,
                                             LogitsRows rows) {
  const uint32_t B = uint32_t(caches.size());
  if (ids.size() != caches.size()) throw std::invalid_argument("forwardBatch: one token id per cache");
  if (B == 0) return {};
  if (B > maxChunk_) {
    throw std::invalid_argument("forwardBatch: " + std::to_string(B) + " sequences, more than the decoder's " +
                                std::to_string(maxChunk_) + " rows");
  }
  const uint32_t H = uint32_t(cfg_.hiddenSize), V = uint32_t(cfg_.vocabSize), nH = uint32_t(cfg_.numAttentionHeads);
  const uint32_t nL = uint32_t(cfg_.numLayers), P = uint32_t(cfg_.hiddenSizePerLayerInput);
  const float eps = float(cfg_.rmsNormEps);
  // Each sequence's rows of qkv_ / attn_ and of the logits are bound at their own offsets.
  const uint64_t align = std::max<uint64_t>(device_.info().minStorageBufferOffsetAlignment, 4);
  bool aligned = (uint64_t(V) * 4) % align == 0;
  for (const TextLayer& l : cfg_.layers) {
    const uint64_t qkvWidth = (uint64_t(nH) + (l.kvShared ? 0 : 2 * uint64_t(l.numKvHeads))) * uint64_t(l.headDim);
    aligned = aligned && (qkvWidth * 4) % align == 0 && (uint64_t(nH) * uint64_t(l.headDim) * 4) % align == 0;
  }
  if (B > 1 && !aligned) {
    throw std::runtime_error("batch decoding needs every row of the q/k/v projection, the attention output and the "
                             "logits to start at a multiple of this device's " + std::to_string(align) +
                             "-byte storage offset alignment; decode the sequences one at a time instead");
  }
  std::unordered_set<const KvCache*> seen;
  std::vector<int32_t> positions(B);
  for (uint32_t b = 0; b < B; ++b) {
    const KvCache* c = caches[b];
    if (!c || !seen.insert(c).second) throw std::invalid_argument("forwardBatch: every sequence needs its own cache");
    if (c->length() + 1 > c->capacity()) {
      throw std::length_error("sequence " + std::to_string(b) + " needs " + std::to_string(c->length() + 1) +
                              " tokens, more than its context of " + std::to_string(c->capacity()) + " tokens");
    }
    if (ids[b] < 0 || ids[b] >= int32_t(V)) {
      throw std::out_of_range("token id " + std::to_string(ids[b]) + " is outside the vocabulary (" +
                              std::to_string(V) + ")");
    }
    positions[b] = int32_t(c->length());
  }
  reserveBatch(B);

  // Host inputs go to mapped buffers, read when the work runs, so a recorded step replays as is.
  std::memcpy(batchPos_.mapped(), positions.data(), size_t(B) * 4);
  std::memcpy(batchIds_.mapped(), ids.data(), size_t(B) * 4);
  uint64_t ropeRowBytes[2] = {0, 0};
  for (int full : {0, 1}) {
    if (ropeInvFreq_[full].empty()) continue;
    const std::vector<float> table = ops::ropeTable(positions, ropeInvFreq_[full]);  // [B, pairs, 2]
    ropeRowBytes[full] = table.size() / B * 4;
    for (uint32_t b = 0; b < B; ++b) {
      std::memcpy(batchRope_[full].mapped() + b * batchRopeStride_, table.data() + size_t(b) * table.size() / B,
                  ropeRowBytes[full]);
    }
  }
  if (cfg_.hasPle() && !w_.pleTableDevice) {  // [B, L, P]; else gathered on the GPU below
    w_.pleTable->gatherInto(ids, w_.pleScale, reinterpret_cast<float*>(batchPle_.mapped()));
  }

  // Replayable when every layer's attention reads its position on the GPU (as forward()'s steps).
  const bool replay = canReplay(1, false, nullptr, LogitsRows::Last);
  BatchKey key{{}, rows, profiling_};
  for (const KvCache* c : caches) key.caches.push_back(c->id());
  const bool record = !replay || !batchRec_->sealed() || !(batchKey_ == key);
  gpu::CommandRecorder& rec = replay ? *batchRec_ : *rec_;
  if (record) {
    rec.discard();
    if (replay) batchKey_ = {};
    ops::OpContext ctx{device_, rec};
    const BufferView h = floats(h_, 0, uint64_t(B) * H), x = floats(x_, 0, uint64_t(B) * H);
    ops::embeddingGather(ctx, w_.embedTokens.view(), batchIds_.view(0, uint64_t(B) * 4), h, B, V, H, w_.embedScale);
    if (cfg_.hasPle()) {
      const BufferView tok = batchPle_.view(0, uint64_t(B) * nL * P * 4);
      if (w_.pleTableDevice) gatherPleRows(ctx, batchIds_.view(0, uint64_t(B) * 4), tok, B);
      recordPerLayerInputs(ctx, h, tok, B);
    }
    ops::rmsNorm(ctx, h, w_.layers[0].inputNorm.raw(), x, {B, H, eps});
    xIsHalf_ = false;
    std::vector<AttentionSlot> slots(B);
    for (uint32_t b = 0; b < B; ++b) {
      AttentionSlot& s = slots[b];
      s.cache = caches[b];
      s.row = b;
      s.tokens = 1;
      s.position = uint32_t(positions[b]);
      s.step = batchPos_.view();
      s.stepIndex = b;
      for (int full : {0, 1}) {
        if (ropeRowBytes[full]) s.rope[full] = batchRope_[full].view(b * batchRopeStride_, ropeRowBytes[full]);
      }
      s.q = batchQ_[b].view();
      s.attnWs = batchAttnWs_[b].view();
      s.stepAttention = replay;
    }
    for (uint32_t li = 0; li < nL; ++li) recordLayer(ctx, slots, int(li), B);
    // x = final_norm(h) [B, H], from the last layer.
    const float cap = cfg_.finalLogitSoftcapping ? float(*cfg_.finalLogitSoftcapping) : 0.0f;
    if (rows == LogitsRows::LastArgmax) {
      const BufferView lg = floats(batchGreedyLogits_, 0, uint64_t(B) * V);
      ops::matmul(ctx, x, w_.lmHeadWeight().view(), {}, lg, {B, V, H});
      if (cap > 0) ops::softcap(ctx, lg, lg, B * V, cap);
      for (uint32_t b = 0; b < B; ++b) {
        ops::argmax(ctx, floats(batchGreedyLogits_, uint64_t(b) * V, V), V, batchArgmaxWs_[b].view(),
                    batchArgmaxOut_.view(b * batchArgmaxStride_, 8));
      }
    } else if (rows != LogitsRows::None) {
      const BufferView lg = floats(batchLogits_, 0, uint64_t(B) * V);
      ops::matmul(ctx, x, w_.lmHeadWeight().view(), {}, lg, {B, V, H});
      if (cap > 0) ops::softcap(ctx, lg, lg, B * V, cap);
    }
  }
  lastRec_ = &rec;
  lastReplayed_ = replay && !record;
  if (replay) {
    if (record) {
      rec.seal();
      batchKey_ = key;
    }
    rec.replay();
  } else {
    rec.submit();
  }
  for (uint32_t b = 0; b < B; ++b) caches[b]->setLength(uint32_t(positions[b]) + 1);

  std::vector<float> out;
  if (rows == LogitsRows::LastArgmax) {
    greedyIds_.resize(B);
    for (uint32_t b = 0; b < B; ++b) {
      uint32_t result[2];
      device_.download(batchArgmaxOut_.view(b * batchArgmaxStride_, 8), result, sizeof result);
      greedyIds_[b] = int32_t(result[1]);
    }
  } else if (rows != LogitsRows::None) {
    out.resize(size_t(B) * V);
    device_.download(floats(batchLogits_, 0, uint64_t(B) * V), out.data(), out.size() * 4);
  }
  return out;
}

}  // namespace gwb::model
