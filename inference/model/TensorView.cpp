#include "inference/model/TensorView.h"

#include <cstring>

#include "inference/gpu/DType.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

int64_t numelOf(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string shapeToString(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

int64_t TensorView::numel() const { return numelOf(shape); }

float TensorView::floatAt(size_t i) const {
  const size_t size = dtypeSize(dtype);
  if (i >= bytes / size) {
    throw CheckpointError("tensor " + name + ": element " + std::to_string(i) + " is out of range");
  }
  // memcpy: the mapping gives no alignment guarantee for tensors inside the file.
  switch (dtype) {
    case DType::F32: {
      float f;
      std::memcpy(&f, data + i * 4, 4);
      return f;
    }
    case DType::F16:
    case DType::BF16: {
      uint16_t h;
      std::memcpy(&h, data + i * 2, 2);
      return dtype == DType::F16 ? gpu::f16ToF32(h) : gpu::bf16ToF32(h);
    }
    default:
      throw CheckpointError("tensor " + name + " has dtype " + std::string(dtypeName(dtype)) +
                            ", not a float type (F32, F16, BF16)");
  }
}

std::vector<float> TensorView::toFloat() const {
  if (!isFloatWeightType(dtype)) {
    throw CheckpointError("tensor " + name + " has dtype " + std::string(dtypeName(dtype)) +
                          ", not a float type (F32, F16, BF16)");
  }
  std::vector<float> out(bytes / dtypeSize(dtype));
  if (dtype == DType::F32) {
    if (!out.empty()) std::memcpy(out.data(), data, out.size() * sizeof(float));
    return out;
  }
  for (size_t i = 0; i < out.size(); ++i) out[i] = floatAt(i);
  return out;
}

}  // namespace gwb::model
