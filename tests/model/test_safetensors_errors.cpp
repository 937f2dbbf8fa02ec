// Broken .safetensors files, written by the test into a temp dir: each must be rejected with a
// CheckpointError whose message names the file and (where there is one) the tensor.
#include <QtTest>

#include "inference/model/ModelErrors.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/model/SafetensorsHeader.h"
#include "model/ModelTestSupport.h"

using namespace gwb::model;
using namespace gwb::model::test;

namespace {

// The error message of opening `bytes` as a file, or "" if it opened.
std::string openError(const QTemporaryDir& dir, const std::string& bytes, const char* name = "bad.safetensors") {
  const auto path = tempPath(dir, name);
  writeFile(path, bytes);
  try {
    SafetensorsFile f(path);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class TestSafetensorsErrors : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private slots:
  void missingFile() {
    const auto path = tempPath(dir_, "nope.safetensors");
    try {
      SafetensorsFile f(path);
      QFAIL("opened a missing file");
    } catch (const CheckpointError& e) {
      GWB_VERIFY_CONTAINS(e.what(), path.string());
      GWB_VERIFY_CONTAINS(e.what(), "No such file");
    }
  }

  void directoryInsteadOfFile() {
    try {
      SafetensorsFile f(std::filesystem::path(dir_.path().toStdString()));
      QFAIL("opened a directory");
    } catch (const CheckpointError& e) {
      GWB_VERIFY_CONTAINS(e.what(), "directory");
    }
  }

  void tooShortForTheLengthField() {
    const std::string msg = openError(dir_, "abc");
    GWB_VERIFY_CONTAINS(msg, "bad.safetensors");
    GWB_VERIFY_CONTAINS(msg, "too short");
    GWB_VERIFY_CONTAINS(openError(dir_, ""), "too short");
  }

  void headerLengthBeyondTheFile() {
    const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::string msg = openError(dir_, rawSafetensors(header, 8, header.size() + 1000));
    GWB_VERIFY_CONTAINS(msg, "header length");
    GWB_VERIFY_CONTAINS(msg, "truncated");
    // A length near 2^64 must not wrap around the size checks.
    GWB_VERIFY_CONTAINS(openError(dir_, rawSafetensors(header, 8, ~0ull)), "header length");
  }

  // A real file cut in half: the header is intact but tensors point past the end.
  void truncatedFile() {
    const std::string full = readFile(tinyDir() / "model.safetensors");
    const std::string msg = openError(dir_, full.substr(0, full.size() / 2));
    GWB_VERIFY_CONTAINS(msg, "tensor 'model.");
    GWB_VERIFY_CONTAINS(msg, "past the end of the data section");
    // Cut inside the header: the length field promises more than the file holds.
    GWB_VERIFY_CONTAINS(openError(dir_, full.substr(0, 100)), "header length");
  }

  void offsetsDisagreeWithShape() {
    const std::string header =
        R"({"ok":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
        R"("liar":{"dtype":"BF16","shape":[3,4],"data_offsets":[8,24]}})";
    const std::string msg = openError(dir_, rawSafetensors(header, 24));
    GWB_VERIFY_CONTAINS(msg, "tensor 'liar'");
    GWB_VERIFY_CONTAINS(msg, "[3, 4]");
    GWB_VERIFY_CONTAINS(msg, "16 bytes");
  }

  void offsetsPastTheData() {
    const std::string header = R"({"w":{"dtype":"U8","shape":[64],"data_offsets":[0,64]}})";
    const std::string msg = openError(dir_, rawSafetensors(header, 32));
    GWB_VERIFY_CONTAINS(msg, "tensor 'w'");
    GWB_VERIFY_CONTAINS(msg, "past the end");
  }

  void offsetsReversed() {
    const std::string header = R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}})";
    GWB_VERIFY_CONTAINS(openError(dir_, rawSafetensors(header, 8)), "end before they begin");
  }

  void overlappingTensors() {
    const std::string header =
        R"({"first":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
        R"("second":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})";
    const std::string msg = openError(dir_, rawSafetensors(header, 24));
    GWB_VERIFY_CONTAINS(msg, "overlaps");
    GWB_VERIFY_CONTAINS(msg, "'first'");
    GWB_VERIFY_CONTAINS(msg, "'second'");
  }

  void unknownDType() {
    const std::string header = R"({"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})";
    const std::string msg = openError(dir_, rawSafetensors(header, 4));
    GWB_VERIFY_CONTAINS(msg, "tensor 'w'");
    GWB_VERIFY_CONTAINS(msg, "unknown dtype \"F33\"");
  }

  void badShapes() {
    GWB_VERIFY_CONTAINS(
        openError(dir_, rawSafetensors(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)),
        "non-negative");
    GWB_VERIFY_CONTAINS(
        openError(dir_, rawSafetensors(R"({"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}})", 8)),
        "\"shape\" must be an array");
    // Dims whose product overflows 64 bits.
    GWB_VERIFY_CONTAINS(openError(dir_, rawSafetensors(R"({"w":{"dtype":"F32","shape":[1099511627776,)"
                                                       R"(1099511627776],"data_offsets":[0,4]}})",
                                                       4)),
                        "implausibly large");
    GWB_VERIFY_CONTAINS(openError(dir_, rawSafetensors(R"({"w":{"dtype":"F32","shape":[1]}})", 4)),
                        "missing \"data_offsets\"");
  }

  void malformedJson() {
    const std::string msg = openError(dir_, rawSafetensors(R"({"w":{"dtype":"F32",)", 4));
    GWB_VERIFY_CONTAINS(msg, "bad.safetensors");
    GWB_VERIFY_CONTAINS(msg, "not valid JSON");
    GWB_VERIFY_CONTAINS(openError(dir_, rawSafetensors("[1,2,3]", 0)), "must be a JSON object");
    GWB_VERIFY_CONTAINS(openError(dir_, rawSafetensors(R"({"__metadata__":{"format":3}})", 0)),
                        "__metadata__.format must be a string");
  }

  // Parsing straight from memory gives the same errors (the fuzz target uses this entry point).
  void parseFromMemory() {
    const std::string ok = rawSafetensors(
        R"({"__metadata__":{"format":"pt"},"b":{"dtype":"I64","shape":[1],"data_offsets":[4,12]},)"
        R"("a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}})",
        12);
    const auto h = parseSafetensorsHeader(reinterpret_cast<const std::byte*>(ok.data()), ok.size(), "mem");
    QCOMPARE(h.entries.size(), size_t{2});
    QCOMPARE(h.entries[0].name, std::string("a"));  // sorted by offset, not by name
    QCOMPARE(h.entries[1].dtype, DType::I64);
    QCOMPARE(h.metadata.at("format"), std::string("pt"));
    QCOMPARE(h.dataOffset, uint64_t{ok.size() - 12});
  }
};

QTEST_GUILESS_MAIN(TestSafetensorsErrors)
#include "test_safetensors_errors.moc"
