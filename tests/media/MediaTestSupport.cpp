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
