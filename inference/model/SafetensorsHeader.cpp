#include "inference/model/SafetensorsHeader.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "inference/model/ModelErrors.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

namespace {

using nlohmann::json;

// No real tensor has a dim near this; it keeps every later product far from overflowing.
constexpr uint64_t kMaxDim = 1ull << 40;
constexpr size_t kMaxRank = 8;

class HeaderParser {
 public:
  HeaderParser(const std::byte* bytes, size_t size, const std::string& label)
      : bytes_(bytes), size_(size), label_(label) {}

  SafetensorsHeader parse() {
    SafetensorsHeader h;
    const uint64_t n = headerLength();
    h.dataOffset = 8 + n;
    dataSize_ = size_ - h.dataOffset;
    const json root = parseJson(n);
    for (const auto& [key, value] : root.items()) {
      if (key == "__metadata__") {
        h.metadata = parseMetadata(value);
      } else {
        h.entries.push_back(parseEntry(key, value));
      }
    }
    checkNoOverlaps(h.entries);
    return h;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw CheckpointError(label_ + ": " + what); }
  [[noreturn]] void failTensor(const std::string& name, const std::string& what) const {
    fail("tensor '" + name + "': " + what);
  }

  uint64_t headerLength() const {
    if (size_ < 8) {
      fail("file is " + std::to_string(size_) +
           " bytes, too short for a safetensors file (the 8-byte header length is missing)");
    }
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes_[i]);  // little-endian
    if (n > kMaxSafetensorsHeaderBytes) {
      fail("header length field says " + std::to_string(n) + " bytes, more than the " +
           std::to_string(kMaxSafetensorsHeaderBytes) + "-byte limit (corrupt or not a safetensors file)");
    }
    if (n > size_ - 8) {
      fail("header length field says " + std::to_string(n) + " bytes, but the file has only " +
           std::to_string(size_ - 8) + " bytes after it (truncated file?)");
    }
    if (n < 2) fail("header length " + std::to_string(n) + " is too small for a JSON object");
    return n;
  }

  json parseJson(uint64_t n) const {
    const char* begin = reinterpret_cast<const char*>(bytes_ + 8);
    json root;
    try {
      root = json::parse(begin, begin + n);
    } catch (const json::exception& e) {
      fail(std::string("header is not valid JSON: ") + e.what());
    }
    if (!root.is_object()) fail(std::string("header must be a JSON object, got ") + root.type_name());
    return root;
  }

  std::map<std::string, std::string> parseMetadata(const json& value) const {
    if (!value.is_object()) fail(std::string("__metadata__ must be an object, got ") + value.type_name());
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : value.items()) {
      if (!v.is_string()) {
        fail("__metadata__." + k + " must be a string, got " + v.type_name());
      }
      out[k] = v.get<std::string>();
    }
    return out;
  }

  SafetensorsEntry parseEntry(const std::string& name, const json& value) const {
    if (name.empty()) fail("a tensor has an empty name");
    if (!value.is_object()) failTensor(name, std::string("entry must be an object, got ") + value.type_name());
    SafetensorsEntry e;
    e.name = name;
    e.dtype = parseEntryDType(name, value);
    e.shape = parseShape(name, value);
    parseOffsets(name, value, e);

    uint64_t numel = 1;
    for (int64_t d : e.shape) numel *= static_cast<uint64_t>(d);  // dims < 2^40, rank <= 8: checked below
    uint64_t expected = 0;
    if (__builtin_mul_overflow(numel, static_cast<uint64_t>(dtypeSize(e.dtype)), &expected) ||
        expected != e.end - e.begin) {
      failTensor(name, "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] span " +
                           std::to_string(e.end - e.begin) + " bytes, but shape " + shapeToString(e.shape) +
                           " of " + std::string(dtypeName(e.dtype)) + " needs " +
                           std::to_string(numel) + " x " + std::to_string(dtypeSize(e.dtype)) + " bytes");
    }
    return e;
  }

  DType parseEntryDType(const std::string& name, const json& value) const {
    auto it = value.find("dtype");
    if (it == value.end()) failTensor(name, "missing \"dtype\"");
    if (!it->is_string()) failTensor(name, std::string("\"dtype\" must be a string, got ") + it->type_name());
    const auto& s = it->get_ref<const std::string&>();
    auto t = parseDType(s);
    if (!t) failTensor(name, "unknown dtype \"" + s + "\"");
    return *t;
  }

  std::vector<int64_t> parseShape(const std::string& name, const json& value) const {
    auto it = value.find("shape");
    if (it == value.end()) failTensor(name, "missing \"shape\"");
    if (!it->is_array()) failTensor(name, std::string("\"shape\" must be an array, got ") + it->type_name());
    if (it->size() > kMaxRank) {
      failTensor(name, "shape has " + std::to_string(it->size()) + " dims, more than " +
                           std::to_string(kMaxRank));
    }
    std::vector<int64_t> shape;
    uint64_t numel = 1;
    for (const auto& d : *it) {
      if (!d.is_number_unsigned()) {
        // dump() only primitives: dumping a deeply nested value would recurse.
        failTensor(name, "shape dims must be non-negative integers, got " +
                             (d.is_primitive() ? d.dump() : std::string(d.type_name())));
      }
      const uint64_t v = d.get<uint64_t>();
      if (v > kMaxDim) failTensor(name, "shape dim " + std::to_string(v) + " is implausibly large");
      if (__builtin_mul_overflow(numel, v, &numel) || numel > kMaxDim * 1024) {
        failTensor(name, "shape has an implausibly large element count");
      }
      shape.push_back(static_cast<int64_t>(v));
    }
    return shape;
  }

  void parseOffsets(const std::string& name, const json& value, SafetensorsEntry& e) const {
    auto it = value.find("data_offsets");
    if (it == value.end()) failTensor(name, "missing \"data_offsets\"");
    if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number_unsigned() ||
        !(*it)[1].is_number_unsigned()) {
      failTensor(name, "\"data_offsets\" must be [begin, end] with non-negative integers");
    }
    e.begin = (*it)[0].get<uint64_t>();
    e.end = (*it)[1].get<uint64_t>();
    if (e.begin > e.end) {
      failTensor(name, "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] end before they begin");
    }
    if (e.end > dataSize_) {
      failTensor(name, "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] reach past the end of the data section (" + std::to_string(dataSize_) +
                           " bytes; truncated file?)");
    }
  }

  void checkNoOverlaps(std::vector<SafetensorsEntry>& entries) const {
    std::sort(entries.begin(), entries.end(), [](const SafetensorsEntry& a, const SafetensorsEntry& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const SafetensorsEntry* prev = nullptr;
    for (const auto& e : entries) {
      if (e.begin == e.end) continue;  // empty tensors occupy no bytes
      if (prev != nullptr && e.begin < prev->end) {
        failTensor(e.name, "data [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                               ") overlaps tensor '" + prev->name + "' [" + std::to_string(prev->begin) +
                               ", " + std::to_string(prev->end) + ")");
      }
      prev = &e;
    }
  }

  const std::byte* bytes_;
  size_t size_;
  const std::string& label_;
  uint64_t dataSize_ = 0;
};

}  // namespace

SafetensorsHeader parseSafetensorsHeader(const std::byte* bytes, size_t size, const std::string& label) {
  return HeaderParser(bytes, size, label).parse();
}

}  // namespace gwb::model
