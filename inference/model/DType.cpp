#include "inference/model/DType.h"

#include <array>
#include <utility>

namespace gwb::model {

namespace {

struct DTypeInfo {
  DType type;
  std::string_view name;
  size_t size;
};

constexpr std::array<DTypeInfo, 15> kTypes = {{
    {DType::F64, "F64", 8},
    {DType::F32, "F32", 4},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8},
    {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},
    {DType::U64, "U64", 8},
    {DType::U32, "U32", 4},
    {DType::U16, "U16", 2},
    {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
    {DType::F8E4M3, "F8_E4M3", 1},
    {DType::F8E5M2, "F8_E5M2", 1},
}};

const DTypeInfo& info(DType t) {
  for (const auto& i : kTypes) {
    if (i.type == t) return i;
  }
  return kTypes[0];  // unreachable: every enumerator is in the table
}

}  // namespace

size_t dtypeSize(DType t) { return info(t).size; }

std::string_view dtypeName(DType t) { return info(t).name; }

std::optional<DType> parseDType(std::string_view name) {
  for (const auto& i : kTypes) {
    if (i.name == name) return i.type;
  }
  return std::nullopt;
}

bool isFloatWeightType(DType t) { return t == DType::F32 || t == DType::F16 || t == DType::BF16; }

std::optional<gpu::DType> deviceDType(DType t) {
  switch (t) {
    case DType::F32: return gpu::DType::F32;
    case DType::F16: return gpu::DType::F16;
    case DType::BF16: return gpu::DType::BF16;
    default: return std::nullopt;
  }
}

}  // namespace gwb::model
