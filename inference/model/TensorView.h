#pragma once
// A named tensor inside a mapped checkpoint file: dtype, shape and a pointer into the mapping.
// The view never owns its bytes; it lives as long as the SafetensorsFile / Checkpoint it came from.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "inference/model/DType.h"

namespace gwb::model {

struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;      // row-major, outermost first; empty for a 0-d scalar
  const std::byte* data = nullptr;  // first byte of the tensor inside the mapping
  size_t bytes = 0;                 // == numel() * dtypeSize(dtype)

  int64_t numel() const;
  // Element i widened to float. F32, F16 and BF16 only; throws CheckpointError for other dtypes.
  float floatAt(size_t i) const;
  // Every element widened to float (a copy). F32, F16 and BF16 only.
  std::vector<float> toFloat() const;
};

// Product of the dims (1 for a scalar).
int64_t numelOf(const std::vector<int64_t>& shape);
// "[262144, 1536]"
std::string shapeToString(const std::vector<int64_t>& shape);

}  // namespace gwb::model
