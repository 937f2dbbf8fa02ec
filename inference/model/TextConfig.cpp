#include "inference/model/TextConfig.h"

#include <cmath>

#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw ConfigError(source + ": text config: " + what);
}

// Head dim and KV-head count of layer i (HF Gemma4TextAttention.__init__):
// per_layer_config wins when present; otherwise full layers use global_head_dim, and their KV heads
// are num_global_key_value_heads only when attention_k_eq_v is set (the HF gate).
void resolveHeads(const TextConfig& cfg, int i, TextLayer& layer) {
  const bool perLayer = !cfg.perLayerHeadDim.empty();
  if (perLayer) {
    layer.headDim = cfg.perLayerHeadDim[i].value_or(cfg.headDim);
    layer.numKvHeads = cfg.perLayerKvHeads[i].value_or(cfg.numKeyValueHeads);
    return;
  }
  layer.headDim = layer.isFull ? cfg.globalHeadDim : cfg.headDim;
  layer.numKvHeads = cfg.numKeyValueHeads;
  if (layer.isFull && cfg.attentionKEqV && cfg.numGlobalKeyValueHeads) layer.numKvHeads = *cfg.numGlobalKeyValueHeads;
}

// Rotated frequencies: "default" rotates every pair; "proportional" (HF
// _compute_proportional_rope_parameters) keeps int(factor * headDim // 2) and zeroes the rest.
int ropeAngles(const RopeParameters& rope, int headDim) {
  if (rope.type == "proportional") return static_cast<int>(std::floor(rope.partialRotaryFactor * headDim / 2.0));
  return headDim / 2;
}

}  // namespace

void deriveTextLayers(TextConfig& cfg, const std::string& source) {
  const int L = cfg.numLayers;
  if (static_cast<int>(cfg.layerTypes.size()) != L) {
    fail(source, "layer_types has " + std::to_string(cfg.layerTypes.size()) + " entries for " + std::to_string(L) +
                     " layers");
  }
  if (cfg.numKvSharedLayers < 0 || cfg.numKvSharedLayers >= L) {
    fail(source, "num_kv_shared_layers " + std::to_string(cfg.numKvSharedLayers) + " must be below the layer count " +
                     std::to_string(L));
  }
  const int firstShared = cfg.firstKvSharedLayer();
  cfg.layers.assign(L, TextLayer{});
  for (int i = 0; i < L; ++i) {
    TextLayer& layer = cfg.layers[i];
    layer.type = cfg.layerTypes[i];
    layer.isFull = layer.type == LayerType::Full;
    resolveHeads(cfg, i, layer);
    const std::string where = "layer " + std::to_string(i) + ": ";
    if (layer.headDim % 2 != 0) fail(source, where + "head dim " + std::to_string(layer.headDim) + " must be even");
    if (layer.numKvHeads > cfg.numAttentionHeads || cfg.numAttentionHeads % layer.numKvHeads != 0) {
      fail(source, where + std::to_string(cfg.numAttentionHeads) + " query heads cannot be grouped over " +
                       std::to_string(layer.numKvHeads) + " KV heads");
    }
    layer.hasVProj = !(cfg.attentionKEqV && layer.isFull);
    const RopeParameters& rope = layer.isFull ? cfg.fullRope : cfg.slidingRope;
    layer.ropeTheta = rope.theta;
    layer.ropeAngles = ropeAngles(rope, layer.headDim);
    layer.rotatedDims = 2 * layer.ropeAngles;

    // KV sharing (HF: layer_idx >= first_kv_shared_layer_idx > 0): read the K/V of the last
    // non-shared layer of the same type.
    layer.kvShared = cfg.numKvSharedLayers > 0 && i >= firstShared;
    layer.kvSourceLayer = i;
    if (layer.kvShared) {
      layer.kvSourceLayer = -1;
      for (int j = firstShared - 1; j >= 0; --j) {
        if (cfg.layerTypes[j] == layer.type) {
          layer.kvSourceLayer = j;
          break;
        }
      }
      if (layer.kvSourceLayer < 0) {
        fail(source, where + "is KV-shared but no earlier non-shared layer has its type to share K/V with");
      }
      const TextLayer& src = cfg.layers[layer.kvSourceLayer];
      if (src.headDim != layer.headDim || src.numKvHeads != layer.numKvHeads) {
        fail(source, where + "shares K/V with layer " + std::to_string(layer.kvSourceLayer) +
                         " but their head dims / KV heads differ");
      }
    }
    layer.mlpWidth = (layer.kvShared && cfg.useDoubleWideMlp) ? 2 * cfg.intermediateSize : cfg.intermediateSize;
  }
}

}  // namespace gwb::model
