#include "inference/ops/OpCheck.h"

#include "inference/ops/AttentionGemm.h"
#include "inference/ops/AttentionPack.h"
#include "inference/ops/ClippedGate.h"
#include "inference/ops/ClippedNormRope2d.h"
#include "inference/ops/ClippedResidualNorm.h"
#include "inference/ops/MatmulGeglu.h"
#include "inference/ops/MatvecProject.h"
#include "inference/ops/NormedMatvec.h"
#include "inference/ops/QkvNormRope.h"
#include "inference/ops/QuantCodec.h"
#include "inference/ops/ResidualNorm.h"
#include "inference/ops/WeightBands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace gwb::ops {

std::vector<OpCheck> opChecks(const gpu::DeviceInfo& device, const std::string& family) {
  CheckList all;
  // One line per op family (each defined next to its op).
  addRmsNormChecks(all, device);
  addElementwiseChecks(all, device);
  addMatmulChecks(all, device);
  addMatmulSplitKChecks(all, device);
  addFillRandomChecks(all, device);
  addAttentionChecks(all, device);
  addArgmaxChecks(all, device);
  addRopeChecks(all, device);
  addRope2dChecks(all, device);
  addClippedLinearChecks(all, device);
  addSoftmaxChecks(all, device);
  addGatherChecks(all, device);
  addConvChecks(all, device);
  addPoolChecks(all, device);
  addLayerNormChecks(all, device);
  addChunkAttentionChecks(all, device);
  addQuantMatmulChecks(all, device);
  addQuantGatherChecks(all, device);
  addFlashAttentionChecks(all, device);
  addAttentionPackChecks(all);                // "flashattn" and "attngemm" families
  addAttentionGemmChecks(all, device);
  addResidualNormChecks(all, device);   // "rmsnorm" family
  addQkvNormRopeChecks(all, device);    // "rope" family
  addMatmulGegluChecks(all, device);    // "matmul" family
  addNormedMatvecChecks(all, device);   // "matmul" and "quantmatmul" families
  addMatvecProjectChecks(all, device);  // "matmul"
  addClippedResidualNormChecks(all, device);  // "rmsnorm" family
  addClippedGateChecks(all, device);          // "elementwise" family
  addClippedNormRope2dChecks(all, device);    // "rope2d" family
  if (family.empty()) return all;
  CheckList chosen;
  for (auto& c : all) {
    if (c.op == family) chosen.push_back(std::move(c));
  }
  return chosen;
}

std::vector<float> randomFloats(size_t n, uint64_t seed, float lo, float hi) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

double relativeMaxError(std::span<const float> gpu, std::span<const float> ref) {
  double maxRef = 0, maxDiff = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    maxRef = std::max(maxRef, double(std::fabs(ref[i])));
    const double d = std::fabs(double(gpu[i]) - double(ref[i]));
    if (std::isnan(d)) return std::numeric_limits<double>::infinity();
    maxDiff = std::max(maxDiff, d);
  }
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

CheckResult compare(std::span<const float> gpu, std::span<const float> ref, double tolerance) {
  CheckResult r;
  r.tolerance = tolerance;
  if (gpu.size() != ref.size()) {
    r.note = "size mismatch";
    r.maxError = std::numeric_limits<double>::infinity();
    return r;
  }
  r.maxError = relativeMaxError(gpu, ref);
  r.pass = r.maxError <= tolerance;
  if (!r.pass) {
    size_t worst = 0;
    double wd = -1;
    for (size_t i = 0; i < ref.size(); ++i) {
      const double d = std::fabs(double(gpu[i]) - double(ref[i]));
      if (std::isnan(d) || d > wd) {
        wd = std::isnan(d) ? std::numeric_limits<double>::infinity() : d;
        worst = i;
        if (std::isnan(d)) break;
      }
    }
    r.note = "worst at element " + std::to_string(worst) + ": gpu " + std::to_string(gpu[worst]) + " vs ref " +
             std::to_string(ref[worst]);
  }
  return r;
}

gpu::Buffer uploadBytes(gpu::Device& device, const void* data, size_t bytes, const std::string& name) {
  gpu::Buffer b(device, bytes, gpu::MemoryUsage::DeviceLocal, name);
  device.upload(b.view(), data, bytes);
  return b;
}

