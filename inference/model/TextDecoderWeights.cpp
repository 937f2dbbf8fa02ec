#include "inference/model/TextDecoderWeights.h"

#include <cmath>
#include <cstring>
#include <map>

#include "inference/gpu/CommandRecorder.h"
#include "inference/model/Bf16ToF16.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/PleTableDevice.h"
#include "inference/model/QuantizeOnLoad.h"
#include "inference/model/TextWeightManifest.h"
#include "inference/ops/FillRandom.h"
#include "inference/ops/MatvecProject.h"
#include "inference/ops/WeightBands.h"

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

// The down, PLE and o projections go into column bands where the decode step reads them through the
// projected matvecs (ops/WeightBands.h, ops/MatvecProject.h); every other kernel reads either layout.
bool storesBands(const gpu::DeviceInfo& d, WeightRole role, gpu::DType type, const std::vector<int64_t>& shape) {
  if (role != WeightRole::MlpDown && role != WeightRole::PleProjection && role != WeightRole::OProj) return false;
  return shape.size() == 2 && ops::matvecProjectRuns(d) &&
         ops::bandsFit(d, type, uint64_t(shape[0]), uint64_t(shape[1]));
}

// Matrices keep their storage type (bf16 as f16 on tensor-core GPUs: Bf16ToF16.h), in rows or in
// column bands; vectors become f32 (norm gains are read many times per row).
DeviceWeight uploadTensor(gpu::Device& dev, const TensorView& t, bool asF32, bool bands) {
  DeviceWeight w;
  if (asF32) {
    const std::vector<float> v = t.toFloat();
    w.buffer = gpu::Buffer(dev, v.size() * 4, gpu::MemoryUsage::DeviceLocal, t.name);
    dev.upload(w.buffer.view(), v.data(), v.size() * 4);
    w.dtype = gpu::DType::F32;
    return w;
  }
  if (bands) {
    std::vector<std::byte> banded(t.bytes);
    ops::toColumnBands(t.data, banded.data(), uint64_t(t.shape[0]), uint64_t(t.shape[1]), dtypeSize(t.dtype));
    w.dtype = uploadMatrix(dev, w.buffer, t.name, banded.data(), t.bytes, deviceType(t));
    w.bands = true;
    return w;
  }
  w.dtype = uploadMatrix(dev, w.buffer, t.name, t.data, t.bytes, deviceType(t));
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

// Linear weights and the embedding / LM head: the matrices quantize-on-load converts.
bool isMatrixRole(WeightRole r) {
  return !isVectorRole(r) && r != WeightRole::LayerScalar && r != WeightRole::PleTable;
}

// Row r of a [rows, k] F32 / F16 / BF16 checkpoint tensor widened to float.
RowSource checkpointRows(const TensorView& t, uint64_t k) {
  return [&t, k](uint64_t r, float* dst) {
    const size_t esz = dtypeSize(t.dtype);
    const std::byte* row = t.data + r * k * esz;
    for (uint64_t c = 0; c < k; ++c) {
      if (t.dtype == DType::F32) {
        std::memcpy(&dst[c], row + 4 * c, 4);
      } else {
        uint16_t h;
        std::memcpy(&h, row + 2 * c, 2);
        dst[c] = t.dtype == DType::BF16 ? gpu::bf16ToF32(h) : gpu::f16ToF32(h);
      }
    }
  };
}

// Pseudo-random rows U(lo, hi) from a hash of (key, element): any thread can make any row.
RowSource randomRows(uint64_t key, uint64_t k, float lo, float hi) {
  return [=](uint64_t r, float* dst) {
    for (uint64_t c = 0; c < k; ++c) {
      uint64_t z = key + (r * k + c) * 0x9e3779b97f4a7c15ull;  // splitmix64
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      z ^= z >> 31;
      dst[c] = lo + (hi - lo) * float(double(z >> 40) * 0x1.0p-24);
    }
  };
}

// Quantizes a [rows, k] matrix to the format quantTypeForRows picks; false when it keeps its dtype.
bool quantizeInto(DeviceWeight& slot, gpu::Device& dev, const std::string& name, const std::vector<int64_t>& shape,
                  GgmlType requested, const RowSource& rows) {
  if (shape.size() != 2) return false;
  const auto type = quantTypeForRows(requested, uint64_t(shape[1]));
  if (!type) return false;
  slot.buffer = quantizeToDevice(dev, name, uint64_t(shape[0]), uint64_t(shape[1]), *type, rows);
  slot.dtype = *deviceTypeOf(*type);
  return true;
}

// Stacks matrices of one storage type row-wise into one buffer and drops the parts (weights in the
// layout the fused decode kernels read). Quantized parts stack too: ggml blocks never cross a row,
// so one matvec over the stacked rows (q/k/v, gate/up) saves dispatches. Mixed types stay separate.
void stackRows(gpu::Device& dev, DeviceWeight& out, std::initializer_list<DeviceWeight*> parts, const std::string& name) {
  if (parts.size() == 1) {  // nothing to stack: the fused slot takes the buffer as it is
    DeviceWeight* only = *parts.begin();
    out = std::move(*only);
    *only = DeviceWeight{};
    return;
  }
  uint64_t bytes = 0;
  const gpu::DType dtype = (*parts.begin())->dtype;
  for (const DeviceWeight* p : parts) {
    if (!*p || p->dtype != dtype) return;
    bytes += p->buffer.size();
  }
  out.dtype = dtype;
  out.buffer = gpu::Buffer(dev, bytes, gpu::MemoryUsage::DeviceLocal, name);
  gpu::CommandRecorder rec(dev);
  uint64_t offset = 0;
  for (const DeviceWeight* p : parts) {
    rec.copy(p->buffer.view(), out.buffer.view().sub(offset, p->buffer.size()));
    offset += p->buffer.size();
  }
  rec.submit();
  for (DeviceWeight* p : parts) *p = DeviceWeight{};
}

void stackProjections(gpu::Device& dev, TextDecoderWeights& w) {
  for (size_t i = 0; i < w.layers.size(); ++i) {
    DecoderLayerWeights& l = w.layers[i];
    const std::string layer = "layer " + std::to_string(i);
    if (l.kProj) {
      stackRows(dev, l.qkv, {&l.qProj, &l.kProj, &l.vProj}, layer + " q/k/v projection");
    } else {
      stackRows(dev, l.qkv, {&l.qProj}, layer + " q projection");
    }
    stackRows(dev, l.gateUp, {&l.gate, &l.up}, layer + " gate/up projection");
  }
}

std::string summarize(const std::map<std::string, int>& counts) {
  std::string s;
  for (const auto& [type, n] : counts) s += (s.empty() ? "" : ", ") + type + " x " + std::to_string(n);
  return s;
}

}  // namespace

