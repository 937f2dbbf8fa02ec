#include "inference/model/TextDecoderWeights.h"

#include <cmath>

#include "inference/gpu/CommandRecorder.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/TextWeightManifest.h"
#include "inference/ops/FillRandom.h"

namespace gwb::model {

namespace {

gpu::DType deviceType(const TensorView& t) {
  switch (t.dtype) {
    case DType::F32: return gpu::DType::F32;
    case DType::F16: return gpu::DType::F16;
    case DType::BF16: return gpu::DType::BF16;
    default: throw CheckpointError("tensor " + t.name + " has a dtype the decoder cannot read (want F32/F16/BF16)");
  }
}

// Matrices keep their storage type; vectors become f32 (norm gains are read many times per row).
DeviceWeight uploadTensor(gpu::Device& dev, const TensorView& t, bool asF32) {
  DeviceWeight w;
  if (asF32) {
    const std::vector<float> v = t.toFloat();
    w.buffer = gpu::Buffer(dev, v.size() * 4, gpu::MemoryUsage::DeviceLocal, t.name);
    dev.upload(w.buffer.view(), v.data(), v.size() * 4);
    w.dtype = gpu::DType::F32;
    return w;
  }
  w.dtype = deviceType(t);
  w.buffer = gpu::Buffer(dev, t.bytes, gpu::MemoryUsage::DeviceLocal, t.name);
  dev.upload(w.buffer.view(), t.data, t.bytes);
  return w;
}

bool isVectorRole(WeightRole r) {
  switch (r) {
    case WeightRole::InputNorm:
    case WeightRole::PostAttentionNorm:
    case WeightRole::PreFeedforwardNorm:
    case WeightRole::PostFeedforwardNorm:
    case WeightRole::QNorm:
    case WeightRole::KNorm:
    case WeightRole::PostPleNorm:
    case WeightRole::FinalNorm:
    case WeightRole::PleProjectionNorm: return true;
    default: return false;
  }
}

DeviceWeight* slotFor(TextDecoderWeights& w, WeightRole role, int layer) {
  if (layer < 0) {
    switch (role) {
      case WeightRole::TokenEmbedding: return &w.embedTokens;
      case WeightRole::LmHead: return &w.lmHead;
      case WeightRole::FinalNorm: return &w.finalNorm;
      case WeightRole::PleModelProjection: return &w.pleModelProjection;
      case WeightRole::PleProjectionNorm: return &w.pleProjectionNorm;
      default: return nullptr;
    }
  }
  DecoderLayerWeights& l = w.layers[size_t(layer)];
  switch (role) {
    case WeightRole::InputNorm: return &l.inputNorm;
    case WeightRole::PostAttentionNorm: return &l.postAttentionNorm;
    case WeightRole::PreFeedforwardNorm: return &l.preFeedforwardNorm;
    case WeightRole::PostFeedforwardNorm: return &l.postFeedforwardNorm;
    case WeightRole::QProj: return &l.qProj;
    case WeightRole::KProj: return &l.kProj;
    case WeightRole::VProj: return &l.vProj;
    case WeightRole::OProj: return &l.oProj;
    case WeightRole::QNorm: return &l.qNorm;
    case WeightRole::KNorm: return &l.kNorm;
    case WeightRole::MlpGate: return &l.gate;
    case WeightRole::MlpUp: return &l.up;
    case WeightRole::MlpDown: return &l.down;
    case WeightRole::PleInputGate: return &l.pleGate;
    case WeightRole::PleProjection: return &l.pleProjection;
    case WeightRole::PostPleNorm: return &l.postPleNorm;
    default: return nullptr;
  }
}

void refuseUnsupported(const ModelConfig& config) {
  if (config.text.enableMoeBlock) {
    throw ConfigError("this is Gemma 4 26B-A4B (mixture of experts): it is recognised, but its expert layers are not "
                      "supported yet by Gemma Workbench. Use E2B or E4B.");
  }
  if (config.text.attentionKEqV) {
    throw ConfigError("this checkpoint uses attention_k_eq_v (Gemma 4 31B): recognised, but not supported yet by "
                      "Gemma Workbench. Use E2B or E4B.");
  }
}

// HF casts sqrt(H) to the embedding's dtype before multiplying.
float embedScaleFor(int64_t hidden, gpu::DType dtype) {
  const float s = std::sqrt(float(hidden));
  if (dtype == gpu::DType::BF16) return gpu::bf16ToF32(gpu::f32ToBf16(s));
  if (dtype == gpu::DType::F16) return gpu::f16ToF32(gpu::f32ToF16(s));
  return s;
}

}  // namespace

TextDecoderWeights loadTextDecoderWeights(gpu::Device& dev, const ModelConfig& config, const Checkpoint& ckpt) {
  refuseUnsupported(config);
  const std::string prefix = TextWeightManifest::detectTextPrefix(ckpt, config.layout);
  const TextWeightManifest manifest(config.text, prefix);
  manifest.validate(ckpt);
  TextDecoderWeights w;
  w.layers.resize(size_t(config.text.numLayers));
  for (const WeightSpec& spec : manifest.weights()) {
    if (!spec.used) continue;
    const TensorView& t = ckpt.tensor(spec.name);
    if (spec.role == WeightRole::LayerScalar) {
      w.layers[size_t(spec.layer)].layerScalar = t.floatAt(0);
      continue;
    }
    if (spec.role == WeightRole::PleTable) {
      w.pleTable = PleTable::fromTensor(t);
      continue;
    }
    DeviceWeight* slot = slotFor(w, spec.role, spec.layer);
    if (!slot) throw CheckpointError("tensor " + spec.name + " has a role the text decoder does not use");
    *slot = uploadTensor(dev, t, isVectorRole(spec.role));
    w.deviceBytes += slot->buffer.size();
  }
  w.embedScale = embedScaleFor(config.text.hiddenSize, w.embedTokens.dtype);
  if (w.pleTable) w.pleScale = embedScaleFor(config.text.hiddenSizePerLayerInput, w.pleTable->storageType());
  return w;
}

TextDecoderWeights randomTextDecoderWeights(gpu::Device& dev, const ModelConfig& config, gpu::DType dtype,
                                            uint32_t seed) {
  refuseUnsupported(config);
  const TextWeightManifest manifest(config.text, kConditionalTextPrefix);
  TextDecoderWeights w;
  w.layers.resize(size_t(config.text.numLayers));
  gpu::CommandRecorder rec(dev);
  ops::OpContext ctx{dev, rec};
  uint32_t n = 0;
  for (const WeightSpec& spec : manifest.weights()) {
    if (!spec.used) continue;
    ++n;
    if (spec.role == WeightRole::LayerScalar) continue;  // stays 1
    if (spec.role == WeightRole::PleTable) {
      w.pleTable = PleTable::random(spec.shape[0], spec.shape[1], seed + n, 0.05f);
      continue;
    }
    DeviceWeight* slot = slotFor(w, spec.role, spec.layer);
    if (!slot) continue;
    int64_t count = 1;
    for (int64_t d : spec.shape) count *= d;
    const bool vec = isVectorRole(spec.role);
    slot->dtype = vec ? gpu::DType::F32 : dtype;
    slot->buffer = gpu::Buffer(dev, uint64_t(count) * gpu::dtypeSize(slot->dtype), gpu::MemoryUsage::DeviceLocal,
                               spec.name);
    // Linear weights ~ U(-a, a) with std 1/sqrt(fan_in); norm gains around 1; embeddings small.
    float lo = 0.5f, hi = 1.5f;
    if (!vec) {
      const double fanIn = spec.shape.size() == 2 ? double(spec.shape[1]) : 1.0;
      const float a = spec.role == WeightRole::TokenEmbedding ? 0.05f : float(std::sqrt(3.0 / fanIn));
      lo = -a;
      hi = a;
    }
    // Fill huge tensors in pieces that fit one storage binding (and 32-bit indexing); piece
    // starts stay aligned because the piece length is a multiple of 4096 elements.
    const uint64_t esz = gpu::dtypeSize(slot->dtype);
    const uint64_t piece =
        std::max<uint64_t>(4096, std::min<uint64_t>(1ull << 30, dev.info().maxStorageBufferRange / esz) / 4096 * 4096);
    for (uint64_t start = 0; start < uint64_t(count); start += piece) {
      const uint64_t len = std::min<uint64_t>(piece, uint64_t(count) - start);
      ops::fillRandom(ctx, slot->buffer.view().sub(start * esz, len * esz), slot->dtype, uint32_t(len),
                      seed + n * 7919u + uint32_t(start / piece) * 104729u, lo, hi);
    }
    rec.submit();
    w.deviceBytes += slot->buffer.size();
  }
  w.embedScale = embedScaleFor(config.text.hiddenSize, w.embedTokens.dtype);
  if (w.pleTable) w.pleScale = embedScaleFor(config.text.hiddenSizePerLayerInput, w.pleTable->storageType());
  return w;
}

}  // namespace gwb::model
