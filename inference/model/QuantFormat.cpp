#include "inference/model/QuantFormat.h"

#include <array>
#include <cctype>

namespace gwb::model {

namespace {

struct TypeInfo {
  GgmlType type;
  std::string_view name;
  size_t elements;  // per block
  size_t bytes;     // per block (ggml's type_traits blck_size / type_size)
};

// Q4_0: f16 d + 16 nibble bytes; Q8_0: f16 d + 32 int8; K-quants: 256-element super-blocks.
constexpr std::array<TypeInfo, 20> kTypes = {{
    {GgmlType::F32, "F32", 1, 4},      {GgmlType::F16, "F16", 1, 2},      {GgmlType::Q4_0, "Q4_0", 32, 18},
    {GgmlType::Q4_1, "Q4_1", 32, 20},  {GgmlType::Q5_0, "Q5_0", 32, 22},  {GgmlType::Q5_1, "Q5_1", 32, 24},
    {GgmlType::Q8_0, "Q8_0", 32, 34},  {GgmlType::Q8_1, "Q8_1", 32, 36},  {GgmlType::Q2_K, "Q2_K", 256, 84},
    {GgmlType::Q3_K, "Q3_K", 256, 110}, {GgmlType::Q4_K, "Q4_K", 256, 144}, {GgmlType::Q5_K, "Q5_K", 256, 176},
    {GgmlType::Q6_K, "Q6_K", 256, 210}, {GgmlType::Q8_K, "Q8_K", 256, 292}, {GgmlType::I8, "I8", 1, 1},
    {GgmlType::I16, "I16", 1, 2},      {GgmlType::I32, "I32", 1, 4},      {GgmlType::I64, "I64", 1, 8},
    {GgmlType::F64, "F64", 1, 8},      {GgmlType::BF16, "BF16", 1, 2},
}};

const TypeInfo* infoOf(uint32_t id) {
  for (const TypeInfo& t : kTypes) {
    if (static_cast<uint32_t>(t.type) == id) return &t;
  }
  return nullptr;
}

const TypeInfo& infoOf(GgmlType t) {
  const TypeInfo* info = infoOf(static_cast<uint32_t>(t));
  // Only reachable through a cast of an unchecked number; the reader checks isKnownGgmlType first.
  return info != nullptr ? *info : kTypes[0];
}

}  // namespace

bool isKnownGgmlType(uint32_t id) { return infoOf(id) != nullptr; }
size_t blockElements(GgmlType t) { return infoOf(t).elements; }
size_t blockBytes(GgmlType t) { return infoOf(t).bytes; }
size_t rowBytes(GgmlType t, size_t n) { return n / blockElements(t) * blockBytes(t); }
std::string_view ggmlTypeName(GgmlType t) { return infoOf(t).name; }

std::optional<GgmlType> parseGgmlType(std::string_view name) {
  for (const TypeInfo& t : kTypes) {
    if (t.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i) {
      same = std::toupper(static_cast<unsigned char>(name[i])) == t.name[i];
    }
    if (same) return t.type;
  }
  return std::nullopt;
}

std::optional<gpu::DType> deviceTypeOf(GgmlType t) {
  switch (t) {
    case GgmlType::F32: return gpu::DType::F32;
    case GgmlType::F16: return gpu::DType::F16;
    case GgmlType::BF16: return gpu::DType::BF16;
    case GgmlType::Q8_0: return gpu::DType::Q8_0;
    case GgmlType::Q4_0: return gpu::DType::Q4_0;
    case GgmlType::Q4_K: return gpu::DType::Q4_K;
    case GgmlType::Q5_K: return gpu::DType::Q5_K;
    case GgmlType::Q6_K: return gpu::DType::Q6_K;
    default: return std::nullopt;
  }
}

GgmlType ggmlTypeOf(gpu::DType t) {
  switch (t) {
    case gpu::DType::F32: return GgmlType::F32;
    case gpu::DType::F16: return GgmlType::F16;
    case gpu::DType::BF16: return GgmlType::BF16;
    case gpu::DType::Q8_0: return GgmlType::Q8_0;
    case gpu::DType::Q4_0: return GgmlType::Q4_0;
    case gpu::DType::Q4_K: return GgmlType::Q4_K;
    case gpu::DType::Q5_K: return GgmlType::Q5_K;
    case gpu::DType::Q6_K: return GgmlType::Q6_K;
  }
  return GgmlType::F32;
}

}  // namespace gwb::model
