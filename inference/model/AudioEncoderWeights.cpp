#include "inference/model/AudioEncoderWeights.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "inference/model/Bf16ToF16.h"
#include "inference/model/GgufGemma4Names.h"
#include "inference/model/ModelErrors.h"
#include "inference/ops/ChunkAttention.h"

namespace gwb::model {

namespace {

const std::string kTower = "model.audio_tower.";
const std::string kEmbed = "model.embed_audio.embedding_projection.weight";

class Loader {
 public:
  Loader(gpu::Device& dev, const Checkpoint& ckpt, uint64_t& bytes) : dev_(dev), ckpt_(ckpt), bytes_(bytes) {}

  // The tensor, with its shape checked (an empty `shape` means a 0-d scalar or a 1-element tensor).
  const TensorView& tensor(const std::string& name, const std::vector<int64_t>& shape) const {
    const TensorView& t = ckpt_.tensor(name);
    const bool scalarOk = shape.empty() && t.numel() == 1;
    if (!scalarOk && t.shape != shape) {
      throw CheckpointError("tensor " + name + " has shape " + shapeToString(t.shape) + "; the audio config needs " +
                            shapeToString(shape));
    }
    if (!isFloatWeightType(t.dtype)) {
      throw CheckpointError("tensor " + name + " has dtype " + std::string(dtypeName(t.dtype)) +
                            "; the audio encoder reads F32, F16 or BF16");
    }
    return t;
  }

  // bf16 goes up as f16 on tensor-core GPUs (Bf16ToF16.h).
  DeviceWeight upload(const std::string& name, const void* data, size_t bytes, gpu::DType dtype) {
    DeviceWeight w;
    w.dtype = uploadMatrix(dev_, w.buffer, name, data, bytes, dtype);
    bytes_ += w.buffer.size();
    return w;
  }
  DeviceWeight uploadF32(const std::string& name, const std::vector<float>& v) {
    return upload(name, v.data(), v.size() * 4, gpu::DType::F32);
  }
  // A matrix or kernel in its storage type.
  DeviceWeight matrix(const std::string& name, const std::vector<int64_t>& shape) {
    const TensorView& t = tensor(name, shape);
    return upload(name, t.data, t.bytes, *deviceDType(t.dtype));
  }
  // A vector as f32, optionally scaled.
  DeviceWeight vector(const std::string& name, int64_t n, float scale = 1.0f) {
    std::vector<float> v = tensor(name, {n}).toFloat();
    if (scale != 1.0f) {
      for (float& x : v) x *= scale;
    }
    return uploadF32(name, v);
  }
  std::vector<float> values(const std::string& name, const std::vector<int64_t>& shape) const {
    return tensor(name, shape).toFloat();
  }
  float scalar(const std::string& name) const { return tensor(name, {}).floatAt(0); }

  ClippedLinearWeight clipped(const std::string& base, int64_t out, int64_t in, bool clip) {
    ClippedLinearWeight c;
    c.weight = matrix(base + ".linear.weight", {out, in});
    c.out = uint32_t(out);
    c.in = uint32_t(in);
    if (clip) c.bounds = bounds(base);
    return c;
  }
  ops::ClipBounds bounds(const std::string& base) const {
    ops::ClipBounds b;
    b.inMin = scalar(base + ".input_min");
    b.inMax = scalar(base + ".input_max");
    b.outMin = scalar(base + ".output_min");
    b.outMax = scalar(base + ".output_max");
    return b;
  }
  // Rows [first, first + rows) of a [*, in] clipped linear's weight, as its own weight.
  ClippedLinearWeight clippedRows(const std::string& base, int64_t totalOut, int64_t in, int64_t first, int64_t rows,
                                  bool clip) {
    const TensorView& t = tensor(base + ".linear.weight", {totalOut, in});
    const size_t rowBytes = size_t(in) * dtypeSize(t.dtype);
    ClippedLinearWeight c;
    c.weight = upload(base + ".linear.weight", t.data + size_t(first) * rowBytes, size_t(rows) * rowBytes,
                      *deviceDType(t.dtype));
    c.out = uint32_t(rows);
    c.in = uint32_t(in);
    if (clip) c.bounds = bounds(base);
    return c;
  }

