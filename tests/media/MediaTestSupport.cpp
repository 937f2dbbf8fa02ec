#include "MediaTestSupport.h"

#include <QProcess>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gwb::media::test {

std::string fixturePath(const char* name) {
    return std::string(GWB_SHARED_DIR) + "/fixtures/tiny-s1/" + name;
}

QString runTool(const QString& program, const QStringList& args, int timeoutMs) {
    QProcess process;
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        return program + " did not start: " + process.errorString();
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return program + " timed out";
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return program + " " + args.join(' ') + " failed with code " + QString::number(process.exitCode()) + ": " +
               QString::fromLocal8Bit(process.readAllStandardError()).right(600);
    }
    return {};
}

bool writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ReferenceTensors::ReferenceTensors(const std::string& path) : bytes_(readFile(path)) {
    if (bytes_.size() < 8) {
        throw std::runtime_error(path + ": too short for safetensors");
    }
    uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i) {
        headerLen = (headerLen << 8) | static_cast<uint8_t>(bytes_[static_cast<size_t>(i)]);
    }
    if (headerLen > bytes_.size() - 8) {
        throw std::runtime_error(path + ": header length past end of file");
    }
    dataOffset_ = 8 + headerLen;
    const auto header = nlohmann::json::parse(bytes_.substr(8, headerLen));
    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__") {
            continue;
        }
        Entry e;
        e.dtype = value.at("dtype").get<std::string>();
        e.shape = value.at("shape").get<std::vector<int64_t>>();
        const auto offsets = value.at("data_offsets").get<std::vector<size_t>>();
        e.begin = offsets.at(0);
        e.end = offsets.at(1);
        if (e.end < e.begin || dataOffset_ + e.end > bytes_.size()) {
            throw std::runtime_error(path + ": tensor " + name + " runs past end of file");
        }
        entries_[name] = e;
    }
}

const ReferenceTensors::Entry& ReferenceTensors::entry(const std::string& name, const char* dtype) const {
    const auto it = entries_.find(name);
    if (it == entries_.end()) {
        throw std::runtime_error("reference tensor missing: " + name);
    }
    if (it->second.dtype != dtype) {
        throw std::runtime_error("reference tensor " + name + " is " + it->second.dtype + ", expected " + dtype);
    }
    return it->second;
}

std::vector<int64_t> ReferenceTensors::shape(const std::string& name) const { return entries_.at(name).shape; }
std::string ReferenceTensors::dtype(const std::string& name) const { return entries_.at(name).dtype; }

template <typename T>
static std::vector<T> copyOut(const std::string& bytes, size_t offset, size_t begin, size_t end) {
    std::vector<T> out((end - begin) / sizeof(T));
    std::memcpy(out.data(), bytes.data() + offset + begin, out.size() * sizeof(T)); // little-endian host
    return out;
}

std::vector<float> ReferenceTensors::f32(const std::string& name) const {
    const Entry& e = entry(name, "F32");
    return copyOut<float>(bytes_, dataOffset_, e.begin, e.end);
}
std::vector<int64_t> ReferenceTensors::i64(const std::string& name) const {
    const Entry& e = entry(name, "I64");
    return copyOut<int64_t>(bytes_, dataOffset_, e.begin, e.end);
}
std::vector<uint8_t> ReferenceTensors::u8(const std::string& name) const {
    const Entry& e = entry(name, "U8");
    return copyOut<uint8_t>(bytes_, dataOffset_, e.begin, e.end);
}

} // namespace gwb::media::test
