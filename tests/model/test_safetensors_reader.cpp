// SafetensorsFile on the tiny fixtures, checked against facts the Python generator wrote
// independently (reference.json, reference.safetensors), plus SafetensorsWriter round trips.
#include <QtTest>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "inference/gpu/DType.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/model/SafetensorsWriter.h"
#include "model/ModelTestSupport.h"

using namespace gwb::model;
using namespace gwb::model::test;

class TestSafetensorsReader : public QObject {
  Q_OBJECT

 private:
  nlohmann::json reference_ = nlohmann::json::parse(readFile(tinyDir() / "reference.json"));

 private slots:
  void tinyF32HeaderIsConsistent() {
    SafetensorsFile f(tinyDir() / "model.safetensors");
    QCOMPARE(f.fileSize(), reference_["files"]["model.safetensors"]["bytes"].get<size_t>());
    QCOMPARE(f.metadata().at("format"), std::string("pt"));
    QVERIFY(f.tensors().size() > 100);
    // Tensors are views in file order, packed back to back up to the end of the file.
    const std::byte* prevEnd = f.tensors().front().data;
    for (const TensorView& t : f.tensors()) {
      QCOMPARE(t.dtype, DType::F32);
      QCOMPARE(t.bytes, static_cast<size_t>(t.numel()) * 4);
      QCOMPARE(t.data, prevEnd);
      prevEnd = t.data + t.bytes;
      QCOMPARE(f.find(t.name), &t);
    }
    QVERIFY(f.find("no.such.tensor") == nullptr);
  }

  // transformers' num_parameters() counts parameters, not buffers: the 0-d clamp bounds and the
  // per-layer layer_scalar are buffers.
  void parameterCountMatchesTransformers() {
    SafetensorsFile f(tinyDir() / "model.safetensors");
    int64_t params = 0;
    for (const TensorView& t : f.tensors()) {
      const bool buffer = t.shape.empty() || t.name.find("layer_scalar") != std::string::npos;
      if (!buffer) params += t.numel();
    }
    QCOMPARE(params, reference_["model"]["num_parameters"].get<int64_t>());
  }

  void layerScalarsMatchReference() {
    SafetensorsFile f32(tinyDir() / "model.safetensors");
    SafetensorsFile bf16(tinyBf16Dir() / "model.safetensors");
    const auto& scalars = reference_["model"]["layer_scalars"];
    QVERIFY(scalars.size() > 1);
    for (size_t i = 0; i < scalars.size(); ++i) {
      const std::string name = "model.language_model.layers." + std::to_string(i) + ".layer_scalar";
      const float expected = scalars[i].get<float>();
      QCOMPARE(f32.tensor(name).shape, std::vector<int64_t>{1});
      QCOMPARE(f32.tensor(name).floatAt(0), expected);
      QCOMPARE(bf16.tensor(name).dtype, DType::BF16);
      QCOMPARE(bf16.tensor(name).floatAt(0), gwb::gpu::bf16ToF32(gwb::gpu::f32ToBf16(expected)));
    }
  }

  // clip_bounds: [input_min, input_max, output_min, output_max] of every ClippableLinear, stored
  // as 0-d tensors.
  void clipBoundsMatchReference() {
    SafetensorsFile f(tinyDir() / "model.safetensors");
    const auto& bounds = reference_["model"]["clip_bounds"];
    QVERIFY(bounds.size() > 10);
    const char* names[] = {"input_min", "input_max", "output_min", "output_max"};
    for (const auto& [module, values] : bounds.items()) {
      for (int k = 0; k < 4; ++k) {
        const TensorView& t = f.tensor(module + "." + names[k]);
        QVERIFY(t.shape.empty());
        QCOMPARE(t.numel(), int64_t{1});
        QCOMPARE(t.floatAt(0), values[k].get<float>());
      }
    }
  }

