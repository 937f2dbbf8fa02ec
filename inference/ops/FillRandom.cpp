#include "inference/ops/FillRandom.h"

#include <algorithm>
#include <stdexcept>

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

namespace {
struct Push {
  uint32_t count, seed;
  float lo, hi;
};
constexpr uint32_t kGroup = 256;
}  // namespace

void fillRandom(OpContext& ctx, BufferView out, DType dtype, uint32_t count, uint32_t seed, float lo, float hi) {
  const char* shader = dtype == DType::F32 ? "fill_random_f32" : dtype == DType::F16 ? "fill_random_f16"
                                                                                      : "fill_random_bf16";
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({shader, 1, sizeof(Push), {kGroup}});
  const Push push{count, seed, lo, hi};
  ctx.rec.dispatch(pipe, {gpu::out(out)}, push, std::min<uint32_t>(groupsFor(count, kGroup), 65535));
}

void fillRandomRows(OpContext& ctx, BufferView out, DType dtype, uint32_t firstRow, uint32_t rows, uint32_t width,
                    uint32_t seed, float amplitude) {
  if (dtype != DType::F32 && dtype != DType::BF16) throw std::invalid_argument("fillRandomRows: f32 or bf16 only");
  const uint64_t count = uint64_t(rows) * width;
  if (count >= (1ull << 32) || out.size < count * gpu::dtypeSize(dtype)) {
    throw std::invalid_argument("fillRandomRows: rows x width too large or out too small");
  }
  if (count == 0) return;
  struct RowsPush {
    uint32_t firstRow, rows, width, seed;
    float amplitude;
  };
  const gpu::Pipeline& pipe = ctx.device.pipelines().get(
      {dtype == DType::F32 ? "fill_random_rows_f32" : "fill_random_rows_bf16", 1, sizeof(RowsPush), {kGroup}});
  const RowsPush push{firstRow, rows, width, seed, amplitude};
  ctx.rec.dispatch(pipe, {gpu::out(out)}, push, uint32_t(std::min<uint64_t>(groupsFor(count, kGroup), 65535)));
}

namespace ref {
float randomValue(uint32_t index, uint32_t seed, float lo, float hi) {
  return randomValueMixed(index, mixHash(seed), lo, hi);
}
}  // namespace ref

namespace {
// v as the fill kernels store it, widened back: f32 exact, bf16 truncated, f16 rounded to nearest.
float asStored(float v, DType t) {
  if (t == DType::F32) return v;
  if (t == DType::F16) return gpu::f16ToF32(gpu::f32ToF16(v));
  return gpu::bf16ToF32(uint16_t(std::bit_cast<uint32_t>(v) >> 16));
}
}  // namespace

void addFillRandomChecks(CheckList& list, const gpu::DeviceInfo&) {
  // Random table rows (the PLE table of --random-weights runs): f32 bit for bit as the host
  // draws them, bf16 truncated; rows from 1000 on, a width that is no multiple of the workgroup.
  for (DType t : {DType::F32, DType::BF16}) {
    list.push_back({"fillrandom", std::string(gpu::dtypeName(t)), "table rows 1000..1036 x 8960",
                    [t](gpu::Device& dev, uint64_t seed) {
                      const uint32_t first = 1000, rows = 37, width = 8960, n = rows * width;
                      gpu::Buffer b(dev, uint64_t(n) * gpu::dtypeSize(t), gpu::MemoryUsage::DeviceLocal, "random rows");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        fillRandomRows(c, b.view(), t, first, rows, width, uint32_t(seed), 0.05f);
                      });
                      std::vector<float> want(n);
                      for (uint32_t i = 0; i < n; ++i) {
                        want[i] = asStored(ref::randomRowValue(first + i / width, i % width, uint32_t(seed), 0.05f), t);
                      }
                      CheckResult r = compare(downloadAsFloats(dev, b.view(), t), want, 0.0);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
  for (DType t : {DType::F32, DType::BF16, DType::F16}) {
    list.push_back({"fillrandom", std::string(gpu::dtypeName(t)), "100003",
                    [t](gpu::Device& dev, uint64_t seed) {
                      const uint32_t n = 100003;
                      gpu::Buffer b(dev, n * gpu::dtypeSize(t), gpu::MemoryUsage::DeviceLocal, "random");
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        fillRandom(c, b.view(), t, n, uint32_t(seed), -0.5f, 1.5f);
                      });
                      std::vector<float> want(n);
                      for (uint32_t i = 0; i < n; ++i) want[i] = asStored(ref::randomValue(i, uint32_t(seed), -0.5f, 1.5f), t);
                      CheckResult r = compare(downloadAsFloats(dev, b.view(), t), want, 1e-6);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
