// The audio encoder on shapes no fixture has, against a plain-C++ reference that follows HF's
// Gemma4AudioModel step by step (the full padded frame count, masks multiplied in before each conv
// and halved after it, HF's blocked attention with its padding mask, invalid rows stripped at the
// end), built from the ops' ref:: functions. A random bf16 checkpoint with hidden 48, 6 heads, chunk 8
// / left 5 / right 2, kernel 3, residual weight 0.4 and padded frames checks that every size is read
// from the config and the tensors, and that running the valid frames alone equals HF's masking.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "GpuTestSupport.h"
#include "ParityCheck.h"
#include "inference/gpu/DType.h"
#include "inference/model/AudioEncoder.h"
#include "inference/model/SafetensorsWriter.h"
#include "inference/ops/ChunkAttention.h"
#include "inference/ops/ClippedLinear.h"
#include "inference/ops/Conv2d.h"
#include "inference/ops/DepthwiseConv1d.h"
#include "inference/ops/LayerNorm.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/RmsNorm.h"

using namespace gwb;
using test::relError;

namespace {

// Tensors of a random bf16 checkpoint, kept as the f32 values bf16 holds exactly.
class RandomCheckpoint {
 public:
  explicit RandomCheckpoint(uint64_t seed) : rng_(seed) {}

  const std::vector<float>& add(const std::string& name, std::vector<int64_t> shape, float lo, float hi) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(static_cast<size_t>(n));
    std::vector<uint16_t> half(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      half[i] = gpu::f32ToBf16(dist(rng_));
      v[i] = gpu::bf16ToF32(half[i]);
    }
    writer_.addRaw(name, model::DType::BF16, shape, std::as_bytes(std::span<const uint16_t>(half)));
    return values_[name] = std::move(v);
  }
  const std::vector<float>& linear(const std::string& name, int64_t out, int64_t in) {
    const float a = float(std::sqrt(3.0 / double(in)));
    return add(name, {out, in}, -a, a);
  }
  void clipped(const std::string& base, int64_t out, int64_t in) {
    linear(base + ".linear.weight", out, in);
    // Bounds tight enough to clip a good share of the activations (inputs are RMS-normed, ~±2).
    add(base + ".input_min", {}, -1.6f, -1.2f);
    add(base + ".input_max", {}, 1.2f, 1.6f);
    add(base + ".output_min", {}, -1.4f, -1.0f);
    add(base + ".output_max", {}, 1.0f, 1.4f);
  }
  const std::vector<float>& operator[](const std::string& name) const { return values_.at(name); }
  ops::ClipBounds bounds(const std::string& base) const {
    return {values_.at(base + ".input_min")[0], values_.at(base + ".input_max")[0], values_.at(base + ".output_min")[0],
            values_.at(base + ".output_max")[0]};
  }
  void write(const std::filesystem::path& path) const { writer_.write(path); }

 private:
  std::mt19937_64 rng_;
  model::SafetensorsWriter writer_;
  std::map<std::string, std::vector<float>> values_;
};

const std::string kTower = "model.audio_tower.";

void makeCheckpoint(RandomCheckpoint& ck, const model::AudioConfig& c, int64_t textHidden) {
  const int64_t H = c.hiddenSize, c0 = c.subsamplingConvChannels[0], c1 = c.subsamplingConvChannels[1];
  const std::string sp = kTower + "subsample_conv_projection.";
  ck.add(sp + "layer0.conv.weight", {c0, 1, 3, 3}, -0.6f, 0.6f);
  ck.add(sp + "layer0.norm.weight", {c0}, 0.5f, 1.5f);
  ck.add(sp + "layer1.conv.weight", {c1, c0, 3, 3}, -0.05f, 0.05f);
  ck.add(sp + "layer1.norm.weight", {c1}, 0.5f, 1.5f);
  ck.linear(sp + "input_proj_linear.weight", H, 128 / 4 * c1);
  for (int i = 0; i < c.numLayers; ++i) {
    const std::string p = kTower + "layers." + std::to_string(i) + ".";
    for (const char* ff : {"feed_forward1.", "feed_forward2."}) {
      ck.add(p + ff + "pre_layer_norm.weight", {H}, 0.5f, 1.5f);
      ck.add(p + ff + "post_layer_norm.weight", {H}, 0.5f, 1.5f);
      ck.clipped(p + ff + "ffw_layer_1", 4 * H, H);
      ck.clipped(p + ff + "ffw_layer_2", H, 4 * H);
    }
    for (const char* n : {"norm_pre_attn", "norm_post_attn", "norm_out"}) ck.add(p + n + ".weight", {H}, 0.5f, 1.5f);
    for (const char* n : {"q_proj", "k_proj", "v_proj", "post"}) ck.clipped(p + "self_attn." + n, H, H);
    ck.linear(p + "self_attn.relative_k_proj.weight", H, H);
    ck.add(p + "self_attn.per_dim_scale", {c.headDim()}, -1.0f, 1.0f);
    ck.add(p + "lconv1d.pre_layer_norm.weight", {H}, 0.5f, 1.5f);
    ck.add(p + "lconv1d.conv_norm.weight", {H}, 0.5f, 1.5f);
    ck.clipped(p + "lconv1d.linear_start", 2 * H, H);
    ck.add(p + "lconv1d.depthwise_conv1d.weight", {H, 1, c.convKernelSize}, -0.5f, 0.5f);
    ck.clipped(p + "lconv1d.linear_end", H, H);
  }
  ck.linear(kTower + "output_proj.weight", c.outputProjDims, H);
  ck.add(kTower + "output_proj.bias", {c.outputProjDims}, -0.1f, 0.1f);
  ck.linear("model.embed_audio.embedding_projection.weight", textHidden, c.outputProjDims);
}

