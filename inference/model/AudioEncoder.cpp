#include "inference/model/AudioEncoder.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "inference/gpu/CommandRecorder.h"
#include "inference/ops/ChunkAttention.h"
#include "inference/ops/ClippedLinear.h"
#include "inference/ops/Conv2d.h"
#include "inference/ops/DepthwiseConv1d.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/LayerNorm.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/RmsNorm.h"

namespace gwb::model {

namespace {

// Gemma4RMSNorm's default eps: the conformer's own norms are built without config.rms_norm_eps
// (only the light conv's norms and the embedder use it).
constexpr float kLayerNormEps = 1e-6f;

uint32_t halve(uint32_t n) { return n == 0 ? 0 : (n + 2 - 3) / 2 + 1; }

gpu::Buffer scratch(gpu::Device& dev, size_t floats, const char* name) {
  return gpu::Buffer(dev, std::max<size_t>(floats, 1) * 4, gpu::MemoryUsage::DeviceLocal, name);
}

}  // namespace

uint32_t audioTokenCount(uint32_t validFrames) { return halve(halve(validFrames)); }

struct AudioEncoder::Workspace {
  uint32_t frames = 0, melBins = 0;
  gpu::Buffer feat, conv0, conv1, x, a, b, gate, wide, clampIn, q, k, v, tower, towerNormed, emb;
};

AudioEncoder::AudioEncoder(gpu::Device& device, const AudioEncoderWeights& weights) : dev_(device), w_(weights) {}

AudioEncoder::~AudioEncoder() = default;

AudioEncoding AudioEncoder::encode(std::span<const float> features, uint32_t melBins, std::span<const uint8_t> mask,
                                   bool trace) const {
  if (melBins == 0 || halve(halve(melBins)) * w_.c1 != w_.inputProjWidth) {
    throw std::invalid_argument("audio features have " + std::to_string(melBins) +
                                " mel bins; this model's encoder reads " + std::to_string(w_.melBins));
  }
  if (features.size() % melBins != 0) throw std::invalid_argument("audio features are not whole [frames, mel] rows");
  AudioEncoding out;
  out.frames = uint32_t(features.size() / melBins);
  if (!mask.empty() && mask.size() != out.frames) {
    throw std::invalid_argument("audio feature mask has " + std::to_string(mask.size()) + " entries for " +
                                std::to_string(out.frames) + " frames");
  }
  uint32_t valid = out.frames;
  if (!mask.empty()) {
    valid = uint32_t(std::find(mask.begin(), mask.end(), uint8_t(0)) - mask.begin());
    if (std::any_of(mask.begin() + valid, mask.end(), [](uint8_t m) { return m != 0; })) {
      throw std::invalid_argument("audio feature mask is not a prefix of valid frames");
    }
  }
  out.validFrames = valid;
  out.rows = audioTokenCount(out.frames);
  out.tokens = audioTokenCount(valid);
  if (out.tokens == 0) return out;

  const AudioEncoderWeights& w = w_;
  const AudioConfig& cfg = w.config;
  const uint32_t H = w.hidden(), O = w.outputDims(), TH = uint32_t(w.textHidden);
  const uint32_t heads = w.heads(), hd = w.headDim();
  const uint32_t T0 = valid, M0 = melBins;
  const uint32_t T1 = halve(T0), M1 = halve(M0), T2 = halve(T1), M2 = halve(M1);
  const uint32_t T = T2;
  const uint32_t flat = M2 * w.c1;
  const float eps = float(cfg.rmsNormEps);

  gpu::Device& dev = dev_;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!ws_ || ws_->frames != T0 || ws_->melBins != M0) {
    ws_.reset();  // free the old length's buffers before allocating the new ones
    auto ws = std::make_unique<Workspace>();
    ws->frames = T0;
    ws->melBins = M0;
    ws->feat = scratch(dev, size_t(T0) * M0, "audio features");
    ws->conv0 = scratch(dev, size_t(T1) * M1 * w.c0, "audio conv0 out");
    ws->conv1 = scratch(dev, size_t(T2) * M2 * w.c1, "audio conv1 out");
    ws->x = scratch(dev, size_t(T) * H, "audio hidden");
    ws->a = scratch(dev, size_t(T) * H, "audio tmp a");
    ws->b = scratch(dev, size_t(T) * H, "audio tmp b");
    ws->gate = scratch(dev, size_t(T) * H, "audio glu gate");
    ws->wide = scratch(dev, size_t(T) * 4 * H, "audio ffw wide");
    ws->clampIn = scratch(dev, size_t(T) * 4 * H, "audio clamped input");
    ws->q = scratch(dev, size_t(T) * H, "audio q");
    ws->k = scratch(dev, size_t(T) * H, "audio k");
    ws->v = scratch(dev, size_t(T) * H, "audio v");
    ws->tower = scratch(dev, size_t(T) * O, "audio tower out");
    ws->towerNormed = scratch(dev, size_t(T) * O, "audio tower normed");
    ws->emb = scratch(dev, size_t(T) * TH, "audio embeddings");
    ws_ = std::move(ws);
  }
  Workspace& ws = *ws_;
  gpu::Buffer &feat = ws.feat, &conv0 = ws.conv0, &conv1 = ws.conv1, &x = ws.x, &a = ws.a, &b = ws.b;
  gpu::Buffer &gate = ws.gate, &wide = ws.wide, &clampIn = ws.clampIn, &q = ws.q, &k = ws.k, &v = ws.v;
  gpu::Buffer &tower = ws.tower, &towerNormed = ws.towerNormed, &emb = ws.emb;
  dev.upload(feat.view(), features.data(), size_t(T0) * M0 * 4);
  gpu::Buffer subsample, layersOut;
  if (trace) {
    subsample = scratch(dev, size_t(T) * H, "audio subsample trace");
    layersOut = scratch(dev, size_t(w.layers.size()) * T * H, "audio layer trace");
  }

