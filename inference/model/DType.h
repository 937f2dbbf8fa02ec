#pragma once
// Element types of checkpoint tensors (the safetensors dtype strings), with their sizes.
// Not to be confused with gpu::DType (inference/gpu/DType.h: the f32/f16/bf16 the device stores,
// and the host-side bf16/f16 <-> f32 conversions); deviceDType() maps one to the other.
#include <cstddef>
#include <optional>
#include <string_view>

#include "inference/gpu/DType.h"

namespace gwb::model {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, Bool, F8E4M3, F8E5M2 };

// Bytes per element.
size_t dtypeSize(DType t);
// The safetensors spelling: "F32", "BF16", "BOOL", "F8_E4M3", ...
std::string_view dtypeName(DType t);
// Inverse of dtypeName; nullopt for an unknown string.
std::optional<DType> parseDType(std::string_view name);
// F32, F16 or BF16: the types the engine can upload as weights.
bool isFloatWeightType(DType t);
// The device type a weight of this dtype uploads as without conversion; nullopt for non-float types.
std::optional<gpu::DType> deviceDType(DType t);

}  // namespace gwb::model