TextDecoderWeights loadTextDecoderWeights(gpu::Device& dev, const ModelConfig& config, const Checkpoint& ckpt,
                                          std::optional<GgmlType> quantize) {
  refuseUnsupported(config);
  const std::string prefix = TextWeightManifest::detectTextPrefix(ckpt, config.layout);
  const TextWeightManifest manifest(config.text, prefix);
  manifest.validate(ckpt);
  TextDecoderWeights w;
  w.layers.resize(size_t(config.text.numLayers));
  std::map<std::string, int> matrices;  // per storage type
  gpu::DType embedSource = gpu::DType::F32;  // the embedding's dtype before any quantization
  for (const WeightSpec& spec : manifest.weights()) {
    if (!spec.used) continue;
    if (const QuantizedTensorView* q = ckpt.findQuantized(spec.name)) {  // GGUF blocks: uploaded as they are
      if (spec.role == WeightRole::PleTable) {  // llama.cpp quantizes it like token_embd
        w.pleTable = PleTable::fromQuantized(*q);
        continue;
      }
      DeviceWeight* slot = slotFor(w, spec.role, spec.layer);
      const auto dt = deviceTypeOf(q->type);
      if (!slot || !dt || !isMatrixRole(spec.role)) {
        throw CheckpointError("tensor " + spec.name + " is " + std::string(ggmlTypeName(q->type)) +
                              "-quantized, which the text decoder cannot read for this tensor");
      }
      slot->dtype = *dt;
      slot->buffer = gpu::Buffer(dev, q->bytes, gpu::MemoryUsage::DeviceLocal, spec.name);
      dev.upload(slot->buffer.view(), q->data, q->bytes);
      w.deviceBytes += slot->buffer.size();
      ++matrices[std::string(gpu::dtypeName(*dt))];
      continue;
    }
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
    if (spec.role == WeightRole::TokenEmbedding) embedSource = deviceType(t);
    if (!(quantize && isMatrixRole(spec.role) && isFloatWeightType(t.dtype) &&
          quantizeInto(*slot, dev, spec.name, t.shape, *quantize, checkpointRows(t, uint64_t(t.shape.back()))))) {
      const bool vec = isVectorRole(spec.role);
      *slot = uploadTensor(dev, t, vec, !vec && storesBands(dev.info(), spec.role, deviceType(t), t.shape));
    }
    if (isMatrixRole(spec.role)) ++matrices[std::string(gpu::dtypeName(slot->dtype))];
    w.deviceBytes += slot->buffer.size();
  }
  w.storageSummary = summarize(matrices);
  // HF rounds sqrt(H) to the embedding's (checkpoint) dtype; a quantized table keeps that rounding.
  w.embedScale = embedScaleFor(config.text.hiddenSize, embedSource);
  if (w.pleTable) w.pleScale = embedScaleFor(config.text.hiddenSizePerLayerInput, w.pleTable->storageType());
  stackProjections(dev, w);
  placePleTable(dev, w);
  return w;
}

