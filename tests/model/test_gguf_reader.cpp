// The GGUF reader and writer together: every metadata value type (scalars and arrays) and tensors
// of several ggml types survive a write -> read round trip byte for byte, at the default and at a
// custom alignment; shapes come back in both orders (ggml ne and row-major); the name table maps
// every tiny-fixture tensor to a GGUF name and back.
#include <QtTest>

#include <random>
#include <set>

#include "ModelTestSupport.h"
#include "inference/model/GgufFile.h"
#include "inference/model/GgufGemma4Names.h"
#include "inference/model/GgufWriter.h"
#include "inference/model/ModelErrors.h"

using namespace gwb::model;

namespace {

std::vector<std::byte> randomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::byte> v(n);
  for (auto& b : v) b = std::byte(rng() & 0xff);
  return v;
}

}  // namespace

class TestGgufReader : public QObject {
  Q_OBJECT
 private slots:
  void everyValueTypeRoundTrips() {
    QTemporaryDir tmp;
    const auto path = std::filesystem::path(tmp.path().toStdString()) / "all.gguf";
    GgufWriter w;
    std::vector<std::pair<std::string, GgufValue>> values = {
        {"t.u8", GgufValue::u8(250)},
        {"t.i8", GgufValue::i8(-120)},
        {"t.u16", GgufValue::u16(65000)},
        {"t.i16", GgufValue::i16(-32000)},
        {"t.u32", GgufValue::u32(4000000000u)},
        {"t.i32", GgufValue::i32(-2000000000)},
        {"t.u64", GgufValue::u64(18000000000000000000ull)},
        {"t.i64", GgufValue::i64(-9000000000000000000ll)},
        {"t.f32", GgufValue::f32(3.25f)},
        {"t.f64", GgufValue::f64(-1.0e-300)},
        {"t.bool", GgufValue::boolean(true)},
        {"t.str", GgufValue::string("h\xC3\xA9llo \xE2\x96\x81 world")},
        {"t.empty", GgufValue::string("")},
        {"t.arr.i32", GgufValue::intArray(GgufType::I32, {1, -2, 3})},
        {"t.arr.u8", GgufValue::intArray(GgufType::U8, {0, 255})},
        {"t.arr.bool", GgufValue::intArray(GgufType::Bool, {1, 0, 1})},
        {"t.arr.u64", GgufValue::intArray(GgufType::U64, {7})},
        {"t.arr.f32", GgufValue::floatArray(GgufType::F32, {0.5, -2.0})},
        {"t.arr.f64", GgufValue::floatArray(GgufType::F64, {1e-300})},
        {"t.arr.str", GgufValue::stringArray({"a", "", "\xE2\x96\x81" "b c"})},
        {"t.arr.emptylist", GgufValue::intArray(GgufType::I16, {})},
    };
    for (const auto& [k, v] : values) w.set(k, v);
    w.addTensorBytes("f32", GgmlType::F32, {3, 2}, randomBytes(24, 1));
    w.addTensorBytes("bf16", GgmlType::BF16, {5}, randomBytes(10, 2));
    w.addTensorBytes("q8", GgmlType::Q8_0, {64, 3}, randomBytes(34 * 2 * 3, 3));
    w.addTensorBytes("q4k", GgmlType::Q4_K, {256, 1, 2}, randomBytes(144 * 2, 4));
    w.write(path);

    GgufFile f(path);
    QCOMPARE(f.header().version, 3u);
    QCOMPARE(f.header().kvs.size(), values.size());
    for (const auto& [k, v] : values) {
      const GgufValue* got = f.find(k);
      QVERIFY2(got != nullptr, k.c_str());
      QVERIFY2(*got == v, k.c_str());
    }
    QCOMPARE(*f.find("t.u64")->asU64(), 18000000000000000000ull);
    QVERIFY(!f.find("t.u64")->asInt());  // above INT64_MAX: not readable as a signed integer
    QCOMPARE(f.getString("t.str"), std::string("h\xC3\xA9llo \xE2\x96\x81 world"));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, f.getInt("t.str"));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, f.getInt("absent"));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, f.optStringArray("t.arr.i32"));

    QCOMPARE(f.tensors().size(), size_t(4));
    const std::pair<const char*, uint32_t> seeds[] = {{"f32", 1}, {"bf16", 2}, {"q8", 3}, {"q4k", 4}};
    for (const auto& [name, seed] : seeds) {
      const GgufTensor* t = f.findTensor(name);
      QVERIFY(t != nullptr);
      QCOMPARE(t->info->offset % 32, uint64_t(0));
      QCOMPARE(reinterpret_cast<uintptr_t>(t->data) % 32, uintptr_t(0));  // mmap is page aligned
      const auto want = randomBytes(t->info->bytes, seed);
      QVERIFY2(std::memcmp(t->data, want.data(), want.size()) == 0, name);
    }
    QCOMPARE(f.findTensor("q8")->info->ne, (std::vector<int64_t>{64, 3}));
    QCOMPARE(f.findTensor("q8")->info->shape(), (std::vector<int64_t>{3, 64}));
    QCOMPARE(f.findTensor("q4k")->info->bytes, uint64_t(288));
  }

  void customAlignment() {
    QTemporaryDir tmp;
    const auto path = std::filesystem::path(tmp.path().toStdString()) / "a.gguf";
    GgufWriter w;
    w.set("general.alignment", GgufValue::u32(64));
    w.addTensorBytes("x", GgmlType::F32, {3}, randomBytes(12, 5));
    w.addTensorBytes("y", GgmlType::F16, {7}, randomBytes(14, 6));
    w.write(path);
    GgufFile f(path);
    QCOMPARE(f.header().alignment, uint64_t(64));
    QCOMPARE(f.header().dataOffset % 64, uint64_t(0));
    QCOMPARE(f.findTensor("y")->info->offset, uint64_t(64));
    QVERIFY(std::memcmp(f.findTensor("y")->data, randomBytes(14, 6).data(), 14) == 0);
  }

  void writerRejectsBadTensors() {
    GgufWriter w;
    QVERIFY_THROWS_EXCEPTION(CheckpointError, w.addTensorBytes("q", GgmlType::Q8_0, {48}, randomBytes(51, 1)));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, w.addTensorBytes("f", GgmlType::F32, {4}, randomBytes(15, 1)));
    w.addTensorBytes("ok", GgmlType::F32, {1}, randomBytes(4, 1));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, w.addTensorBytes("ok", GgmlType::F32, {1}, randomBytes(4, 1)));
  }

  // Every tensor of the tiny fixture has a GGUF name, in the right file, and maps back to itself.
  void namesMapBothWays() {
    const Checkpoint ckpt(test::tinyDir());
    std::set<std::string> seen;
    for (const TensorView* t : ckpt.tensors()) {
      const auto g = ggufNameForHf(t->name);
      QVERIFY2(g.has_value(), t->name.c_str());
      QVERIFY2(seen.insert(g->name).second, g->name.c_str());
      const bool text = t->name.rfind("model.language_model.", 0) == 0;
      QCOMPARE(g->file == GgufFileRole::Text, text);
      const auto back = hfNameForGguf(g->name, g->file);
      QVERIFY2(back.has_value(), g->name.c_str());
      QCOMPARE(back->name, t->name);
    }
    QCOMPARE(ggufNameForHf("model.language_model.layers.3.self_attn.o_proj.weight")->name,
             std::string("blk.3.attn_output.weight"));
    QCOMPARE(hfNameForGguf("a.blk.1.conv_norm.weight", GgufFileRole::Mmproj)->name,
             std::string("model.audio_tower.layers.1.lconv1d.pre_layer_norm.weight"));
    QVERIFY(!hfNameForGguf("blk.x.attn_q.weight", GgufFileRole::Text));
    QVERIFY(!hfNameForGguf("blk.01.attn_q.weight", GgufFileRole::Text));
    QVERIFY(!hfNameForGguf("blk.1.attn_q.weight", GgufFileRole::Mmproj));
  }
};

QTEST_GUILESS_MAIN(TestGgufReader)
#include "test_gguf_reader.moc"
