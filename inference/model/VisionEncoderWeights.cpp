#include "inference/model/VisionEncoderWeights.h"

#include <string>

#include "inference/model/Bf16ToF16.h"
#include "inference/model/MediaWeightManifest.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

const std::string kTower = "model.vision_tower.";

// Every tensor the config implies, with its shape and a float dtype (as TextWeightManifest does).
void validate(const std::vector<WeightSpec>& specs, const Checkpoint& ckpt) {
  for (const WeightSpec& w : specs) {
    const std::string what = w.layer >= 0 ? " (vision encoder layer " + std::to_string(w.layer) + ")" : std::string();
    const TensorView* t = ckpt.find(w.name);
    if (t == nullptr) {
      throw CheckpointError("checkpoint " + ckpt.dir().string() + " lacks tensor '" + w.name + "'" + what +
                            ", expected shape " + shapeToString(w.shape) + " from vision_config");
    }
    if (t->shape != w.shape) {
      throw CheckpointError("tensor '" + w.name + "'" + what + " has shape " + shapeToString(t->shape) + ", expected " +
                            shapeToString(w.shape) + " from config.json");
    }
    if (!isFloatWeightType(t->dtype)) {
      throw CheckpointError("tensor '" + w.name + "' has dtype " + std::string(dtypeName(t->dtype)) +
                            ", expected F32, F16 or BF16");
    }
  }
}

class Loader {
 public:
  Loader(gpu::Device& dev, const Checkpoint& ckpt, uint64_t& bytes) : dev_(dev), ckpt_(ckpt), bytes_(bytes) {}

  // A matrix (or table) in its storage type (bf16 as f16 on tensor-core GPUs: Bf16ToF16.h);
  // `first`/`count` select a byte range of the tensor.
  DeviceWeight matrix(const std::string& name, size_t first = 0, size_t count = 0) {
    const TensorView& t = ckpt_.tensor(name);
    if (count == 0) count = t.bytes - first;
    DeviceWeight w;
    w.dtype = uploadMatrix(dev_, w.buffer, name, t.data + first, count, *deviceDType(t.dtype));
    bytes_ += count;
    return w;
  }
  // A vector widened to f32, optionally negated.
  DeviceWeight vector(const std::string& name, bool negate = false) {
    std::vector<float> v = ckpt_.tensor(name).toFloat();
    if (negate) {
      for (float& x : v) x = -x;
    }
    DeviceWeight w;
    w.buffer = gpu::Buffer(dev_, v.size() * 4, gpu::MemoryUsage::DeviceLocal, name);
    dev_.upload(w.buffer.view(), v.data(), v.size() * 4);
    bytes_ += v.size() * 4;
    return w;
  }
  ops::ClipBounds clip(const std::string& base, bool clipped) {
    ops::ClipBounds b;
    if (!clipped) return b;
    b.inMin = ckpt_.tensor(base + ".input_min").floatAt(0);
    b.inMax = ckpt_.tensor(base + ".input_max").floatAt(0);
    b.outMin = ckpt_.tensor(base + ".output_min").floatAt(0);
    b.outMax = ckpt_.tensor(base + ".output_max").floatAt(0);
    return b;
  }

 private:
  gpu::Device& dev_;
  const Checkpoint& ckpt_;
  uint64_t& bytes_;
};

}  // namespace

VisionEncoderWeights loadVisionEncoderWeights(gpu::Device& dev, const ModelConfig& config, const Checkpoint& ckpt) {
  if (!config.vision) {
    throw ConfigError("config.json has no vision_config: this checkpoint has no vision tower (images and video "
                      "need one)");
  }
  const VisionConfig& c = *config.vision;
  if (c.headDim < 4) throw ConfigError("vision_config.head_dim must be at least 4 for the 2-D RoPE");
  validate(visionWeights(c, config.text.hiddenSize), ckpt);

  VisionEncoderWeights w;
  w.config = c;
  w.textHidden = config.text.hiddenSize;
  Loader load(dev, ckpt, w.deviceBytes);
  w.patchProjection = load.matrix(kTower + "patch_embedder.input_proj.weight");
  const std::string table = kTower + "patch_embedder.position_embedding_table";
  const size_t half = ckpt.tensor(table).bytes / 2;  // [2, P, H]: x rows, then y rows
  w.positionTableX = load.matrix(table, 0, half);
  w.positionTableY = load.matrix(table, half, half);
  w.layers.resize(size_t(c.numLayers));
  for (int i = 0; i < c.numLayers; ++i) {
    VisionLayerWeights& l = w.layers[size_t(i)];
    const std::string p = kTower + "encoder.layers." + std::to_string(i) + ".";
    l.inputNorm = load.vector(p + "input_layernorm.weight");
    l.postAttentionNorm = load.vector(p + "post_attention_layernorm.weight");
    l.preFeedforwardNorm = load.vector(p + "pre_feedforward_layernorm.weight");
    l.postFeedforwardNorm = load.vector(p + "post_feedforward_layernorm.weight");
    l.qNorm = load.vector(p + "self_attn.q_norm.weight");
    l.kNorm = load.vector(p + "self_attn.k_norm.weight");
    const bool clip = c.useClippedLinears;
    l.qProj = load.matrix(p + "self_attn.q_proj.linear.weight");
    l.kProj = load.matrix(p + "self_attn.k_proj.linear.weight");
    l.vProj = load.matrix(p + "self_attn.v_proj.linear.weight");
    l.oProj = load.matrix(p + "self_attn.o_proj.linear.weight");
    l.gate = load.matrix(p + "mlp.gate_proj.linear.weight");
    l.up = load.matrix(p + "mlp.up_proj.linear.weight");
    l.down = load.matrix(p + "mlp.down_proj.linear.weight");
    l.qClip = load.clip(p + "self_attn.q_proj", clip);
    l.kClip = load.clip(p + "self_attn.k_proj", clip);
    l.vClip = load.clip(p + "self_attn.v_proj", clip);
    l.oClip = load.clip(p + "self_attn.o_proj", clip);
    l.gateClip = load.clip(p + "mlp.gate_proj", clip);
    l.upClip = load.clip(p + "mlp.up_proj", clip);
    l.downClip = load.clip(p + "mlp.down_proj", clip);
  }
  if (c.standardize) {
    w.stdNegBias = load.vector(kTower + "std_bias", true);
    w.stdScale = load.vector(kTower + "std_scale");
  }
  w.embedProjection = load.matrix("model.embed_vision.embedding_projection.weight");
  return w;
}

}  // namespace gwb::model