TextDecoderWeights randomTextDecoderWeights(gpu::Device& dev, const ModelConfig& config, gpu::DType dtype,
                                            uint32_t seed, std::optional<GgmlType> quantize) {
  refuseUnsupported(config);
  const TextWeightManifest manifest(config.text, kConditionalTextPrefix);
  TextDecoderWeights w;
  w.layers.resize(size_t(config.text.numLayers));
  gpu::CommandRecorder rec(dev);
  ops::OpContext ctx{dev, rec};
  uint32_t n = 0;
  std::map<std::string, int> matrices;  // per storage type
  // Stored as a checkpoint of `dtype` would be (Bf16ToF16.h).
  const gpu::DType matrixType =
      dtype == gpu::DType::BF16 && storesBf16MatricesAsF16(dev.info()) ? gpu::DType::F16 : dtype;
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
    if (quantize && isMatrixRole(spec.role)) {
      // Same distribution as the device fill below (its values differ: a host hash).
      const float a = spec.role == WeightRole::TokenEmbedding ? 0.05f : float(std::sqrt(3.0 / double(spec.shape[1])));
      if (quantizeInto(*slot, dev, spec.name, spec.shape, *quantize,
                       randomRows(uint64_t(seed) * 1000003u + n, uint64_t(spec.shape[1]), -a, a))) {
        ++matrices[std::string(gpu::dtypeName(slot->dtype))];
        w.deviceBytes += slot->buffer.size();
        continue;
      }
    }
    slot->dtype = vec ? gpu::DType::F32 : matrixType;
    // Random values are as random in bands as in rows: only the layout flag differs.
    slot->bands = !vec && storesBands(dev.info(), spec.role, slot->dtype, spec.shape);
    if (isMatrixRole(spec.role)) ++matrices[std::string(gpu::dtypeName(slot->dtype))];
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
  w.storageSummary = summarize(matrices);
  w.embedScale = embedScaleFor(config.text.hiddenSize, dtype);  // the checkpoint dtype's rounding of sqrt(H)
  if (w.pleTable) w.pleScale = embedScaleFor(config.text.hiddenSizePerLayerInput, w.pleTable->storageType());
  stackProjections(dev, w);
  placePleTable(dev, w);
  return w;
}

}  // namespace gwb::model
