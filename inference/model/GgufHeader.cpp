#include "inference/model/GgufHeader.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

// Reads little-endian fields from the header, failing with a message that says which field ran
// past the end of the file and at what byte.
class Cursor {
 public:
  Cursor(const std::byte* bytes, size_t size, const std::string& label) : p_(bytes), size_(size), label_(label) {}

  [[noreturn]] void fail(const std::string& what) const { throw CheckpointError(label_ + ": " + what); }

  size_t pos() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }

  void need(uint64_t n, const std::string& what) const {
    if (n > remaining()) {
      fail("file is truncated: " + what + " needs " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) +
           " but only " + std::to_string(remaining()) + " remain (re-download or re-convert the file)");
    }
  }

  template <typename T>
  T read(const std::string& what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_ + pos_, sizeof(T));  // the format is little-endian, as is every target here
    pos_ += sizeof(T);
    return v;
  }

  std::string readString(const std::string& what) {
    const uint64_t n = read<uint64_t>(what + " length");
    if (n > kGgufMaxStringBytes) {
      fail(what + " claims " + std::to_string(n) + " bytes (limit " + std::to_string(kGgufMaxStringBytes) +
           "): the file is corrupt");
    }
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p_ + pos_), static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }

 private:
  const std::byte* p_;
  size_t size_;
  size_t pos_ = 0;
  const std::string& label_;
};

GgufType readType(Cursor& c, const std::string& what) {
  const uint32_t t = c.read<uint32_t>(what + " type");
  if (!isKnownGgufType(t)) c.fail(what + " has unknown value type " + std::to_string(t));
  return static_cast<GgufType>(t);
}

// One scalar of type t (not Array) into v (scalar fields) or appended to the array vectors.
void readScalarInto(Cursor& c, GgufType t, const std::string& what, GgufValue& v, bool intoArray) {
  int64_t iv = 0;
  double fv = 0.0;
  switch (t) {
    case GgufType::U8: iv = c.read<uint8_t>(what); break;
    case GgufType::I8: iv = c.read<int8_t>(what); break;
    case GgufType::U16: iv = c.read<uint16_t>(what); break;
    case GgufType::I16: iv = c.read<int16_t>(what); break;
    case GgufType::U32: iv = c.read<uint32_t>(what); break;
    case GgufType::I32: iv = c.read<int32_t>(what); break;
    case GgufType::U64: iv = static_cast<int64_t>(c.read<uint64_t>(what)); break;
    case GgufType::I64: iv = c.read<int64_t>(what); break;
    case GgufType::F32: fv = c.read<float>(what); break;
    case GgufType::F64: fv = c.read<double>(what); break;
    case GgufType::Bool: {
      const uint8_t b = c.read<uint8_t>(what);
      if (b > 1) c.fail(what + " is a bool with value " + std::to_string(b) + " (must be 0 or 1)");
      iv = b;
      break;
    }
    case GgufType::String: {
      std::string s = c.readString(what);
      if (intoArray) {
        v.strings.push_back(std::move(s));
      } else {
        v.str = std::move(s);
      }
      return;
    }
    case GgufType::Array: c.fail(what + ": arrays of arrays are not supported");
  }
  if (intoArray) {
    if (isGgufFloatType(t)) {
      v.floats.push_back(fv);
    } else {
      v.ints.push_back(iv);
    }
  } else {
    v.i = iv;
    v.f = fv;
  }
}

