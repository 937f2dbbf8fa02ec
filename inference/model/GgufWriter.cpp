#include "inference/model/GgufWriter.h"

#include <cstring>
#include <fstream>
#include <memory>

#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

class Out {
 public:
  explicit Out(std::ofstream& f) : f_(f) {}
  template <typename T>
  void put(T v) {
    f_.write(reinterpret_cast<const char*>(&v), sizeof(T));
    pos_ += sizeof(T);
  }
  void putString(const std::string& s) {
    put<uint64_t>(s.size());
    f_.write(s.data(), static_cast<std::streamsize>(s.size()));
    pos_ += s.size();
  }
  void pad(uint64_t alignment) {
    static const char zeros[64] = {};
    uint64_t n = (alignment - pos_ % alignment) % alignment;
    while (n > 0) {
      const uint64_t k = n < sizeof(zeros) ? n : sizeof(zeros);
      f_.write(zeros, static_cast<std::streamsize>(k));
      pos_ += k;
      n -= k;
    }
  }
  void putBytes(const std::byte* p, size_t n) {
    f_.write(reinterpret_cast<const char*>(p), static_cast<std::streamsize>(n));
    pos_ += n;
  }

 private:
  std::ofstream& f_;
  uint64_t pos_ = 0;
};

void putScalar(Out& o, GgufType t, int64_t i, double f, const std::string& s) {
  switch (t) {
    case GgufType::U8: o.put<uint8_t>(static_cast<uint8_t>(i)); break;
    case GgufType::I8: o.put<int8_t>(static_cast<int8_t>(i)); break;
    case GgufType::U16: o.put<uint16_t>(static_cast<uint16_t>(i)); break;
    case GgufType::I16: o.put<int16_t>(static_cast<int16_t>(i)); break;
    case GgufType::U32: o.put<uint32_t>(static_cast<uint32_t>(i)); break;
    case GgufType::I32: o.put<int32_t>(static_cast<int32_t>(i)); break;
    case GgufType::U64: o.put<uint64_t>(static_cast<uint64_t>(i)); break;
    case GgufType::I64: o.put<int64_t>(i); break;
    case GgufType::F32: o.put<float>(static_cast<float>(f)); break;
    case GgufType::F64: o.put<double>(f); break;
    case GgufType::Bool: o.put<uint8_t>(i != 0 ? 1 : 0); break;
    case GgufType::String: o.putString(s); break;
    case GgufType::Array: break;  // never an element type
  }
}

void putValue(Out& o, const GgufValue& v) {
  o.put<uint32_t>(static_cast<uint32_t>(v.type));
  if (!v.isArray()) {
    putScalar(o, v.type, v.i, v.f, v.str);
    return;
  }
  o.put<uint32_t>(static_cast<uint32_t>(v.elemType));
  o.put<uint64_t>(v.arraySize());
  static const std::string kEmpty;
  if (v.elemType == GgufType::String) {
    for (const std::string& s : v.strings) o.putString(s);
  } else if (isGgufFloatType(v.elemType)) {
    for (double f : v.floats) putScalar(o, v.elemType, 0, f, kEmpty);
  } else {
    for (int64_t i : v.ints) putScalar(o, v.elemType, i, 0.0, kEmpty);
  }
}

}  // namespace

void GgufWriter::set(const std::string& key, GgufValue value) {
  for (GgufKv& kv : kvs_) {
    if (kv.key == key) {
      kv.value = std::move(value);
      return;
    }
  }
  kvs_.push_back({key, std::move(value)});
}

uint64_t GgufWriter::alignment() const {
  for (const GgufKv& kv : kvs_) {
    if (kv.key == "general.alignment") {
      if (auto a = kv.value.asU64(); a && *a > 0 && (*a & (*a - 1)) == 0) return *a;
    }
  }
  return kGgufDefaultAlignment;
}

void GgufWriter::addTensor(const std::string& name, GgmlType type, std::vector<int64_t> ne, Fill fill) {
  for (const Pending& p : tensors_) {
    if (p.info.name == name) throw CheckpointError("GGUF writer: tensor '" + name + "' added twice");
  }
  if (ne.empty() || ne.size() > kGgufMaxDims) {
    throw CheckpointError("GGUF writer: tensor '" + name + "' must have 1 to 4 dimensions");
  }
  uint64_t rows = 1;
  for (size_t d = 0; d < ne.size(); ++d) {
    if (ne[d] <= 0) throw CheckpointError("GGUF writer: tensor '" + name + "' has a dimension <= 0");
    if (d > 0) rows *= static_cast<uint64_t>(ne[d]);
  }
  if (!rowIsWhole(type, static_cast<size_t>(ne[0]))) {
    throw CheckpointError("GGUF writer: tensor '" + name + "' has rows of " + std::to_string(ne[0]) +
                          " elements, not whole " + std::string(ggmlTypeName(type)) + " blocks of " +
                          std::to_string(blockElements(type)));
  }
  Pending p;
  p.info.name = name;
  p.info.type = type;
  p.info.ne = std::move(ne);
  p.info.bytes = rows * rowBytes(type, static_cast<size_t>(p.info.ne[0]));
  p.fill = std::move(fill);
  tensors_.push_back(std::move(p));
}

void GgufWriter::addTensorBytes(const std::string& name, GgmlType type, std::vector<int64_t> ne,
                                std::vector<std::byte> data) {
  auto shared = std::make_shared<std::vector<std::byte>>(std::move(data));
  addTensor(name, type, std::move(ne), [shared](std::byte* dst) { std::memcpy(dst, shared->data(), shared->size()); });
  if (tensors_.back().info.bytes != shared->size()) {
    const std::string msg = "GGUF writer: tensor '" + name + "' is given " + std::to_string(shared->size()) +
                            " bytes but its shape and type need " + std::to_string(tensors_.back().info.bytes);
    tensors_.pop_back();
    throw CheckpointError(msg);
  }
}

uint64_t GgufWriter::dataBytes() const {
  const uint64_t a = alignment();
  uint64_t n = 0;
  for (const Pending& p : tensors_) n += (p.info.bytes + a - 1) / a * a;
  return n;
}

void GgufWriter::write(const std::filesystem::path& path) const {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw CheckpointError("cannot write " + path.string() + " (does the folder exist and is it writable?)");
  const uint64_t a = alignment();
  Out o(f);
  o.put<uint32_t>(0x46554747u);  // "GGUF" read as a little-endian u32
  o.put<uint32_t>(3);
  o.put<uint64_t>(tensors_.size());
  o.put<uint64_t>(kvs_.size());
  for (const GgufKv& kv : kvs_) {
    o.putString(kv.key);
    putValue(o, kv.value);
  }
  uint64_t offset = 0;
  for (const Pending& p : tensors_) {
    o.putString(p.info.name);
    o.put<uint32_t>(static_cast<uint32_t>(p.info.ne.size()));
    for (int64_t d : p.info.ne) o.put<uint64_t>(static_cast<uint64_t>(d));
    o.put<uint32_t>(static_cast<uint32_t>(p.info.type));
    o.put<uint64_t>(offset);
    offset += (p.info.bytes + a - 1) / a * a;
  }
  o.pad(a);
  std::vector<std::byte> buf;
  for (const Pending& p : tensors_) {
    buf.assign(static_cast<size_t>(p.info.bytes), std::byte{0});
    p.fill(buf.data());
    o.putBytes(buf.data(), buf.size());
    o.pad(a);
  }
  f.flush();
  if (!f) throw CheckpointError("writing " + path.string() + " failed (disk full?)");
}

}  // namespace gwb::model
