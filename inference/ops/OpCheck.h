#pragma once
// Checks of GPU ops against their plain-C++ references on random data. The same checks run in
// `gemma-workbench-cli selftest` (on the user's GPU) and in the CTest op tests (on lavapipe).
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "inference/gpu/Device.h"
#include "inference/ops/OpContext.h"

namespace gwb::ops {

struct CheckResult {
  double maxError = 0;    // max |gpu - ref| / max |ref| (relative to the largest reference value)
  double tolerance = 0;
  double milliseconds = 0;  // GPU time of the op (timestamps), or wall time if the device has none
  bool pass = false;
  std::string note;       // why it failed, if it did
};

struct OpCheck {
  std::string op;       // family, e.g. "rmsnorm"
  std::string variant;  // "portable", "fp16", "coopmat", or a weight-type tag like "bf16w"
  std::string shape;    // e.g. "7x300"
  std::function<CheckResult(gpu::Device&, uint64_t seed)> run;
};

// Every check whose variant the device supports. `family` empty means all families.
std::vector<OpCheck> opChecks(const gpu::DeviceInfo& device, const std::string& family = "");

// Helpers for writing checks.
std::vector<float> randomFloats(size_t n, uint64_t seed, float lo = -1.0f, float hi = 1.0f);
double relativeMaxError(std::span<const float> gpu, std::span<const float> ref);
CheckResult compare(std::span<const float> gpu, std::span<const float> ref, double tolerance);
// An op's f16 output (`half`: ref.size() halfs) against the f32 reference rounded to f16 (round to
// nearest even, as packHalf2x16 rounds on the GPUs we run). A GPU value within the f32 checks'
// bounds of the reference can still round to the neighbouring f16, one ulp (2^-11 relative) off:
// tolerances of 1e-3 allow that and no more.
CheckResult compareHalf(gpu::Device& device, const gpu::BufferView& half, std::span<const float> ref,
                        double tolerance);

// Uploads host data into a new device-local buffer.
gpu::Buffer uploadFloats(gpu::Device& device, std::span<const float> data, const std::string& name);
gpu::Buffer uploadBytes(gpu::Device& device, const void* data, size_t bytes, const std::string& name);
// A device buffer of n floats, pre-filled with NaN so an op that forgets to write fails.
gpu::Buffer outputFloats(gpu::Device& device, size_t n, const std::string& name);
std::vector<float> downloadFloats(gpu::Device& device, const gpu::BufferView& view);
// An f32, f16 or bf16 buffer read back and widened to floats (exactly).
std::vector<float> downloadAsFloats(gpu::Device& device, const gpu::BufferView& view, DType dtype);
// Weights in a storage type: returns the device buffer, and `widened` receives the values the
// GPU will actually see (rounded to f16/bf16, or quantized to the block format and dequantized)
// for the reference.
gpu::Buffer uploadWeights(gpu::Device& device, std::span<const float> values, DType dtype, const std::string& name,
                          std::vector<float>& widened);
// The same for a [rows, cols] weight stored in column bands (WeightBands.h, f32 / f16 / bf16):
// `widened` receives the stored values back in rows, as the reference multiplies them.
gpu::Buffer uploadWeightsInBands(gpu::Device& device, std::span<const float> values, DType dtype, uint32_t rows,
                                 uint32_t cols, const std::string& name, std::vector<float>& widened);

// Runs `record` in its own recorder, submits, and returns the GPU milliseconds of the region.
double recordAndTime(gpu::Device& device, const std::function<void(OpContext&)>& record);

// Each op family adds its checks here (one function per family, defined next to the op).
using CheckList = std::vector<OpCheck>;
void addRmsNormChecks(CheckList& list, const gpu::DeviceInfo& device);
void addElementwiseChecks(CheckList& list, const gpu::DeviceInfo& device);
void addMatmulChecks(CheckList& list, const gpu::DeviceInfo& device);
void addMatmulSplitKChecks(CheckList& list, const gpu::DeviceInfo& device);
void addRopeChecks(CheckList& list, const gpu::DeviceInfo& device);
void addRope2dChecks(CheckList& list, const gpu::DeviceInfo& device);
void addClippedLinearChecks(CheckList& list, const gpu::DeviceInfo& device);
void addSoftmaxChecks(CheckList& list, const gpu::DeviceInfo& device);
void addActivationChecks(CheckList& list, const gpu::DeviceInfo& device);
void addGatherChecks(CheckList& list, const gpu::DeviceInfo& device);
void addAttentionChecks(CheckList& list, const gpu::DeviceInfo& device);
void addArgmaxChecks(CheckList& list, const gpu::DeviceInfo& device);
void addConvChecks(CheckList& list, const gpu::DeviceInfo& device);
void addPoolChecks(CheckList& list, const gpu::DeviceInfo& device);
void addLayerNormChecks(CheckList& list, const gpu::DeviceInfo& device);
void addFillRandomChecks(CheckList& list, const gpu::DeviceInfo& device);
void addChunkAttentionChecks(CheckList& list, const gpu::DeviceInfo& device);
void addQuantMatmulChecks(CheckList& list, const gpu::DeviceInfo& device);
void addQuantGatherChecks(CheckList& list, const gpu::DeviceInfo& device);
void addFlashAttentionChecks(CheckList& list, const gpu::DeviceInfo& device);

}  // namespace gwb::ops