  // reference.safetensors (written by the generator) holds embed_tokens(ids) * sqrt(hidden): every
  // row must equal our read of the embedding row times 8 (exact in f32).
  void embeddingRowsMatchReferenceEmbeds() {
    SafetensorsFile model(tinyDir() / "model.safetensors");
    SafetensorsFile ref(tinyDir() / "reference.safetensors");
    const TensorView& emb = model.tensor("model.language_model.embed_tokens.weight");
    const TensorView& ids = ref.tensor("text.input_ids");
    const TensorView& embeds = ref.tensor("text.inputs_embeds");
    QCOMPARE(ids.dtype, DType::I64);
    const int64_t H = emb.shape[1];
    const float scale = std::sqrt(static_cast<float>(H));
    QCOMPARE(embeds.shape, (std::vector<int64_t>{ids.shape[0], H}));
    const std::vector<float> table = emb.toFloat();
    const std::vector<float> expected = embeds.toFloat();
    for (int64_t t = 0; t < ids.shape[0]; ++t) {
      int64_t id;
      std::memcpy(&id, ids.data + t * 8, 8);
      QVERIFY(id >= 0 && id < emb.shape[0]);
      for (int64_t d = 0; d < H; ++d) {
        QCOMPARE(table[id * H + d] * scale, expected[t * H + d]);
      }
    }
  }

  // The bf16 file holds the f32 weights rounded to bf16: every element of every tensor agrees.
  void bf16FileIsTheF32FileRounded() {
    SafetensorsFile f32(tinyDir() / "model.safetensors");
    SafetensorsFile bf16(tinyBf16Dir() / "model.safetensors");
    QCOMPARE(bf16.tensors().size(), f32.tensors().size());
    size_t checked = 0;
    for (const TensorView& t : f32.tensors()) {
      const TensorView& b = bf16.tensor(t.name);
      QCOMPARE(b.dtype, DType::BF16);
      QCOMPARE(b.shape, t.shape);
      QCOMPARE(b.bytes * 2, t.bytes);
      const std::vector<float> a = t.toFloat();
      const std::vector<float> r = b.toFloat();
      for (size_t i = 0; i < a.size(); ++i) {
        if (r[i] != gwb::gpu::bf16ToF32(gwb::gpu::f32ToBf16(a[i]))) {
          QFAIL(("element " + std::to_string(i) + " of " + t.name + " differs").c_str());
        }
      }
      checked += a.size();
    }
    QVERIFY(checked > 400000);
  }

  void writerRoundTrip() {
    QTemporaryDir dir;
    std::mt19937 rng(1234);
    std::normal_distribution<float> normal;
    std::vector<float> logits(3 * 5);
    for (float& v : logits) v = normal(rng);
    std::vector<int64_t> ids = {2, 9259, -1, static_cast<int64_t>(rng())};
    std::vector<uint8_t> mask = {1, 0, 1};
    SafetensorsWriter w;
    w.addF32("logits", {3, 5}, logits);
    w.addI64("ids", {4}, ids);
    w.addU8("mask", {3}, mask);
    w.addF32("scalar", {}, std::vector<float>{normal(rng)});
    w.setMetadata("written_by", "test");
    const auto path = tempPath(dir, "out.safetensors");
    w.write(path);

    SafetensorsFile f(path);
    QCOMPARE(f.metadata().at("written_by"), std::string("test"));
    QCOMPARE(f.tensor("logits").shape, (std::vector<int64_t>{3, 5}));
    QCOMPARE(f.tensor("logits").toFloat(), logits);
    QCOMPARE(f.tensor("ids").dtype, DType::I64);
    QVERIFY(std::memcmp(f.tensor("ids").data, ids.data(), ids.size() * 8) == 0);
    QCOMPARE(f.tensor("mask").dtype, DType::U8);
    QVERIFY(std::memcmp(f.tensor("mask").data, mask.data(), mask.size()) == 0);
    QVERIFY(f.tensor("scalar").shape.empty());
    // The data section starts 8-aligned (header padded), so f32 data can be read in place.
    QCOMPARE(reinterpret_cast<uintptr_t>(f.tensor("logits").data) % 8, uintptr_t{0});
  }

  void writerRejectsInconsistentInput() {
    SafetensorsWriter w;
    std::vector<float> v(6, 1.5f);
    QVERIFY_THROWS_EXCEPTION(CheckpointError, w.addF32("x", {4, 2}, v));
    w.addF32("x", {2, 3}, v);
    QVERIFY_THROWS_EXCEPTION(CheckpointError, w.addF32("x", {6}, v));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, w.addF32("__metadata__", {6}, v));
  }
};

QTEST_GUILESS_MAIN(TestSafetensorsReader)
#include "test_safetensors_reader.moc"