std::vector<float> rms(const std::vector<float>& x, const float* w, uint32_t rows, uint32_t dim, float eps) {
  std::vector<float> y(x.size());
  ops::ref::rmsNorm(x.data(), w, y.data(), {rows, dim, eps, 0, 0});
  return y;
}
std::vector<float> clippedLinear(const RandomCheckpoint& ck, const std::string& base, const std::vector<float>& x,
                                 uint32_t rows, uint32_t out, uint32_t in) {
  std::vector<float> y(size_t(rows) * out);
  ops::ref::clippedLinear(x.data(), ck[base + ".linear.weight"].data(), y.data(), {rows, out, in}, ck.bounds(base));
  return y;
}
float silu(float v) { return float(v / (1.0 + std::exp(-double(v)))); }

struct Reference {
  uint32_t rows = 0, valid = 0;
  std::vector<float> subsample, tower, embed;  // valid rows only
};

// HF Gemma4AudioModel + embed_audio, literally: all frames, masks applied as HF applies them.
Reference hfReference(const RandomCheckpoint& ck, const model::AudioConfig& c, uint32_t textHidden,
                      const std::vector<float>& features, uint32_t bins, const std::vector<uint8_t>& mask) {
  const uint32_t H = uint32_t(c.hiddenSize), heads = uint32_t(c.numAttentionHeads), hd = uint32_t(c.headDim());
  const uint32_t c0 = uint32_t(c.subsamplingConvChannels[0]), c1 = uint32_t(c.subsamplingConvChannels[1]);
  const uint32_t O = uint32_t(c.outputProjDims);
  const float eps = float(c.rmsNormEps);
  const uint32_t F = uint32_t(mask.size());
  const std::string sp = kTower + "subsample_conv_projection.";

  auto convLayer = [&](std::vector<float> x, const std::vector<uint8_t>& m, uint32_t cIn, uint32_t h, uint32_t w,
                       uint32_t cOut, const std::string& name, uint32_t& oh, uint32_t& ow) {
    for (uint32_t t = 0; t < h; ++t) {
      if (!m[t]) std::fill_n(x.begin() + size_t(t) * w * cIn, size_t(w) * cIn, 0.0f);  // x * mask
    }
    ops::Conv2dParams p;
    p.cIn = cIn, p.h = h, p.w = w, p.cOut = cOut, p.kH = p.kW = 3, p.strideH = p.strideW = 2;
    p.padTop = p.padBottom = p.padLeft = p.padRight = 1;
    p.inLayout = p.outLayout = ops::ImageLayout::HWC;
    oh = p.outH(), ow = p.outW();
    std::vector<float> y(size_t(oh) * ow * cOut), z(y.size());
    ops::ref::conv2d(x.data(), ck[sp + name + ".conv.weight"].data(), nullptr, y.data(), p);
    ops::ref::layerNorm(y.data(), ck[sp + name + ".norm.weight"].data(), nullptr, z.data(), {oh * ow, cOut, eps, 0, 0});
    for (float& v : z) v = std::max(v, 0.0f);
    return z;
  };
  auto halveMask = [](const std::vector<uint8_t>& m) {
    std::vector<uint8_t> r;
    for (size_t i = 0; i < m.size(); i += 2) r.push_back(m[i]);  // mask[::2]
    return r;
  };
  uint32_t T1, W1, T, W2;
  const std::vector<float> y0 = convLayer(features, mask, 1, F, bins, c0, "layer0", T1, W1);
  const std::vector<uint8_t> m1 = halveMask(mask);
  const std::vector<float> y1 = convLayer(y0, m1, c0, T1, W1, c1, "layer1", T, W2);
  const std::vector<uint8_t> m2 = halveMask(m1);
  const uint32_t valid = uint32_t(std::count(m2.begin(), m2.end(), uint8_t(1)));
  std::vector<float> x(size_t(T) * H);
  ops::ref::matmul(y1.data(), ck[sp + "input_proj_linear.weight"].data(), nullptr, x.data(), {T, H, W2 * c1});
  const std::vector<float> subsample = x;

  // Relative position keys, HF style: rows for positions ctx/2 .. 0, sinusoids in double here.
  const uint32_t maxPast = uint32_t(c.attentionContextLeft) - 1;
  const uint32_t ctx = uint32_t(c.attentionChunkSize) + maxPast + uint32_t(c.attentionContextRight);
  const uint32_t numRel = ctx / 2 + 1;
  std::vector<float> pe(size_t(numRel) * H);
  const uint32_t n = H / 2;
  for (uint32_t r = 0; r < numRel; ++r) {
    for (uint32_t k = 0; k < n; ++k) {
      const double inv = std::exp(-double(k) * std::log(10000.0) / double(std::max(n - 1, 1u)));
      pe[size_t(r) * H + k] = float(std::sin(r * inv));
      pe[size_t(r) * H + n + k] = float(std::cos(r * inv));
    }
  }
  const double qScale = std::pow(double(hd), -0.5) / std::log(2.0);
  const float kScale = float(std::log(1.0 + std::exp(1.0)) / std::log(2.0));

  auto feedForward = [&](const std::string& p) {
    std::vector<float> a = rms(x, ck[p + "pre_layer_norm.weight"].data(), T, H, 1e-6f);
    std::vector<float> u = clippedLinear(ck, p + "ffw_layer_1", a, T, 4 * H, H);
    for (float& v : u) v = silu(v);
    std::vector<float> d = rms(clippedLinear(ck, p + "ffw_layer_2", u, T, H, 4 * H),
                               ck[p + "post_layer_norm.weight"].data(), T, H, 1e-6f);
    for (size_t i = 0; i < x.size(); ++i) x[i] += d[i] * float(c.residualWeight);
  };
  for (int li = 0; li < c.numLayers; ++li) {
    const std::string p = kTower + "layers." + std::to_string(li) + ".";
    feedForward(p + "feed_forward1.");
    {
      const std::string ap = p + "self_attn.";
      const std::vector<float> a = rms(x, ck[p + "norm_pre_attn.weight"].data(), T, H, 1e-6f);
      std::vector<float> q = clippedLinear(ck, ap + "q_proj", a, T, H, H);
      std::vector<float> k = clippedLinear(ck, ap + "k_proj", a, T, H, H);
      const std::vector<float> v = clippedLinear(ck, ap + "v_proj", a, T, H, H);
      const std::vector<float>& pds = ck[ap + "per_dim_scale"];
      for (size_t i = 0; i < q.size(); ++i) {
        const double s = std::log1p(std::exp(double(pds[i % hd])));
        q[i] = float(double(float(double(q[i]) * float(qScale))) * float(s));
      }
      for (float& val : k) val *= kScale;
      std::vector<float> rel(size_t(numRel) * H);
      ops::ref::matmul(pe.data(), ck[ap + "relative_k_proj.weight"].data(), nullptr, rel.data(), {numRel, H, H});
      std::vector<float> o(size_t(T) * H);
      ops::ref::blockedAudioAttention(q.data(), k.data(), v.data(), rel.data(), o.data(), T, heads, hd,
                                      uint32_t(c.attentionChunkSize), uint32_t(c.attentionContextLeft),
                                      uint32_t(c.attentionContextRight), float(c.attentionLogitCap), valid);
      const std::vector<float> post =
          rms(clippedLinear(ck, ap + "post", o, T, H, H), ck[p + "norm_post_attn.weight"].data(), T, H, 1e-6f);
      for (size_t i = 0; i < x.size(); ++i) x[i] += post[i];
    }
    {
      const std::string lp = p + "lconv1d.";
      const std::vector<float> a = rms(x, ck[lp + "pre_layer_norm.weight"].data(), T, H, eps);
      const std::vector<float> s = clippedLinear(ck, lp + "linear_start", a, T, 2 * H, H);
      std::vector<float> g(size_t(T) * H), d(size_t(T) * H);
      for (uint32_t t = 0; t < T; ++t) {
        for (uint32_t ch = 0; ch < H; ++ch) {
          const double gate = s[size_t(t) * 2 * H + H + ch];
          g[size_t(t) * H + ch] = float(s[size_t(t) * 2 * H + ch] / (1.0 + std::exp(-gate)));
        }
      }
      ops::ref::dwConv1d(g.data(), ck[lp + "depthwise_conv1d.weight"].data(), nullptr, d.data(),
                         {T, H, uint32_t(c.convKernelSize), 0, 0});
      std::vector<float> e = rms(d, ck[lp + "conv_norm.weight"].data(), T, H, eps);
      for (float& val : e) val = silu(val);
      const std::vector<float> end = clippedLinear(ck, lp + "linear_end", e, T, H, H);
      for (size_t i = 0; i < x.size(); ++i) x[i] += end[i];
    }
    feedForward(p + "feed_forward2.");
    x = rms(x, ck[p + "norm_out.weight"].data(), T, H, 1e-6f);
  }
  std::vector<float> tower(size_t(T) * O), embed(size_t(T) * textHidden);
  ops::ref::matmul(x.data(), ck[kTower + "output_proj.weight"].data(), ck[kTower + "output_proj.bias"].data(),
                   tower.data(), {T, O, H});
  const std::vector<float> normed = rms(tower, nullptr, T, O, eps);
  ops::ref::matmul(normed.data(), ck["model.embed_audio.embedding_projection.weight"].data(), nullptr, embed.data(),
                   {T, textHidden, O});

  Reference r;
  r.rows = T;
  r.valid = valid;
  auto keep = [&](const std::vector<float>& all, uint32_t width, std::vector<float>& out) {
    for (uint32_t t = 0; t < T; ++t) {
      if (m2[t]) out.insert(out.end(), all.begin() + size_t(t) * width, all.begin() + size_t(t + 1) * width);
    }
  };
  keep(subsample, H, r.subsample);
  keep(tower, O, r.tower);
  keep(embed, textHidden, r.embed);
  return r;
}


}  // namespace