  gpu::CommandRecorder rec(dev);
  ops::OpContext ctx{dev, rec};
  const uint32_t region = rec.beginRegion("audio encoder");

  // Sub-sample conv projection (HWC throughout: the LayerNorm is over the last dim and the final
  // flatten h[t, f·c1 + c] is the buffer as it is).
  auto convBlock = [&](gpu::BufferView in, uint32_t cIn, uint32_t h, uint32_t wd, const DeviceWeight& kernel,
                       const DeviceWeight& norm, uint32_t cOut, gpu::BufferView outView) {
    ops::Conv2dParams cp;
    cp.cIn = cIn, cp.h = h, cp.w = wd, cp.cOut = cOut, cp.kH = 3, cp.kW = 3, cp.strideH = 2, cp.strideW = 2;
    cp.padTop = cp.padBottom = cp.padLeft = cp.padRight = 1;
    cp.inLayout = ops::ImageLayout::HWC;
    cp.outLayout = ops::ImageLayout::HWC;
    ops::conv2d(ctx, in, kernel.view(), {}, outView, cp);
    const uint32_t cells = cp.outH() * cp.outW();
    ops::layerNorm(ctx, outView, norm.raw(), {}, outView, {cells, cOut, eps, 0, 0});
    ops::elementwise(ctx, ops::EwOp::Relu, outView, {}, outView, {cells, cOut});
  };
  convBlock(feat.view(), 1, T0, M0, w.conv0, w.norm0, w.c0, conv0.view());
  convBlock(conv0.view(), w.c0, T1, M1, w.conv1, w.norm1, w.c1, conv1.view());
  ops::matmul(ctx, conv1.view(), w.inputProj.view(), {}, x.view(), {T, H, flat});
  if (trace) rec.copy(x.view(), subsample.view());

  auto linear = [&](gpu::BufferView in, const ClippedLinearWeight& l, gpu::BufferView y) {
    ops::clippedLinear(ctx, in, clampIn.view(), l.weight.view(), y, {T, l.out, l.in}, l.bounds);
  };
  auto rms = [&](gpu::BufferView in, const DeviceWeight& weight, gpu::BufferView y, uint32_t dim, float e) {
    ops::rmsNorm(ctx, in, weight ? weight.raw() : gpu::BufferView{}, y, {T, dim, e, 0, 0});
  };
  auto ew = [&](ops::EwOp op, gpu::BufferView p, gpu::BufferView r, gpu::BufferView y, uint32_t cols) {
    ops::elementwise(ctx, op, p, r, y, {T, cols});
  };
  // x += ½·FFW(x): the post norm gain already carries residual_weight.
  auto feedForward = [&](const AudioFeedForwardWeights& f) {
    rms(x.view(), f.preNorm, a.view(), H, kLayerNormEps);
    linear(a.view(), f.up, wide.view());
    ew(ops::EwOp::Silu, wide.view(), {}, wide.view(), 4 * H);
    linear(wide.view(), f.down, a.view());
    rms(a.view(), f.postNorm, a.view(), H, kLayerNormEps);
    ew(ops::EwOp::Add, x.view(), a.view(), x.view(), H);
  };