GgufValue readValue(Cursor& c, const std::string& what) {
  GgufValue v;
  v.type = readType(c, what);
  if (v.type != GgufType::Array) {
    readScalarInto(c, v.type, what, v, false);
    return v;
  }
  v.elemType = readType(c, what + " element");
  if (v.elemType == GgufType::Array) c.fail(what + ": arrays of arrays are not supported");
  const uint64_t n = c.read<uint64_t>(what + " count");
  // Every element takes at least its scalar size (a string at least its 8-byte length), so a count
  // the rest of the file cannot hold is a lie; checked before anything is reserved.
  const size_t minBytes = v.elemType == GgufType::String ? 8 : ggufScalarBytes(v.elemType);
  if (n > c.remaining() / minBytes) {
    c.fail(what + " claims " + std::to_string(n) + " elements of type " + ggufTypeName(v.elemType) + ", but only " +
           std::to_string(c.remaining()) + " bytes remain in the file");
  }
  const size_t count = static_cast<size_t>(n);
  if (v.elemType == GgufType::String) {
    v.strings.reserve(count);
  } else if (isGgufFloatType(v.elemType)) {
    v.floats.reserve(count);
  } else {
    v.ints.reserve(count);
  }
  for (size_t i = 0; i < count; ++i) readScalarInto(c, v.elemType, what, v, true);
  return v;
}

uint64_t checkedMul(uint64_t a, uint64_t b, Cursor& c, const std::string& what) {
  if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a) c.fail(what + " overflows 64 bits");
  return a * b;
}

}  // namespace

std::vector<int64_t> GgufTensorInfo::shape() const { return {ne.rbegin(), ne.rend()}; }

int64_t GgufTensorInfo::numel() const {
  int64_t n = 1;
  for (int64_t d : ne) n *= d;
  return n;
}

bool hasGgufMagic(const std::byte* bytes, size_t size) {
  return size >= 4 && std::memcmp(bytes, "GGUF", 4) == 0;
}