class TestAudioEncoder : public QObject {
  Q_OBJECT
 private slots:
  void otherShapesAgainstHfStyleReference() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path root(dir.path().toStdString());
    // tiny-s1's config with another audio tower.
    std::ifstream in(std::filesystem::path(GWB_SHARED_DIR) / "fixtures" / "tiny-s1" / "config.json");
    QVERIFY(in.good());
    nlohmann::json cfg = nlohmann::json::parse(in);
    nlohmann::json& a = cfg["audio_config"];
    a["hidden_size"] = 48;
    a["num_attention_heads"] = 6;
    a["num_hidden_layers"] = 2;
    a["subsampling_conv_channels"] = {128, 4};
    a["output_proj_dims"] = 40;
    a["attention_chunk_size"] = 8;
    a["attention_context_left"] = 5;
    a["attention_context_right"] = 2;
    a["attention_logit_cap"] = 30.0;
    a["conv_kernel_size"] = 3;
    a["residual_weight"] = 0.4;
    a["rms_norm_eps"] = 1e-5;
    std::ofstream(root / "config.json") << cfg.dump(2);
    const model::ModelConfig config = model::ModelConfig::load(root);
    QVERIFY(config.audio.has_value());
    QCOMPARE(config.audio->hiddenSize, int64_t(48));
    RandomCheckpoint ck(7);
    makeCheckpoint(ck, *config.audio, config.text.hiddenSize);
    ck.write(root / "model.safetensors");

