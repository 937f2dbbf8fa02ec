#include "inference/model/SafetensorsWriter.h"

#include <bit>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "inference/model/ModelErrors.h"
#include "inference/model/TensorView.h"

namespace gwb::model {

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

void SafetensorsWriter::addF32(const std::string& name, const std::vector<int64_t>& shape,
                               std::span<const float> data) {
  add(name, DType::F32, shape, data.data(), data.size());
}

void SafetensorsWriter::addI64(const std::string& name, const std::vector<int64_t>& shape,
                               std::span<const int64_t> data) {
  add(name, DType::I64, shape, data.data(), data.size());
}

void SafetensorsWriter::addU8(const std::string& name, const std::vector<int64_t>& shape,
                              std::span<const uint8_t> data) {
  add(name, DType::U8, shape, data.data(), data.size());
}

void SafetensorsWriter::addRaw(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                               std::span<const std::byte> bytes) {
  const size_t size = dtypeSize(dtype);
  if (bytes.size() % size != 0) {
    throw CheckpointError("safetensors writer: tensor '" + name + "' has " + std::to_string(bytes.size()) +
                          " bytes, not a multiple of its element size");
  }
  add(name, dtype, shape, bytes.data(), bytes.size() / size);
}

void SafetensorsWriter::add(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                            const void* data, size_t count) {
  if (name.empty() || name == "__metadata__") {
    throw CheckpointError("safetensors writer: invalid tensor name '" + name + "'");
  }
  for (const auto& t : tensors_) {
    if (t.name == name) throw CheckpointError("safetensors writer: tensor '" + name + "' added twice");
  }
  for (int64_t d : shape) {
    if (d < 0) throw CheckpointError("safetensors writer: tensor '" + name + "' has a negative dim");
  }
  if (numelOf(shape) != static_cast<int64_t>(count)) {
    throw CheckpointError("safetensors writer: tensor '" + name + "' has shape " + shapeToString(shape) +
                          " but " + std::to_string(count) + " values");
  }
  Pending p{name, dtype, shape, std::vector<std::byte>(count * dtypeSize(dtype))};
  if (count) std::memcpy(p.bytes.data(), data, p.bytes.size());
  tensors_.push_back(std::move(p));
}

std::vector<std::byte> SafetensorsWriter::serialize() const {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata_.empty()) header["__metadata__"] = metadata_;
  uint64_t offset = 0;
  for (const auto& t : tensors_) {
    header[t.name] = {{"dtype", dtypeName(t.dtype)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // pad so the data section starts 8-aligned

  std::vector<std::byte> out(8 + text.size() + offset);
  uint64_t n = text.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::byte>((n >> (8 * i)) & 0xff);
  std::memcpy(out.data() + 8, text.data(), text.size());
  std::byte* dst = out.data() + 8 + text.size();
  for (const auto& t : tensors_) {
    if (!t.bytes.empty()) std::memcpy(dst, t.bytes.data(), t.bytes.size());
    dst += t.bytes.size();
  }
  return out;
}

void SafetensorsWriter::write(const std::filesystem::path& path) const {
  const std::vector<std::byte> bytes = serialize();
  std::filesystem::path tmp = path;
  tmp += ".partial";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw CheckpointError("cannot create " + tmp.string());
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw CheckpointError("cannot write " + tmp.string() + " (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw CheckpointError("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
}

}  // namespace gwb::model