  ops::ChunkAttentionParams ap = ops::audioChunkAttentionParams(
      T, heads, hd, uint32_t(cfg.attentionChunkSize), uint32_t(cfg.attentionContextLeft),
      uint32_t(cfg.attentionContextRight), float(cfg.attentionLogitCap));
  for (size_t li = 0; li < w.layers.size(); ++li) {
    const AudioLayerWeights& l = w.layers[li];
    feedForward(l.ff1);

    // Attention block (the clamps to ±gradient_clipping around the norms are no-ops in f32).
    rms(x.view(), l.normPreAttn, a.view(), H, kLayerNormEps);
    linear(a.view(), l.q, q.view());
    linear(a.view(), l.k, k.view());
    linear(a.view(), l.v, v.view());
    ops::elementwise(ctx, ops::EwOp::Mul, q.view(), l.qScale.raw(), q.view(), {T * heads, hd, 0, 0, 0, true});
    ops::elementwise(ctx, ops::EwOp::Scale, k.view(), {}, k.view(), {T, H}, w.kScale);
    ops::chunkAttention(ctx, q.view(), k.view(), v.view(), l.relKeys.raw(), b.view(), ap);
    linear(b.view(), l.post, a.view());
    rms(a.view(), l.normPostAttn, a.view(), H, kLayerNormEps);
    ew(ops::EwOp::Add, x.view(), a.view(), x.view(), H);

    // Light conv: norm, linear_start + GLU, causal depthwise conv, norm, SiLU, linear_end, residual.
    rms(x.view(), l.lconvPreNorm, a.view(), H, eps);
    linear(a.view(), l.linearStartValue, b.view());
    linear(a.view(), l.linearStartGate, gate.view());
    ew(ops::EwOp::Glu, b.view(), gate.view(), q.view(), H);
    ops::dwConv1d(ctx, q.view(), l.depthwise.view(), {}, a.view(), {T, H, uint32_t(cfg.convKernelSize), 0, 0});
    rms(a.view(), l.lconvConvNorm, a.view(), H, eps);
    ew(ops::EwOp::Silu, a.view(), {}, a.view(), H);
    linear(a.view(), l.linearEnd, b.view());
    ew(ops::EwOp::Add, x.view(), b.view(), x.view(), H);

    feedForward(l.ff2);
    rms(x.view(), l.normOut, x.view(), H, kLayerNormEps);
    if (trace) rec.copy(x.view(), layersOut.view(li * T * H * 4, size_t(T) * H * 4));
  }

  ops::matmul(ctx, x.view(), w.outputProj.view(), w.outputProjBias.raw(), tower.view(), {T, O, H});
  rms(tower.view(), DeviceWeight{}, towerNormed.view(), O, eps);
  ops::matmul(ctx, towerNormed.view(), w.embedProjection.view(), {}, emb.view(), {T, TH, O});
  rec.endRegion(region);
  rec.submit();
  if (!rec.timings().empty()) out.gpuMs = rec.timings().front().milliseconds;

  auto download = [&](const gpu::Buffer& buf, size_t n) {
    std::vector<float> hostData(n);
    dev.download(buf.view(0, n * 4), hostData.data(), n * 4);
    return hostData;
  };
  out.embeddings = download(emb, size_t(T) * TH);
  out.towerOut = download(tower, size_t(T) * O);
  if (trace) {
    out.subsampleOut = download(subsample, size_t(T) * H);
    out.layerOutputs = download(layersOut, w.layers.size() * T * H);
  }
  return out;
}

}  // namespace gwb::model
