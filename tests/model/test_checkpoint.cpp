// Checkpoint over a model folder: the single-file fixture, and sharded copies of it made by the
// test (index + shards), including broken ones (missing shard, tensor absent from its shard,
// duplicate tensors, a shard path escaping the folder).
#include <QtTest>

#include <nlohmann/json.hpp>

#include "inference/model/Checkpoint.h"
#include "inference/model/ModelErrors.h"
#include "model/ModelTestSupport.h"

using namespace gwb::model;
using namespace gwb::model::test;
namespace fs = std::filesystem;

namespace {

// Splits `src` into shards by tensor index modulo `shards`, writes them and an index into `dir`.
// Returns the index JSON, for tests that break it.
nlohmann::json writeSharded(const Checkpoint& src, const fs::path& dir, int shards) {
  std::vector<SafetensorsWriter> writers(shards);
  nlohmann::json index = {{"metadata", {{"total_size", src.totalFileBytes()}}}, {"weight_map", nlohmann::json::object()}};
  int i = 0;
  for (const TensorView* t : src.tensors()) {
    const int s = i++ % shards;
    const std::string file =
        "model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) + ".safetensors";
    writers[s].addRaw(t->name, t->dtype, t->shape, std::span<const std::byte>(t->data, t->bytes));
    index["weight_map"][t->name] = file;
  }
  for (int s = 0; s < shards; ++s) {
    writers[s].write(dir / ("model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) + ".safetensors"));
  }
  writeFile(dir / "model.safetensors.index.json", index.dump(1));
  return index;
}

std::string openError(const fs::path& path) {
  try {
    Checkpoint c(path);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class TestCheckpoint : public QObject {
  Q_OBJECT

 private slots:
  void singleFileFolder() {
    Checkpoint c(tinyDir());
    QVERIFY(!c.sharded());
    QCOMPARE(c.files().size(), size_t{1});
    QCOMPARE(c.tensorCount(), c.files()[0]->tensors().size());
    QCOMPARE(c.totalFileBytes(), static_cast<uint64_t>(fs::file_size(tinyDir() / "model.safetensors")));
    const TensorView& t = c.tensor("model.language_model.norm.weight");
    QCOMPARE(&t, c.files()[0]->find("model.language_model.norm.weight"));
    // tensors() is sorted by name.
    const auto all = c.tensors();
    for (size_t i = 1; i < all.size(); ++i) QVERIFY(all[i - 1]->name < all[i]->name);
    try {
      c.tensor("model.language_model.layers.99.mlp.up_proj.weight");
      QFAIL("found a tensor that does not exist");
    } catch (const CheckpointError& e) {
      GWB_VERIFY_CONTAINS(e.what(), "layers.99.mlp.up_proj.weight");
    }
  }

  void aSingleFileCanBeOpenedDirectly() {
    Checkpoint c(tinyBf16Dir() / "model.safetensors");
    QCOMPARE(c.tensor("model.language_model.norm.weight").dtype, DType::BF16);
  }

  void shardedCopyReadsTheSameTensors() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    Checkpoint single(tinyDir());
    writeSharded(single, d, 3);
    Checkpoint sharded(d);
    QVERIFY(sharded.sharded());
    QCOMPARE(sharded.files().size(), size_t{3});
    QCOMPARE(sharded.tensorCount(), single.tensorCount());
    for (const TensorView* t : single.tensors()) {
      const TensorView& s = sharded.tensor(t->name);
      QCOMPARE(s.shape, t->shape);
      QCOMPARE(s.toFloat(), t->toFloat());
    }
  }

  void missingShard() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    writeSharded(Checkpoint(tinyDir()), d, 2);
    fs::remove(d / "model-00002-of-00002.safetensors");
    const std::string msg = openError(d);
    GWB_VERIFY_CONTAINS(msg, "model-00002-of-00002.safetensors");
    GWB_VERIFY_CONTAINS(msg, "missing");
  }

  void tensorListedButAbsentFromItsShard() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    nlohmann::json index = writeSharded(Checkpoint(tinyDir()), d, 2);
    index["weight_map"]["model.language_model.layers.3.mlp.extra.weight"] = "model-00001-of-00002.safetensors";
    writeFile(d / "model.safetensors.index.json", index.dump());
    const std::string msg = openError(d);
    GWB_VERIFY_CONTAINS(msg, "'model.language_model.layers.3.mlp.extra.weight'");
    GWB_VERIFY_CONTAINS(msg, "does not contain it");
  }

  void tensorInTwoShards() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    Checkpoint src(tinyDir());
    writeSharded(src, d, 2);
    // Shard 2 gets a copy of a tensor that shard 1 already has.
    const TensorView& dup = *src.tensors()[0];
    Checkpoint shard2(d / "model-00002-of-00002.safetensors");
    SafetensorsWriter w;
    for (const TensorView* t : shard2.tensors()) {
      w.addRaw(t->name, t->dtype, t->shape, std::span<const std::byte>(t->data, t->bytes));
    }
    w.addRaw(dup.name, dup.dtype, dup.shape, std::span<const std::byte>(dup.data, dup.bytes));
    w.write(d / "model-00002-of-00002.safetensors");
    const std::string msg = openError(d);
    GWB_VERIFY_CONTAINS(msg, "'" + dup.name + "'");
    GWB_VERIFY_CONTAINS(msg, "appears twice");
  }

  void shardPathMustStayInTheFolder() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    writeFile(d / "model.safetensors.index.json", R"({"weight_map": {"w": "../../etc/passwd"}})");
    GWB_VERIFY_CONTAINS(openError(d), "not a plain file name");
  }

