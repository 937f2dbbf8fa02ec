#pragma once
// Helpers shared by the media tests: running the ffmpeg / sox / espeak-ng command-line tools to make
// test media in a temporary folder, and reading the reference tensors of a fixture set.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "inference/model/SafetensorsFile.h"

namespace gwb::media::test {

// Path of a file in ../shared/fixtures/tiny-s1.
std::string fixturePath(const char* name);

// Runs `program args...`; returns "" on success, else a description (exit code + stderr tail).
QString runTool(const QString& program, const QStringList& args, int timeoutMs = 120000);

// Writes `bytes` to `path`; returns false on failure.
bool writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

// Typed copies of the fixture's reference tensors, read with the product's SafetensorsFile.
class ReferenceTensors {
public:
    explicit ReferenceTensors(const std::string& path);
    bool has(const std::string& name) const { return file_->find(name) != nullptr; }
    std::vector<int64_t> shape(const std::string& name) const;
    std::string dtype(const std::string& name) const;
    std::vector<float> f32(const std::string& name) const;
    std::vector<int64_t> i64(const std::string& name) const;
    std::vector<uint8_t> u8(const std::string& name) const;

private:
    std::shared_ptr<const gwb::model::SafetensorsFile> file_;
};

} // namespace gwb::media::test
