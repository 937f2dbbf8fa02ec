#pragma once
// Shared helpers of the tests/model suites: fixture paths, whole-file reads and writes
// (TestFiles.h), checkpoint copies with tensors dropped / replaced / renamed (to make deliberately
// broken checkpoints).
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "TestFiles.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/SafetensorsWriter.h"

namespace gwb::model::test {

inline std::filesystem::path sharedDir() { return std::filesystem::path(GWB_SHARED_DIR); }
inline std::filesystem::path tinyDir() { return sharedDir() / "fixtures" / "tiny-s1"; }
inline std::filesystem::path tinyBf16Dir() { return tinyDir() / "bf16"; }
inline std::filesystem::path e2bConfig() { return sharedDir() / "configs" / "gemma-4-E2B-config" / "config.json"; }
inline std::filesystem::path e4bConfig() { return sharedDir() / "configs" / "gemma-4-E4B-config" / "config.json"; }

using gwb::test::readFile;
using gwb::test::writeFile;

// A safetensors file from a literal JSON header and `dataBytes` bytes of (random) data.
inline std::string rawSafetensors(const std::string& headerJson, size_t dataBytes, uint64_t lengthField = 0) {
  const uint64_t n = lengthField ? lengthField : headerJson.size();
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  out += headerJson;
  std::mt19937 rng(7);
  for (size_t i = 0; i < dataBytes; ++i) out.push_back(static_cast<char>(rng() & 0xff));
  return out;
}

// What to do with one tensor while copying a checkpoint.
struct TensorEdit {
  bool drop = false;
  std::optional<std::string> rename;
  std::optional<std::vector<int64_t>> shape;  // with random f32 data of that shape
  std::optional<DType> dtype;                 // reinterpret the same bytes (sizes must agree)
};

// Copies every tensor of `src` into one file `out`, applying `edit` (may return an empty edit).
inline void copyCheckpoint(const Checkpoint& src, const std::filesystem::path& out,
                           const std::function<TensorEdit(const std::string&)>& edit) {
  SafetensorsWriter w;
  std::mt19937 rng(11);
  std::normal_distribution<float> normal;
  for (const TensorView* t : src.tensors()) {
    const TensorEdit e = edit(t->name);
    if (e.drop) continue;
    const std::string name = e.rename.value_or(t->name);
    if (e.shape) {
      std::vector<float> values(static_cast<size_t>(numelOf(*e.shape)));
      for (float& v : values) v = normal(rng);
      w.addF32(name, *e.shape, values);
    } else {
      w.addRaw(name, e.dtype.value_or(t->dtype), t->shape, std::span<const std::byte>(t->data, t->bytes));
    }
  }
  w.write(out);
}

inline std::filesystem::path tempPath(const QTemporaryDir& dir, const char* name) {
  return std::filesystem::path(dir.path().toStdString()) / name;
}

// QVERIFY2 wants a C string; this keeps the message of a failed "contains" check readable.
#define GWB_VERIFY_CONTAINS(haystack, needle)                                                               \
  QVERIFY2(std::string(haystack).find(needle) != std::string::npos,                                       \
           (std::string("message \"") + std::string(haystack) + "\" does not contain \"" + (needle) + "\"") \
               .c_str())

}  // namespace gwb::model::test
