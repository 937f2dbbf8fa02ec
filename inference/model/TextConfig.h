#pragma once
// The Gemma 4 text decoder's configuration (HF `Gemma4TextConfig`, design/gemma4-text.md §1.1) with
// the defaults Hugging Face applies, plus the per-layer facts derived from it (TextLayer).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gwb::model {

enum class LayerType { Sliding, Full };  // "sliding_attention", "full_attention"

struct RopeParameters {
  std::string type = "default";     // "default" (all dims rotate) or "proportional" (first angles only)
  double theta = 10000.0;
  double partialRotaryFactor = 1.0;  // proportional: rotated angles = int(factor * headDim / 2)
};

// Everything a graph builder needs to know about decoder layer i, resolved once.
struct TextLayer {
  LayerType type = LayerType::Sliding;
  bool isFull = false;
  int headDim = 0;          // head_dim (sliding) or global_head_dim (full), or per_layer_config
  int numKvHeads = 0;       // K/V heads of this layer
  bool hasVProj = true;     // false on attention_k_eq_v full layers (V = v_norm(raw K))
  double ropeTheta = 0.0;
  int ropeAngles = 0;       // frequencies with a non-zero angle: headDim/2 (default) or fewer
  int rotatedDims = 0;      // 2 * ropeAngles: dims [0, a) and [headDim/2, headDim/2 + a) rotate
  bool kvShared = false;    // reads another layer's K/V, computes only Q
  int kvSourceLayer = 0;    // the layer whose K/V cache this layer attends over (itself if !kvShared)
  int64_t mlpWidth = 0;     // intermediate_size, doubled on KV-shared layers with use_double_wide_mlp
};

struct TextConfig {
  std::string modelType = "gemma4_text";
  int64_t vocabSize = 262144;
  int64_t hiddenSize = 2304;
  int64_t intermediateSize = 9216;
  int numLayers = 30;
  int numAttentionHeads = 8;
  int numKeyValueHeads = 4;  // sliding layers (and full layers unless overridden)
  int headDim = 256;         // sliding layers
  int globalHeadDim = 512;   // full layers
  std::optional<int> numGlobalKeyValueHeads;  // full layers, only when attentionKEqV (HF gate)
  bool attentionKEqV = false;
  std::string hiddenActivation = "gelu_pytorch_tanh";
  int64_t maxPositionEmbeddings = 131072;
  double rmsNormEps = 1e-6;
  int64_t padTokenId = 0;
  int64_t bosTokenId = 2;
  std::vector<int64_t> eosTokenIds = {1};
  bool tieWordEmbeddings = true;
  RopeParameters slidingRope{"default", 10000.0, 1.0};
  RopeParameters fullRope{"proportional", 1000000.0, 0.25};
  bool attentionBias = false;
  int64_t slidingWindow = 512;  // W: a sliding query sees itself and the W-1 previous tokens
  std::vector<LayerType> layerTypes;
  std::optional<double> finalLogitSoftcapping;
  std::string useBidirectionalAttention;  // "" (causal), "vision" or "all"
  int64_t vocabSizePerLayerInput = 262144;
  int64_t hiddenSizePerLayerInput = 256;  // P; 0 = no per-layer embeddings
  int numKvSharedLayers = 0;
  bool enableMoeBlock = false;
  bool useDoubleWideMlp = false;
  std::optional<int> numExperts;
  std::optional<int> topKExperts;
  std::optional<int64_t> moeIntermediateSize;
  // Per-layer head_dim / num_key_value_heads overrides read from a `per_layer_config` object (newer
  // transformers); empty when config.json has global_head_dim instead. Index = layer.
  std::vector<std::optional<int>> perLayerHeadDim;
  std::vector<std::optional<int>> perLayerKvHeads;

  // Derived by deriveTextLayers(); one entry per layer.
  std::vector<TextLayer> layers;

  bool hasPle() const { return hiddenSizePerLayerInput > 0; }
  // L - num_kv_shared_layers: the first layer that reads another layer's K/V (L if none).
  int firstKvSharedLayer() const { return numLayers - numKvSharedLayers; }
  // Layers that own a K/V cache (not KV-shared).
  int numKvOwningLayers() const { return firstKvSharedLayer(); }
};

// Fills cfg.layers from the fields above and checks they are consistent (layer_types length,
// head counts, KV-sharing sources exist, rope types known). Throws ConfigError naming `source`.
void deriveTextLayers(TextConfig& cfg, const std::string& source);

}  // namespace gwb::model