gpu::Buffer uploadFloats(gpu::Device& device, std::span<const float> data, const std::string& name) {
  return uploadBytes(device, data.data(), data.size_bytes(), name);
}

gpu::Buffer outputFloats(gpu::Device& device, size_t n, const std::string& name) {
  std::vector<float> nan(n, std::numeric_limits<float>::quiet_NaN());
  return uploadFloats(device, nan, name);
}

std::vector<float> downloadFloats(gpu::Device& device, const gpu::BufferView& view) {
  std::vector<float> out(view.size / 4);
  device.download(view, out.data(), out.size() * 4);
  return out;
}

std::vector<float> downloadAsFloats(gpu::Device& device, const gpu::BufferView& view, DType dtype) {
  if (dtype == DType::F32) return downloadFloats(device, view);
  if (dtype != DType::F16 && dtype != DType::BF16) {
    throw std::invalid_argument("downloadAsFloats: " + std::string(gpu::dtypeName(dtype)) + " is not f32, f16 or bf16");
  }
  std::vector<uint16_t> half(view.size / 2);
  device.download(view, half.data(), half.size() * 2);
  std::vector<float> out(half.size());
  std::transform(half.begin(), half.end(), out.begin(), dtype == DType::F16 ? gpu::f16ToF32 : gpu::bf16ToF32);
  return out;
}

CheckResult compareHalf(gpu::Device& device, const gpu::BufferView& half, std::span<const float> ref,
                        double tolerance) {
  std::vector<float> want(ref.begin(), ref.end());
  for (float& v : want) v = gpu::f16ToF32(gpu::f32ToF16(v));
  return compare(downloadAsFloats(device, half.sub(0, uint64_t(want.size()) * 2), DType::F16), want, tolerance);
}

gpu::Buffer uploadWeights(gpu::Device& device, std::span<const float> values, DType dtype, const std::string& name,
                          std::vector<float>& widened) {
  widened.resize(values.size());
  if (gpu::isQuantized(dtype)) {  // blocks of the values' rows (values.size() a multiple of the block size)
    std::vector<uint8_t> blocks(gpu::dtypeRowBytes(dtype, values.size()));
    quant::quantizeBlocks(dtype, values.data(), values.size(), blocks.data());
    quant::dequantizeBlocks(dtype, blocks.data(), values.size(), widened.data());
    return uploadBytes(device, blocks.data(), blocks.size(), name);
  }
  if (dtype == DType::F32) {
    std::copy(values.begin(), values.end(), widened.begin());
    return uploadFloats(device, values, name);
  }
  std::vector<uint16_t> half(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    half[i] = dtype == DType::BF16 ? gpu::f32ToBf16(values[i]) : gpu::f32ToF16(values[i]);
    widened[i] = dtype == DType::BF16 ? gpu::bf16ToF32(half[i]) : gpu::f16ToF32(half[i]);
  }
  return uploadBytes(device, half.data(), half.size() * 2, name);
}

gpu::Buffer uploadWeightsInBands(gpu::Device& device, std::span<const float> values, DType dtype, uint32_t rows,
                                 uint32_t cols, const std::string& name, std::vector<float>& widened) {
  std::vector<float> bands(values.size()), widenedBands;
  toColumnBands(reinterpret_cast<const std::byte*>(values.data()), reinterpret_cast<std::byte*>(bands.data()), rows,
                cols, sizeof(float));
  gpu::Buffer b = uploadWeights(device, bands, dtype, name, widenedBands);
  widened.resize(widenedBands.size());
  fromColumnBands(reinterpret_cast<const std::byte*>(widenedBands.data()),
                  reinterpret_cast<std::byte*>(widened.data()), rows, cols, sizeof(float));
  return b;
}

double recordAndTime(gpu::Device& device, const std::function<void(OpContext&)>& record) {
  gpu::CommandRecorder rec(device);
  OpContext ctx{device, rec};
  const uint32_t region = rec.beginRegion("op");
  record(ctx);
  rec.endRegion(region);
  const auto t0 = std::chrono::steady_clock::now();
  rec.submit();
  const auto t1 = std::chrono::steady_clock::now();
  if (!rec.timings().empty()) return rec.timings().front().milliseconds;
  return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

}  // namespace gwb::ops
