#pragma once
// bf16 matrices are stored as f16 on GPUs whose prefill matmuls run on f16 tensor cores
// (GL_NV_cooperative_matrix): the tensor-core kernel then stages its weight tiles as they are
// instead of widening and rounding every bf16 pair per load, and decode matvecs read the same
// number of bytes. bf16 -> f16 is exact for |v| in [6.1e-5, 65504] (f16 has 10 mantissa bits to
// bf16's 7); smaller values become f16 subnormals (absolute error <= 3e-8, the rounding the
// tensor-core kernel applied on every load before) and a matrix holding any value beyond 65504
// keeps bf16.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inference/gpu/Buffer.h"
#include "inference/gpu/Device.h"
#include "inference/gpu/DType.h"
#include "inference/gpu/DeviceInfo.h"

namespace gwb::model {

bool storesBf16MatricesAsF16(const gpu::DeviceInfo& device);

// The values as f16 bits, or nullopt when one of them is beyond f16's range (or not finite).
std::optional<std::vector<uint16_t>> bf16ToF16Checked(const uint16_t* bf16, size_t count);

// Uploads a matrix (`bytes` of `dtype`, f32 / f16 / bf16) into a new device buffer named `name`:
// bf16 goes up as f16 where storesBf16MatricesAsF16 and every value fits. Returns the dtype stored.
// The text decoder and the vision / audio towers load their matrices through it.
gpu::DType uploadMatrix(gpu::Device& dev, gpu::Buffer& buffer, const std::string& name, const void* data,
                        size_t bytes, gpu::DType dtype);

}  // namespace gwb::model