    // 203 frames of which 190 are valid (the rest zero, as the extractor pads them).
    const uint32_t bins = 128, frames = 203, validFrames = 190;
    std::vector<float> features = RandomCheckpoint(11).add("f", {frames, bins}, -7.0f, 2.0f);
    std::fill(features.begin() + size_t(validFrames) * bins, features.end(), 0.0f);
    std::vector<uint8_t> mask(frames, 0);
    std::fill_n(mask.begin(), validFrames, uint8_t(1));

    const Reference want = hfReference(ck, *config.audio, uint32_t(config.text.hiddenSize), features, bins, mask);
    model::Checkpoint ckpt(root);
    const auto weights = model::loadAudioEncoderWeights(test::testDevice(), config, ckpt);
    const model::AudioEncoder enc(test::testDevice(), weights);
    const model::AudioEncoding got = enc.encode(features, bins, mask, true);
    QCOMPARE(got.rows, want.rows);
    QCOMPARE(got.tokens, want.valid);
    QCOMPARE(got.tokens, model::audioTokenCount(validFrames));
    struct Item {
      const char* name;
      const std::vector<float>& got;
      const std::vector<float>& want;
    };
    for (const Item& it : {Item{"subsample_out", got.subsampleOut, want.subsample},
                           Item{"tower_out", got.towerOut, want.tower}, Item{"embed_audio", got.embeddings, want.embed}}) {
      QCOMPARE(it.got.size(), it.want.size());
      const double e = relError(it.got, it.want);
      qInfo("%s: max |diff| / max |ref| = %.3e", it.name, e);
      QVERIFY2(e <= 1e-4, it.name);
    }
    test::verifyNoValidationMessages();
  }
};

QTEST_GUILESS_MAIN(TestAudioEncoder)
#include "test_audio_encoder.moc"
