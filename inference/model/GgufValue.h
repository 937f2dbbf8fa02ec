#pragma once
// One metadata value of a GGUF file: a scalar of one of the 12 GGUF value types, or an array of
// one of them (GGUF v3: arrays hold scalars or strings; arrays of arrays are rejected by the
// reader, as ggml does). Arrays are kept in typed vectors, not as a vector of values, because the
// tokenizer arrays hold 262k tokens and 515k merges.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gwb::model {

enum class GgufType : uint32_t {
  U8 = 0,
  I8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  U64 = 10,
  I64 = 11,
  F64 = 12,
};

// "u32", "string", "array", ...; "type N" for an unknown number.
std::string ggufTypeName(GgufType t);
bool isKnownGgufType(uint32_t t);
// Bytes of one element on disk; 0 for String and Array (variable length).
size_t ggufScalarBytes(GgufType t);
bool isGgufIntegerType(GgufType t);  // U8..I64 and Bool excluded
bool isGgufFloatType(GgufType t);    // F32, F64

struct GgufValue {
  GgufType type = GgufType::U32;
  GgufType elemType = GgufType::U32;  // Array only: the type of every element

  // Scalars: integers widened to int64 (U64 above INT64_MAX is stored as its bit pattern and
  // read back through asU64), floats to double (exact for F32), bools as 0/1, strings in str.
  int64_t i = 0;
  double f = 0.0;
  std::string str;

  // Arrays (type == Array): integer and bool elements in ints, float elements in floats, string
  // elements in strings; exactly one of them is used, by elemType.
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string> strings;

  bool isArray() const { return type == GgufType::Array; }
  size_t arraySize() const;

  // Typed reads; nullopt when the value is not of a matching kind (any integer type for asInt,
  // any integer or float for asDouble, etc.).
  std::optional<int64_t> asInt() const;
  std::optional<uint64_t> asU64() const;
  std::optional<double> asDouble() const;
  std::optional<bool> asBool() const;
  std::optional<std::string_view> asString() const;

  // Builders for the writer.
  static GgufValue u8(uint8_t v);
  static GgufValue i8(int8_t v);
  static GgufValue u16(uint16_t v);
  static GgufValue i16(int16_t v);
  static GgufValue u32(uint32_t v);
  static GgufValue i32(int32_t v);
  static GgufValue u64(uint64_t v);
  static GgufValue i64(int64_t v);
  static GgufValue f32(float v);
  static GgufValue f64(double v);
  static GgufValue boolean(bool v);
  static GgufValue string(std::string v);
  // Integer / bool arrays: elemType is the on-disk element type.
  static GgufValue intArray(GgufType elemType, std::vector<int64_t> v);
  static GgufValue floatArray(GgufType elemType, std::vector<double> v);
  static GgufValue stringArray(std::vector<std::string> v);

  bool operator==(const GgufValue&) const = default;
};

}  // namespace gwb::model
