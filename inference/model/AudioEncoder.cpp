#include "inference/model/AudioEncoder.h"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <utility>
#include <stdexcept>
#include <string>

#include "inference/gpu/CommandRecorder.h"
#include "inference/ops/ChunkAttention.h"
#include "inference/ops/ClippedGate.h"
#include "inference/ops/ClippedResidualNorm.h"
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
  rec.setDispatchTiming(profiling_);
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

  // Linears whose input clamp was already applied by the op that wrote their input (the fused
  // norms and gates below); the output clamp is applied by the op that reads the output.
  auto project = [&](gpu::BufferView in, const ClippedLinearWeight& l, gpu::BufferView y) {
    ops::matmul(ctx, in, l.weight.view(), {}, y, {T, l.out, l.in});
  };
  // Linears with their own clamps (attention q/k/v and post, whose neighbours are not fused).
  auto linear = [&](gpu::BufferView in, const ClippedLinearWeight& l, gpu::BufferView y, bool inputClamped) {
    ops::clippedLinear(ctx, in, clampIn.view(), l.weight.view(), y, {T, l.out, l.in},
                       inputClamped ? l.bounds.withoutInputClamp() : l.bounds);
  };
  // The residual step in one dispatch (ops/ClippedResidualNorm.h): x += norm(clamp(branch)), then
  // the next block's input norm written clamped for the linears that read it.
  auto residual = [&](gpu::BufferView branch, const ops::ClipBounds& branchClip, const DeviceWeight& branchNorm) {
    ops::ClippedResidualNormArgs r{.rows = T, .dim = H, .eps = kLayerNormEps, .h = x.view()};
    if (branch) {
      r.branch = branch;
      r.branchMin = branchClip.outMin;
      r.branchMax = branchClip.outMax;
      if (branchNorm) r.branchNorm = branchNorm.raw();
    }
    return r;
  };
  auto nextInput = [&](ops::ClippedResidualNormArgs& r, const DeviceWeight& norm, float normEps,
                       std::initializer_list<std::pair<const ops::ClipBounds*, gpu::BufferView>> readers) {
    r.nextNorm = norm ? norm.raw() : gpu::BufferView{};
    r.nextEps = normEps;
    for (const auto& [bounds, y] : readers) r.out[r.outs++] = {y, bounds->inMin, bounds->inMax};
  };
  // ½·FFW's input: its pre-norm, clamped for ffw_layer_1, into a.
  auto ffwInput = [&](ops::ClippedResidualNormArgs& r, const AudioFeedForwardWeights& f) {
    nextInput(r, f.preNorm, kLayerNormEps, {{&f.up.bounds, a.view()}});
  };
  // x += ½·FFW(x) (the post norm gain already carries residual_weight), the input in a; returns
  // the residual step for the caller to add the next input to and run.
  auto feedForward = [&](const AudioFeedForwardWeights& f) {
    project(a.view(), f.up, wide.view());
    ops::clippedGate(ctx, wide.view(), {}, wide.view(),
                     {T * 4 * H, ops::GateKind::Silu, f.up.bounds.outMin, f.up.bounds.outMax, 0, 0,
                      f.down.bounds.inMin, f.down.bounds.inMax});
    project(wide.view(), f.down, a.view());
    return residual(a.view(), f.down.bounds, f.postNorm);
  };

  ops::ChunkAttentionParams ap = ops::audioChunkAttentionParams(
      T, heads, hd, uint32_t(cfg.attentionChunkSize), uint32_t(cfg.attentionContextLeft),
      uint32_t(cfg.attentionContextRight), float(cfg.attentionLogitCap));
  {
    ops::ClippedResidualNormArgs r = residual({}, {}, {});
    if (!w.layers.empty()) ffwInput(r, w.layers[0].ff1);
    ops::clippedResidualNorm(ctx, r);
  }
  for (size_t li = 0; li < w.layers.size(); ++li) {
    const AudioLayerWeights& l = w.layers[li];
    {
      ops::ClippedResidualNormArgs r = feedForward(l.ff1);
      // Attention block's input (the clamps to ±gradient_clipping around the norms are no-ops in
      // f32): norm_pre_attn, clamped for q / k / v.
      const bool sameIn = l.q.bounds.sameInput(l.k.bounds) && l.q.bounds.sameInput(l.v.bounds);
      if (sameIn) {
        nextInput(r, l.normPreAttn, kLayerNormEps, {{&l.q.bounds, a.view()}});
      } else {
        nextInput(r, l.normPreAttn, kLayerNormEps,
                  {{&l.q.bounds, a.view()}, {&l.k.bounds, b.view()}, {&l.v.bounds, gate.view()}});
      }
      ops::clippedResidualNorm(ctx, r);
      linear(a.view(), l.q, q.view(), true);
      linear(sameIn ? a.view() : b.view(), l.k, k.view(), true);
      linear(sameIn ? a.view() : gate.view(), l.v, v.view(), true);
    }
    ops::elementwise(ctx, ops::EwOp::Mul, q.view(), l.qScale.raw(), q.view(), {T * heads, hd, 0, 0, 0, true});
    ops::elementwise(ctx, ops::EwOp::Scale, k.view(), {}, k.view(), {T, H}, w.kScale);
    ops::chunkAttention(ctx, q.view(), k.view(), v.view(), l.relKeys.raw(), b.view(), ap);
    {
      ops::ClipBounds postIn = l.post.bounds;  // the output clamp is the residual step's branch clamp
      postIn.outMin = -std::numeric_limits<float>::infinity();
      postIn.outMax = std::numeric_limits<float>::infinity();
      ops::clippedLinear(ctx, b.view(), clampIn.view(), l.post.weight.view(), a.view(), {T, l.post.out, l.post.in}, postIn);
      ops::ClippedResidualNormArgs r = residual(a.view(), l.post.bounds, l.normPostAttn);
      // Light conv's input: its pre-norm (config eps), clamped for linear_start value / gate.
      nextInput(r, l.lconvPreNorm, eps, {{&l.linearStartValue.bounds, b.view()}, {&l.linearStartGate.bounds, gate.view()}});
      ops::clippedResidualNorm(ctx, r);
    }
    // Light conv: value · sigmoid(gate) (GLU), causal depthwise conv, norm + SiLU, linear_end, residual.
    project(b.view(), l.linearStartValue, q.view());
    project(gate.view(), l.linearStartGate, k.view());
    ops::clippedGate(ctx, q.view(), k.view(), q.view(),
                     {T * H, ops::GateKind::Glu, l.linearStartValue.bounds.outMin, l.linearStartValue.bounds.outMax,
                      l.linearStartGate.bounds.outMin, l.linearStartGate.bounds.outMax});
    ops::dwConv1d(ctx, q.view(), l.depthwise.view(), {}, a.view(), {T, H, uint32_t(cfg.convKernelSize), 0, 0});
    {
      ops::ClippedResidualNormArgs r{.rows = T, .dim = H, .eps = eps, .h = a.view()};
      r.nextSilu = true;
      nextInput(r, l.lconvConvNorm, eps, {{&l.linearEnd.bounds, b.view()}});
      ops::clippedResidualNorm(ctx, r);
    }
    project(b.view(), l.linearEnd, gate.view());
    {
      ops::ClippedResidualNormArgs r = residual(gate.view(), l.linearEnd.bounds, {});
      ffwInput(r, l.ff2);
      ops::clippedResidualNorm(ctx, r);
    }
    {
      ops::ClippedResidualNormArgs r = feedForward(l.ff2);
      r.hNorm = l.normOut.raw();
      if (li + 1 < w.layers.size()) ffwInput(r, w.layers[li + 1].ff1);
      ops::clippedResidualNorm(ctx, r);
    }
    if (trace) rec.copy(x.view(), layersOut.view(li * T * H * 4, size_t(T) * H * 4));
  }

  ops::matmul(ctx, x.view(), w.outputProj.view(), w.outputProjBias.raw(), tower.view(), {T, O, H});
  ops::rmsNorm(ctx, tower.view(), {}, towerNormed.view(), {T, O, eps, 0, 0});
  ops::matmul(ctx, towerNormed.view(), w.embedProjection.view(), {}, emb.view(), {T, TH, O});
  rec.endRegion(region);
  rec.submit();
  // With dispatch timing the tower's region comes first, then one entry per dispatch.
  if (!rec.timings().empty()) out.gpuMs = rec.timings().front().milliseconds;
  lastTimings_.clear();
  if (profiling_ && !rec.timings().empty()) lastTimings_.assign(rec.timings().begin() + 1, rec.timings().end());

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
