#pragma once
// Helpers shared by the media tests: running the ffmpeg / sox / espeak-ng command-line tools to make
// test media in a temporary folder, and reading the reference tensors of a fixture set.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gwb::media::test {

// Path of a file in ../shared/fixtures/tiny-s1.
std::string fixturePath(const char* name);

// Runs `program args...`; returns "" on success, else a description (exit code + stderr tail).
QString runTool(const QString& program, const QStringList& args, int timeoutMs = 120000);

// Writes `bytes` to `path`; returns false on failure.
bool writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

// Minimal safetensors reader for TEST use only: 8-byte little-endian header length, JSON header,
// raw little-endian data. The product reader lives in inference/model/.
class ReferenceTensors {
public:
    explicit ReferenceTensors(const std::string& path);
    bool has(const std::string& name) const { return entries_.count(name) != 0; }
    std::vector<int64_t> shape(const std::string& name) const;
    std::string dtype(const std::string& name) const;
    std::vector<float> f32(const std::string& name) const;
    std::vector<int64_t> i64(const std::string& name) const;
    std::vector<uint8_t> u8(const std::string& name) const;

private:
    struct Entry {
        std::string dtype;
        std::vector<int64_t> shape;
        size_t begin = 0;
        size_t end = 0;
    };
    const Entry& entry(const std::string& name, const char* dtype) const;
    std::string bytes_;
    size_t dataOffset_ = 0;
    std::map<std::string, Entry> entries_;
};

} // namespace gwb::media::test
