#include "inference/model/GgufValue.h"

namespace gwb::model {

std::string ggufTypeName(GgufType t) {
  switch (t) {
    case GgufType::U8: return "u8";
    case GgufType::I8: return "i8";
    case GgufType::U16: return "u16";
    case GgufType::I16: return "i16";
    case GgufType::U32: return "u32";
    case GgufType::I32: return "i32";
    case GgufType::F32: return "f32";
    case GgufType::Bool: return "bool";
    case GgufType::String: return "string";
    case GgufType::Array: return "array";
    case GgufType::U64: return "u64";
    case GgufType::I64: return "i64";
    case GgufType::F64: return "f64";
  }
  return "type " + std::to_string(static_cast<uint32_t>(t));
}

bool isKnownGgufType(uint32_t t) { return t <= static_cast<uint32_t>(GgufType::F64); }

size_t ggufScalarBytes(GgufType t) {
  switch (t) {
    case GgufType::U8:
    case GgufType::I8:
    case GgufType::Bool: return 1;
    case GgufType::U16:
    case GgufType::I16: return 2;
    case GgufType::U32:
    case GgufType::I32:
    case GgufType::F32: return 4;
    case GgufType::U64:
    case GgufType::I64:
    case GgufType::F64: return 8;
    case GgufType::String:
    case GgufType::Array: return 0;
  }
  return 0;
}

bool isGgufIntegerType(GgufType t) {
  switch (t) {
    case GgufType::U8:
    case GgufType::I8:
    case GgufType::U16:
    case GgufType::I16:
    case GgufType::U32:
    case GgufType::I32:
    case GgufType::U64:
    case GgufType::I64: return true;
    default: return false;
  }
}

bool isGgufFloatType(GgufType t) { return t == GgufType::F32 || t == GgufType::F64; }

size_t GgufValue::arraySize() const {
  if (!isArray()) return 0;
  if (elemType == GgufType::String) return strings.size();
  if (isGgufFloatType(elemType)) return floats.size();
  return ints.size();
}

std::optional<int64_t> GgufValue::asInt() const {
  if (!isGgufIntegerType(type)) return std::nullopt;
  if (type == GgufType::U64 && i < 0) return std::nullopt;  // above INT64_MAX
  return i;
}

std::optional<uint64_t> GgufValue::asU64() const {
  if (!isGgufIntegerType(type)) return std::nullopt;
  if (type != GgufType::U64 && i < 0) return std::nullopt;
  return static_cast<uint64_t>(i);
}

std::optional<double> GgufValue::asDouble() const {
  if (isGgufFloatType(type)) return f;
  if (auto v = asInt()) return static_cast<double>(*v);
  return std::nullopt;
}

std::optional<bool> GgufValue::asBool() const {
  if (type != GgufType::Bool) return std::nullopt;
  return i != 0;
}

std::optional<std::string_view> GgufValue::asString() const {
  if (type != GgufType::String) return std::nullopt;
  return std::string_view(str);
}

namespace {
GgufValue intValue(GgufType t, int64_t v) {
  GgufValue g;
  g.type = t;
  g.i = v;
  return g;
}
}  // namespace

GgufValue GgufValue::u8(uint8_t v) { return intValue(GgufType::U8, v); }
GgufValue GgufValue::i8(int8_t v) { return intValue(GgufType::I8, v); }
GgufValue GgufValue::u16(uint16_t v) { return intValue(GgufType::U16, v); }
GgufValue GgufValue::i16(int16_t v) { return intValue(GgufType::I16, v); }
GgufValue GgufValue::u32(uint32_t v) { return intValue(GgufType::U32, v); }
GgufValue GgufValue::i32(int32_t v) { return intValue(GgufType::I32, v); }
GgufValue GgufValue::u64(uint64_t v) { return intValue(GgufType::U64, static_cast<int64_t>(v)); }
GgufValue GgufValue::i64(int64_t v) { return intValue(GgufType::I64, v); }
GgufValue GgufValue::boolean(bool v) { return intValue(GgufType::Bool, v ? 1 : 0); }

GgufValue GgufValue::f32(float v) {
  GgufValue g;
  g.type = GgufType::F32;
  g.f = v;
  return g;
}

GgufValue GgufValue::f64(double v) {
  GgufValue g;
  g.type = GgufType::F64;
  g.f = v;
  return g;
}

GgufValue GgufValue::string(std::string v) {
  GgufValue g;
  g.type = GgufType::String;
  g.str = std::move(v);
  return g;
}

GgufValue GgufValue::intArray(GgufType elemType, std::vector<int64_t> v) {
  GgufValue g;
  g.type = GgufType::Array;
  g.elemType = elemType;
  g.ints = std::move(v);
  return g;
}

GgufValue GgufValue::floatArray(GgufType elemType, std::vector<double> v) {
  GgufValue g;
  g.type = GgufType::Array;
  g.elemType = elemType;
  g.floats = std::move(v);
  return g;
}

GgufValue GgufValue::stringArray(std::vector<std::string> v) {
  GgufValue g;
  g.type = GgufType::Array;
  g.elemType = GgufType::String;
  g.strings = std::move(v);
  return g;
}

}  // namespace gwb::model
