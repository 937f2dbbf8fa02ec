#include "inference/ops/QuantDequantize.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "inference/gpu/VulkanError.h"

namespace gwb::ops {

namespace {
constexpr uint32_t kGroup = 256;  // dequant_f16.comp's local size, 4 elements per invocation
struct Push {
  uint32_t groups4;
};
}  // namespace

bool dequantizeToF16Supported(const gpu::DeviceInfo& d, const WeightView& w, uint32_t rows, uint32_t k) {
  if (!gpu::isQuantized(w.dtype) || rows == 0 || k % gpu::dtypeBlockElements(w.dtype) != 0) return false;
  const uint64_t outBytes = uint64_t(rows) * k * 2;
  return w.view.size >= gpu::dtypeRowBytes(w.dtype, k) * rows && w.view.size <= d.maxStorageBufferRange &&
         outBytes <= d.maxStorageBufferRange && uint64_t(rows) * k / 4 < 0xffffffffull;
}

void dequantizeToF16(OpContext& ctx, const WeightView& w, BufferView out, BufferView status, uint32_t rows, uint32_t k) {
  if (!dequantizeToF16Supported(ctx.device.info(), w, rows, k)) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "dequantizeToF16: " + std::string(gpu::dtypeName(w.dtype)) +
                                                                " weight of " + std::to_string(rows) + " x " +
                                                                std::to_string(k) + " is not supported here");
  }
  if (out.size < uint64_t(rows) * k * 2 || status.size < 4) {
    throw gpu::GpuError(gpu::GpuErrorKind::InvalidArgument, "dequantizeToF16: a buffer is smaller than rows, k need");
  }
  const uint32_t groups4 = uint32_t(uint64_t(rows) * k / 4);
  const uint32_t groups = groupsFor(groups4, kGroup);
  const uint32_t gx = std::min(groups, 65535u);
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {"dequant_f16_" + std::string(gpu::dtypeName(w.dtype)), 3, sizeof(Push), {}});
  ctx.rec.dispatch(pipe, {gpu::in(w.view), gpu::out(out.sub(0, uint64_t(rows) * k * 2)), gpu::inout(status.sub(0, 4))},
                   Push{groups4}, gx, groupsFor(groups, gx));
}

void addQuantDequantizeChecks(CheckList& list, const gpu::DeviceInfo&) {
  struct Case {
    DType dtype;
    uint32_t rows, k;
  };
  // Every format on E2B-like rows, a ragged row count, and 32-element formats with K % 256 != 0.
  const Case cases[] = {{DType::Q8_0, 70, 1536}, {DType::Q4_0, 33, 256},  {DType::Q4_K, 70, 1536},
                        {DType::Q5_K, 9, 512},   {DType::Q6_K, 41, 768},  {DType::Q8_0, 5, 96},
                        {DType::Q4_0, 3, 160}};
  for (const Case& c : cases) {
    const std::string shape = std::string(gpu::dtypeName(c.dtype)) + " " + std::to_string(c.rows) + "x" + std::to_string(c.k);
    list.push_back({"quantmatmul", "dequant-f16", shape, [c](gpu::Device& dev, uint64_t seed) {
                      const size_t n = size_t(c.rows) * c.k;
                      std::vector<float> widened;  // the dequantized weights (f32)
                      auto bw = uploadWeights(dev, randomFloats(n, seed, -1.5f, 1.5f), c.dtype, "w", widened);
                      gpu::Buffer out(dev, n * 2, gpu::MemoryUsage::DeviceLocal, "f16 weights");
                      const uint32_t zero = 0;
                      auto status = uploadBytes(dev, &zero, 4, "status");
                      const double ms = recordAndTime(dev, [&](OpContext& ctx) {
                        ctx.rec.fill(out.view(), 0x7e007e00u);  // f16 NaNs: a missed element fails
                        dequantizeToF16(ctx, {bw.view(), c.dtype}, out.view(), status.view(), c.rows, c.k);
                      });
                      const std::vector<float> got = downloadAsFloats(dev, out.view(), DType::F16);
                      uint32_t flag = 1;
                      dev.download(status.view(), &flag, 4);
                      // One rounding to f16 (unit roundoff 2^-11 = 4.9e-4) of each dequantized value.
                      CheckResult r = compare(got, widened, 5e-4);
                      if (flag != 0) {  // every value is in range: the bit must stay clear
                        r.pass = false;
                        r.note = "the out-of-range bit was set";
                      }
                      r.milliseconds = ms;
                      return r;
                    }});
  }
  // A Q8_0 row whose scale puts values beyond 65504: the bit is set and the values are clamped.
  list.push_back({"quantmatmul", "dequant-f16", "q8_0 beyond f16's range", [](gpu::Device& dev, uint64_t) {
                    // Block layout (QuantBlocks.h): f16 d, then 32 int8 q. d = 1024 (0x6400) and
                    // q = 8 (i - 16): |x| up to 131072, beyond 65504 for |q| >= 64.
                    uint8_t block[34];
                    block[0] = 0x00, block[1] = 0x64;
                    std::vector<float> want(32);
                    for (int i = 0; i < 32; ++i) {
                      block[2 + i] = uint8_t(int8_t(8 * (i - 16)));
                      want[i] = std::clamp(1024.0f * float(8 * (i - 16)), -65504.0f, 65504.0f);
                    }
                    auto bw = uploadBytes(dev, block, sizeof block, "w");
                    gpu::Buffer out(dev, 64, gpu::MemoryUsage::DeviceLocal, "f16 weights");
                    const uint32_t zero = 0;
                    auto status = uploadBytes(dev, &zero, 4, "status");
                    recordAndTime(dev, [&](OpContext& ctx) {
                      dequantizeToF16(ctx, {bw.view(), DType::Q8_0}, out.view(), status.view(), 1, 32);
                    });
                    const std::vector<float> got = downloadAsFloats(dev, out.view(), DType::F16);
                    uint32_t flag = 0;
                    dev.download(status.view(), &flag, 4);
                    CheckResult r = compare(got, want, 5e-4);
                    if (flag != 1u) {
                      r.pass = false;
                      r.note = "values beyond f16's range did not set the bit";
                    }
                    return r;
                  }});
}

}  // namespace gwb::ops
