#include "MediaTestSupport.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <stdexcept>

namespace gwb::media::test {

std::string fixturePath(const char* name) {
    return std::string(GWB_SHARED_DIR) + "/fixtures/tiny-s1/" + name;
}

ReferenceTensors::ReferenceTensors(const std::string& path)
    : file_(std::make_shared<gwb::model::SafetensorsFile>(path)) {}

std::vector<int64_t> ReferenceTensors::shape(const std::string& name) const { return file_->tensor(name).shape; }
std::string ReferenceTensors::dtype(const std::string& name) const {
    return std::string(gwb::model::dtypeName(file_->tensor(name).dtype));
}

template <typename T>
static std::vector<T> copyOut(const gwb::model::TensorView& t, gwb::model::DType want) {
    if (t.dtype != want) {
        throw std::runtime_error("reference tensor " + t.name + " is " + std::string(gwb::model::dtypeName(t.dtype)));
    }
    std::vector<T> out(t.bytes / sizeof(T));
    std::memcpy(out.data(), t.data, out.size() * sizeof(T));  // little-endian host
    return out;
}

std::vector<float> ReferenceTensors::f32(const std::string& name) const {
    return copyOut<float>(file_->tensor(name), gwb::model::DType::F32);
}
std::vector<int64_t> ReferenceTensors::i64(const std::string& name) const {
    return copyOut<int64_t>(file_->tensor(name), gwb::model::DType::I64);
}
std::vector<uint8_t> ReferenceTensors::u8(const std::string& name) const {
    return copyOut<uint8_t>(file_->tensor(name), gwb::model::DType::U8);
}

} // namespace gwb::media::test