  void malformedIndex() {
    QTemporaryDir dir;
    const fs::path d = dir.path().toStdString();
    writeFile(d / "model.safetensors.index.json", R"({"weight_map": )");
    GWB_VERIFY_CONTAINS(openError(d), "not valid JSON");
    writeFile(d / "model.safetensors.index.json", R"({"metadata": {}})");
    GWB_VERIFY_CONTAINS(openError(d), "missing \"weight_map\"");
    writeFile(d / "model.safetensors.index.json", R"({"weight_map": {"w": 3}})");
    GWB_VERIFY_CONTAINS(openError(d), "weight_map[\"w\"]");
  }

  void folderWithoutWeights() {
    QTemporaryDir dir;
    const std::string msg = openError(dir.path().toStdString());
    GWB_VERIFY_CONTAINS(msg, "no model.safetensors or model.safetensors.index.json");
    GWB_VERIFY_CONTAINS(openError(fs::path(dir.path().toStdString()) / "absent"), "does not exist");
  }

  // Tensors already in memory (the random media towers): found by name without a copy; a
  // missing one is named with the label; two with one name are refused.
  void inMemoryTensors() {
    const std::vector<float> a = {0.5f, -1.25f, 3.0f, 7.5f, -0.125f, 2.0f};
    const std::vector<float> b = {9.0f, -4.0f};
    auto view = [](const std::string& name, const std::vector<float>& v, std::vector<int64_t> shape) {
      TensorView t;
      t.name = name;
      t.dtype = DType::F32;
      t.shape = std::move(shape);
      t.data = reinterpret_cast<const std::byte*>(v.data());
      t.bytes = v.size() * sizeof(float);
      return t;
    };
    const Checkpoint c({view("x.weight", a, {2, 3}), view("y.bias", b, {2})}, "test tensors");
    QCOMPARE(c.tensorCount(), size_t{2});
    QVERIFY(c.files().empty());
    const TensorView& x = c.tensor("x.weight");
    QCOMPARE(x.data, reinterpret_cast<const std::byte*>(a.data()));
    QCOMPARE(x.shape, (std::vector<int64_t>{2, 3}));
    QCOMPARE(x.toFloat(), a);
    QCOMPARE(c.tensor("y.bias").floatAt(1), -4.0f);
    QVERIFY(c.find("z") == nullptr);
    QVERIFY_THROWS_EXCEPTION(CheckpointError, c.tensor("z"));
    try {
      c.tensor("z");
    } catch (const CheckpointError& e) {
      GWB_VERIFY_CONTAINS(std::string(e.what()), "test tensors");
    }
    try {
      Checkpoint twice({view("x.weight", a, {6}), view("x.weight", b, {2})}, "test tensors");
      QFAIL("two tensors with one name were accepted");
    } catch (const CheckpointError& e) {
      GWB_VERIFY_CONTAINS(std::string(e.what()), "'x.weight' appears twice in test tensors");
    }
  }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
