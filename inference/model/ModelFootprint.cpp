#include "inference/model/ModelFootprint.h"

#include <set>
#include <string>

#include "inference/model/MediaWeightManifest.h"
#include "inference/model/TextWeightManifest.h"

namespace gwb::model {

namespace {

void addTo(ComponentSize& c, int64_t parameters, uint64_t bytes) {
  c.parameters += parameters;
  c.bytes += bytes;
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

int64_t ModelFootprint::totalParameters() const {
  return text.parameters + textUnused.parameters + pleTable.parameters + vision.parameters + audio.parameters +
         other.parameters;
}

uint64_t ModelFootprint::totalBytes() const {
  return text.bytes + textUnused.bytes + pleTable.bytes + vision.bytes + audio.bytes + other.bytes;
}

uint64_t ModelFootprint::usedBytes() const { return text.bytes + pleTable.bytes + vision.bytes + audio.bytes; }

ModelFootprint measureCheckpoint(const Checkpoint& ckpt, const ModelConfig& cfg) {
  const std::string textPrefix = TextWeightManifest::detectTextPrefix(ckpt, cfg.layout);
  const TextWeightManifest manifest(cfg.text, textPrefix);
  std::set<std::string> unused;
  for (const auto& w : manifest.weights()) {
    if (!w.used) unused.insert(w.name);
  }
  ModelFootprint f;
  const auto component = [&](const std::string& n) -> ComponentSize& {
    ComponentSize* c = &f.other;
    if (startsWith(n, "model.vision_tower.") || startsWith(n, "model.embed_vision.")) {
      c = &f.vision;
    } else if (startsWith(n, "model.audio_tower.") || startsWith(n, "model.embed_audio.")) {
      c = &f.audio;
    } else if (n == textPrefix + "embed_tokens_per_layer.weight") {
      c = &f.pleTable;
    } else if (unused.count(n)) {
      c = &f.textUnused;
    } else if (startsWith(n, textPrefix) || n == "lm_head.weight") {
      c = &f.text;
    }
    return *c;
  };
  for (const TensorView* t : ckpt.tensors()) {
    addTo(component(t->name), t->numel(), t->bytes);
    f.bytesByDType[t->dtype] += t->bytes;
  }
  if (ckpt.gguf() != nullptr) {
    for (const QuantizedTensorView& q : ckpt.gguf()->quantized()) {
      addTo(component(q.name), numelOf(q.shape), q.bytes);
      f.quantizedBytes[q.type] += q.bytes;
    }
  }
  return f;
}

ModelFootprint estimateFootprint(const ModelConfig& cfg, DType weightType) {
  ModelFootprint f;
  const uint64_t size = dtypeSize(weightType);
  const auto account = [&](const WeightSpec& w, ComponentSize& c) {
    const int64_t n = numelOf(w.shape);
    addTo(c, n, static_cast<uint64_t>(n) * size);
    f.bytesByDType[weightType] += static_cast<uint64_t>(n) * size;
  };
  const TextWeightManifest text(cfg.text, TextWeightManifest::textPrefixFor(cfg.layout));
  for (const auto& w : text.weights()) {
    account(w, w.role == WeightRole::PleTable ? f.pleTable : (w.used ? f.text : f.textUnused));
  }
  if (cfg.vision) {
    for (const auto& w : visionWeights(*cfg.vision, cfg.text.hiddenSize)) account(w, f.vision);
  }
  if (cfg.audio) {
    for (const auto& w : audioWeights(*cfg.audio, cfg.text.hiddenSize)) account(w, f.audio);
  }
  return f;
}

}  // namespace gwb::model
