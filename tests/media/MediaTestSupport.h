#pragma once
// Helpers shared by the media tests: running the ffmpeg / sox / espeak-ng command-line tools to make
// test media in a temporary folder (ExternalTool.h), whole-file reads and writes (TestFiles.h), and
// reading the reference tensors of a fixture set.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ExternalTool.h"
#include "TestFiles.h"
#include "inference/model/SafetensorsFile.h"

namespace gwb::media::test {

// Path of a file in ../shared/fixtures/tiny-s1.
std::string fixturePath(const char* name);

using gwb::test::readFile;
using gwb::test::runFfmpeg;
using gwb::test::runTool;
using gwb::test::writeFile;

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