 private:
  gpu::Device& dev_;
  const Checkpoint& ckpt_;
  uint64_t& bytes_;
};

double softplus(double x) { return x > 20.0 ? x : std::log1p(std::exp(x)); }

}  // namespace

std::vector<float> audioRelativePositionEmbedding(uint32_t rows, uint32_t hidden) {
  const uint32_t n = hidden / 2;
  // As torch: the increment is a Python float, the products and exp are float32.
  const float inc = float(std::log(10000.0 / 1.0) / double(std::max<int64_t>(int64_t(n) - 1, 1)));
  std::vector<float> inv(n);
  for (uint32_t k = 0; k < n; ++k) inv[k] = std::exp(float(k) * -inc);
  std::vector<float> pe(size_t(rows) * hidden, 0.0f);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t k = 0; k < n; ++k) {
      const float st = float(r) * inv[k];
      pe[size_t(r) * hidden + k] = std::sin(st);
      pe[size_t(r) * hidden + n + k] = std::cos(st);
    }
  }
  return pe;
}

AudioEncoderWeights loadAudioEncoderWeights(gpu::Device& dev, const ModelConfig& config, const Checkpoint& ckpt) {
  if (!config.audio) throw ConfigError("this model has no audio tower (config.json has no audio_config)");
  const AudioConfig& c = *config.audio;
  AudioEncoderWeights w;
  w.config = c;
  w.textHidden = config.text.hiddenSize;
  if (c.hiddenSize <= 0 || c.numAttentionHeads <= 0 || c.hiddenSize % c.numAttentionHeads != 0) {
    throw ConfigError("audio_config: hidden_size " + std::to_string(c.hiddenSize) +
                      " is not a multiple of num_attention_heads " + std::to_string(c.numAttentionHeads));
  }
  if (c.subsamplingConvChannels.size() != 2) {
    throw ConfigError("audio_config: subsampling_conv_channels must have 2 entries");
  }
  if (c.attentionContextLeft < 1 || c.attentionChunkSize < 1 || c.attentionContextRight < 0) {
    throw ConfigError("audio_config: attention_chunk_size and attention_context_left must be >= 1");
  }
  if (c.hiddenAct != "silu") {
    throw ConfigError("audio_config: hidden_act '" + c.hiddenAct + "' is not supported (Gemma 4 uses silu)");
  }
  Loader L(dev, ckpt, w.deviceBytes);
  const int64_t H = c.hiddenSize, hd = c.headDim();
  const int64_t c0 = c.subsamplingConvChannels[0], c1 = c.subsamplingConvChannels[1];
  const bool clip = c.useClippedLinears;
  w.c0 = uint32_t(c0);
  w.c1 = uint32_t(c1);

  const std::string sp = kTower + "subsample_conv_projection.";
  w.conv0 = L.matrix(sp + "layer0.conv.weight", {c0, 1, 3, 3});
  w.norm0 = L.vector(sp + "layer0.norm.weight", c0);
  w.conv1 = L.matrix(sp + "layer1.conv.weight", {c1, c0, 3, 3});
  w.norm1 = L.vector(sp + "layer1.norm.weight", c1);
  // input_proj_linear reads the flattened [freq/4, c1] grid: its width fixes the mel bins it expects.
  const TensorView& inProj = ckpt.tensor(sp + "input_proj_linear.weight");
  if (inProj.shape.size() != 2 || inProj.shape[0] != H || inProj.shape[1] % c1 != 0) {
    throw CheckpointError("tensor " + inProj.name + " has shape " + shapeToString(inProj.shape) +
                          "; the audio config needs [" + std::to_string(H) + ", (mel bins / 4) x " +
                          std::to_string(c1) + "]");
  }
  w.inputProjWidth = uint32_t(inProj.shape[1]);
  w.melBins = uint32_t(inProj.shape[1] / c1 * 4);
  w.inputProj = L.matrix(inProj.name, inProj.shape);

  const ops::ChunkAttentionParams ap = ops::audioChunkAttentionParams(
      1, uint32_t(c.numAttentionHeads), uint32_t(hd), uint32_t(c.attentionChunkSize), uint32_t(c.attentionContextLeft),
      uint32_t(c.attentionContextRight), float(c.attentionLogitCap));
  w.numRel = ap.numRel;
  const std::vector<float> pe = audioRelativePositionEmbedding(w.numRel, uint32_t(H));
  w.kScale = float(std::log(1.0 + std::exp(1.0)) / std::log(2.0));
  const double qScale = std::pow(double(hd), -0.5) / std::log(2.0);

  w.layers.resize(size_t(c.numLayers));
  for (int i = 0; i < c.numLayers; ++i) {
    AudioLayerWeights& l = w.layers[size_t(i)];
    const std::string p = kTower + "layers." + std::to_string(i) + ".";
    AudioFeedForwardWeights* ffs[2] = {&l.ff1, &l.ff2};
    for (int f = 0; f < 2; ++f) {
      const std::string fp = p + (f == 0 ? "feed_forward1." : "feed_forward2.");
      ffs[f]->preNorm = L.vector(fp + "pre_layer_norm.weight", H);
      ffs[f]->postNorm = L.vector(fp + "post_layer_norm.weight", H, float(c.residualWeight));
      ffs[f]->up = L.clipped(fp + "ffw_layer_1", 4 * H, H, clip);
      ffs[f]->down = L.clipped(fp + "ffw_layer_2", H, 4 * H, clip);
    }
    l.normPreAttn = L.vector(p + "norm_pre_attn.weight", H);
    l.normPostAttn = L.vector(p + "norm_post_attn.weight", H);
    l.normOut = L.vector(p + "norm_out.weight", H);
    const std::string ap2 = p + "self_attn.";
    l.q = L.clipped(ap2 + "q_proj", H, H, clip);
    l.k = L.clipped(ap2 + "k_proj", H, H, clip);
    l.v = L.clipped(ap2 + "v_proj", H, H, clip);
    l.post = L.clipped(ap2 + "post", H, H, clip);
    {
      // relKeys[r] = W_rel · PE[r] (no bias, no clamp), accumulated in double.
      const std::vector<float> wr = L.values(ap2 + "relative_k_proj.weight", {H, H});
      std::vector<float> rel(size_t(w.numRel) * H);
      for (uint32_t r = 0; r < w.numRel; ++r) {
        const float* e = pe.data() + size_t(r) * H;
        for (int64_t o = 0; o < H; ++o) {
          const float* row = wr.data() + size_t(o) * H;
          double s = 0;
          for (int64_t j = 0; j < H; ++j) s += double(row[j]) * e[j];
          rel[size_t(r) * H + o] = float(s);
        }
      }
      l.relKeys = L.uploadF32(ap2 + "relative_k_proj (position keys)", rel);
      // A GGUF mmproj stores softplus(per_dim_scale) already (llama.cpp's converter applies it);
      // the GGUF checkpoint exposes that as "<name>.softplus" (GgufGemma4Names.h).
      const std::string softplusName = softplusPerDimScaleName(ap2 + "per_dim_scale");
      const bool preApplied = ckpt.find(softplusName) != nullptr;
      const std::vector<float> pds = L.values(preApplied ? softplusName : ap2 + "per_dim_scale", {hd});
      std::vector<float> qs(static_cast<size_t>(hd));
      for (int64_t d = 0; d < hd; ++d) {
        const float scale = preApplied ? pds[size_t(d)] : float(softplus(pds[size_t(d)]));
        qs[size_t(d)] = float(double(float(qScale)) * double(scale));
      }
      l.qScale = L.uploadF32(ap2 + "per_dim_scale (q scale)", qs);
    }
    const std::string lp = p + "lconv1d.";
    l.lconvPreNorm = L.vector(lp + "pre_layer_norm.weight", H);
    l.lconvConvNorm = L.vector(lp + "conv_norm.weight", H);
    l.linearStartValue = L.clippedRows(lp + "linear_start", 2 * H, H, 0, H, clip);
    l.linearStartGate = L.clippedRows(lp + "linear_start", 2 * H, H, H, H, clip);
    l.depthwise = L.matrix(lp + "depthwise_conv1d.weight", {H, 1, c.convKernelSize});
    l.linearEnd = L.clipped(lp + "linear_end", H, H, clip);
  }
  w.outputProj = L.matrix(kTower + "output_proj.weight", {c.outputProjDims, H});
  w.outputProjBias = L.vector(kTower + "output_proj.bias", c.outputProjDims);
  w.embedProjection = L.matrix(kEmbed, {config.text.hiddenSize, c.outputProjDims});
  return w;
}

}  // namespace gwb::model