GgufHeader parseGgufHeader(const std::byte* bytes, size_t size, const std::string& label) {
  Cursor c(bytes, size, label);
  if (size < 4) c.fail("file is " + std::to_string(size) + " bytes, too short to be a GGUF file");
  if (!hasGgufMagic(bytes, size)) c.fail("not a GGUF file (the first 4 bytes are not \"GGUF\")");
  c.read<uint32_t>("magic");

  GgufHeader h;
  h.version = c.read<uint32_t>("version");
  if (h.version != 2 && h.version != 3) {
    c.fail("GGUF version " + std::to_string(h.version) +
           " is not supported (versions 2 and 3 are; re-convert the model with a current llama.cpp)");
  }
  const uint64_t tensorCount = c.read<uint64_t>("tensor count");
  const uint64_t kvCount = c.read<uint64_t>("metadata count");
  // A key-value pair takes at least 8 (key length) + 4 (type) + 1 bytes; a tensor info at least
  // 8 + 4 + 4 + 8 bytes. Counts beyond that are corrupt fields.
  if (kvCount > c.remaining() / 13) {
    c.fail("header claims " + std::to_string(kvCount) + " metadata entries, more than the file can hold");
  }
  if (tensorCount > c.remaining() / 24) {
    c.fail("header claims " + std::to_string(tensorCount) + " tensors, more than the file can hold");
  }

  std::set<std::string, std::less<>> keys;
  h.kvs.reserve(static_cast<size_t>(kvCount));
  for (uint64_t k = 0; k < kvCount; ++k) {
    GgufKv kv;
    kv.key = c.readString("metadata key #" + std::to_string(k));
    if (kv.key.empty()) c.fail("metadata key #" + std::to_string(k) + " is empty");
    if (!keys.insert(kv.key).second) c.fail("metadata key '" + kv.key + "' appears twice");
    kv.value = readValue(c, "metadata '" + kv.key + "'");
    if (kv.key == "general.alignment") {
      const auto a = kv.value.asU64();
      if (kv.value.type != GgufType::U32 || !a || *a == 0 || (*a & (*a - 1)) != 0) {
        c.fail("general.alignment must be a u32 power of two, not " +
               (a ? std::to_string(*a) : ggufTypeName(kv.value.type)));
      }
      h.alignment = *a;
    }
    h.kvs.push_back(std::move(kv));
  }

  std::set<std::string, std::less<>> names;
  h.tensors.reserve(static_cast<size_t>(tensorCount));
  for (uint64_t t = 0; t < tensorCount; ++t) {
    GgufTensorInfo ti;
    ti.name = c.readString("tensor name #" + std::to_string(t));
    const std::string what = "tensor '" + ti.name + "'";
    if (ti.name.empty()) c.fail("tensor name #" + std::to_string(t) + " is empty");
    if (!names.insert(ti.name).second) c.fail(what + " appears twice");
    const uint32_t nDims = c.read<uint32_t>(what + " dimension count");
    if (nDims == 0 || nDims > kGgufMaxDims) {
      c.fail(what + " has " + std::to_string(nDims) + " dimensions (1 to " + std::to_string(kGgufMaxDims) +
             " are allowed)");
    }
    uint64_t numel = 1;
    for (uint32_t d = 0; d < nDims; ++d) {
      const uint64_t ne = c.read<uint64_t>(what + " dimension");
      if (ne == 0 || ne > uint64_t{1} << 40) {
        c.fail(what + " has dimension " + std::to_string(d) + " = " + std::to_string(ne) + ", which is not a real size");
      }
      numel = checkedMul(numel, ne, c, what + " element count");
      ti.ne.push_back(static_cast<int64_t>(ne));
    }
    const uint32_t type = c.read<uint32_t>(what + " type");
    if (!isKnownGgmlType(type)) {
      c.fail(what + " has ggml type " + std::to_string(type) + ", which this program does not know");
    }
    ti.type = static_cast<GgmlType>(type);
    if (!rowIsWhole(ti.type, static_cast<size_t>(ti.ne[0]))) {
      c.fail(what + " has rows of " + std::to_string(ti.ne[0]) + " elements, not a multiple of the " +
             std::string(ggmlTypeName(ti.type)) + " block size " + std::to_string(blockElements(ti.type)));
    }
    ti.bytes = checkedMul(numel / static_cast<uint64_t>(ti.ne[0]), rowBytes(ti.type, static_cast<size_t>(ti.ne[0])), c,
                          what + " byte size");
    ti.offset = c.read<uint64_t>(what + " offset");
    if (ti.offset % h.alignment != 0) {
      c.fail(what + " starts at data offset " + std::to_string(ti.offset) + ", not a multiple of the alignment " +
             std::to_string(h.alignment));
    }
    h.tensors.push_back(std::move(ti));
  }

  // The data section starts at the next multiple of the alignment.
  const uint64_t headerEnd = c.pos();
  h.dataOffset = (headerEnd + h.alignment - 1) / h.alignment * h.alignment;
  if (h.dataOffset > size) {
    if (!h.tensors.empty()) {
      c.fail("file is truncated: the data section would start at byte " + std::to_string(h.dataOffset) +
             " but the file has " + std::to_string(size) + " bytes");
    }
    h.dataOffset = size;  // a metadata-only file may end right after its header
  }
  const uint64_t dataSize = size - h.dataOffset;

  // Every tensor lies inside the data section and no two overlap.
  std::vector<const GgufTensorInfo*> byOffset;
  byOffset.reserve(h.tensors.size());
  for (const GgufTensorInfo& ti : h.tensors) {
    if (ti.offset > dataSize || ti.bytes > dataSize - ti.offset) {
      c.fail("tensor '" + ti.name + "' (" + std::to_string(ti.bytes) + " bytes at data offset " +
             std::to_string(ti.offset) + ") runs past the end of the file: the data section has " +
             std::to_string(dataSize) + " bytes (truncated download?)");
    }
    byOffset.push_back(&ti);
  }
  std::sort(byOffset.begin(), byOffset.end(),
            [](const GgufTensorInfo* a, const GgufTensorInfo* b) { return a->offset < b->offset; });
  for (size_t i = 1; i < byOffset.size(); ++i) {
    const GgufTensorInfo& prev = *byOffset[i - 1];
    if (prev.offset + prev.bytes > byOffset[i]->offset) {
      c.fail("tensors '" + prev.name + "' and '" + byOffset[i]->name + "' overlap in the data section");
    }
  }
  return h;
}

}  // namespace gwb::model
