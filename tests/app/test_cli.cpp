// Runs the real gemma-workbench-cli binary (on lavapipe under CTest) the way a user would.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "CliRunner.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "inference/model/SafetensorsFile.h"
#include "inference/model/SafetensorsWriter.h"
#include "runtime/FixtureSets.h"

namespace fs = std::filesystem;
using gwb::model::SafetensorsFile;
using gwb::model::SafetensorsWriter;

using gwb::test::CliResult;
using gwb::test::runCli;

namespace {


QString idsArgument(const gwb::model::TensorView& t) {
  QStringList ids;
  const auto* p = reinterpret_cast<const int64_t*>(t.data);
  for (int64_t i = 0; i < t.numel(); ++i) ids << QString::number(p[i]);
  return ids.join(',');
}

void copyFile(const fs::path& from, const fs::path& to) { fs::copy_file(from, to, fs::copy_options::overwrite_existing); }

// A model folder in `dir` with the fixture's config and a rewritten model.safetensors.
void writeCheckpoint(const fs::path& fixture, const fs::path& dir, const std::function<void(SafetensorsWriter&)>& body) {
  fs::create_directories(dir);
  copyFile(fixture / "config.json", dir / "config.json");
  SafetensorsWriter w;
  body(w);
  w.write(dir / "model.safetensors");
}

// Exactly one line on stderr, an "error:" line containing every one of `words`.
void expectOneErrorLine(const CliResult& r, const QStringList& words) {
  qInfo("exit %d, stderr: %s", r.exitCode, qPrintable(r.err.trimmed()));
  QVERIFY(r.exitCode != 0);
  const QStringList lines = r.err.trimmed().split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 1);
  QVERIFY(lines[0].startsWith("error: "));
  for (const QString& w : words) QVERIFY2(lines[0].contains(w, Qt::CaseInsensitive), qPrintable(w));
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private slots:
  void dumpReproducesFixtureLogits() {
    const auto sets = gwb::test::fixtureSets();
    QVERIFY(!sets.empty());
    for (const auto& dir : sets) {
      SafetensorsFile ref(dir / "reference.safetensors");
      const auto& greedy = ref.tensor("text.greedy_ids");
      QTemporaryDir tmp;
      const QString out = tmp.filePath("dump.safetensors");
      const CliResult r = runCli({"dump", QString::fromStdString(dir.string()), "--input-ids",
                                  idsArgument(ref.tensor("text.input_ids")), "--greedy",
                                  QString::number(greedy.numel()), "-o", out});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      SafetensorsFile got(out.toStdString());
      const auto want = ref.tensor("text.logits").toFloat();
      const auto have = got.tensor("logits").toFloat();
      QCOMPARE(have.size(), want.size());
      double maxRef = 0, maxDiff = 0;
      for (size_t i = 0; i < want.size(); ++i) {
        maxRef = std::max(maxRef, double(std::fabs(want[i])));
        maxDiff = std::max(maxDiff, double(std::fabs(have[i] - want[i])));
      }
      qInfo("%s: dump logits max |diff| / max |ref| = %.3e", dir.filename().c_str(), maxDiff / maxRef);
      QVERIFY(maxDiff <= 1e-4 * maxRef);
      const auto& g = got.tensor("greedy_ids");
      QCOMPARE(g.numel(), greedy.numel());
      QVERIFY(std::memcmp(g.data, greedy.data, g.bytes) == 0);
    }
  }

  void brokenCheckpointsGiveOneClearError() {
    const fs::path fixture = gwb::test::fixtureSets().front();
    const SafetensorsFile good(fixture / "model.safetensors");
    QTemporaryDir tmp;
    const fs::path root = tmp.path().toStdString();
    auto dumpOf = [](const fs::path& dir) {
      return runCli({"dump", QString::fromStdString(dir.string()), "--input-ids", "2,3", "-o",
                     QString::fromStdString((dir / "out.safetensors").string())});
    };
    const auto& tensors = good.tensors();
    // A tensor every Gemma 4 text model has.
    const auto victim = std::find_if(tensors.begin(), tensors.end(), [](const auto& t) {
      return t.name.find("layers.0.mlp.down_proj.weight") != std::string::npos;
    });
    QVERIFY(victim != tensors.end());

    // Truncated file: the data ends before the header says.
    {
      const fs::path d = root / "truncated";
      fs::create_directories(d);
      copyFile(fixture / "config.json", d / "config.json");
      copyFile(fixture / "model.safetensors", d / "model.safetensors");
      fs::resize_file(d / "model.safetensors", fs::file_size(d / "model.safetensors") / 2);
      expectOneErrorLine(dumpOf(d), {"model.safetensors"});
    }
    // A header that lies about a tensor's offsets (end beyond its shape's size).
    {
      const fs::path d = root / "lying";
      fs::create_directories(d);
      copyFile(fixture / "config.json", d / "config.json");
      std::ifstream in(fixture / "model.safetensors", std::ios::binary);
      std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
      uint64_t n = 0;
      std::memcpy(&n, bytes.data(), 8);
      auto header = nlohmann::json::parse(std::string(bytes.data() + 8, n));
      header[victim->name]["data_offsets"][1] = header[victim->name]["data_offsets"][1].get<uint64_t>() + 8;
      std::string text = header.dump();
      while (text.size() % 8) text += ' ';
      const uint64_t m = text.size();
      std::ofstream o(d / "model.safetensors", std::ios::binary);
      o.write(reinterpret_cast<const char*>(&m), 8);
      o.write(text.data(), std::streamsize(m));
      o.write(bytes.data() + 8 + n, std::streamsize(bytes.size() - 8 - n));
      o.close();
      expectOneErrorLine(dumpOf(d), {QString::fromStdString(victim->name)});
    }
    // A missing tensor.
    writeCheckpoint(fixture, root / "missing", [&](SafetensorsWriter& w) {
      for (const auto& t : tensors) {
        if (t.name != victim->name) w.addRaw(t.name, t.dtype, t.shape, {t.data, t.bytes});
      }
    });
    expectOneErrorLine(dumpOf(root / "missing"), {QString::fromStdString(victim->name)});
    // A wrong shape (same bytes, rows and columns swapped).
    writeCheckpoint(fixture, root / "shape", [&](SafetensorsWriter& w) {
      for (const auto& t : tensors) {
        auto shape = t.shape;
        if (t.name == victim->name) std::swap(shape[0], shape[1]);
        w.addRaw(t.name, t.dtype, shape, {t.data, t.bytes});
      }
    });
    expectOneErrorLine(dumpOf(root / "shape"), {QString::fromStdString(victim->name)});
    // A config of another architecture.
    {
      const fs::path d = root / "llama";
      fs::create_directories(d);
      std::ofstream(d / "config.json") << R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": 64, "num_hidden_layers": 2})";
      copyFile(fixture / "model.safetensors", d / "model.safetensors");
      expectOneErrorLine(dumpOf(d), {"Llama", "Gemma 4"});
    }
    // Not a model folder at all.
    expectOneErrorLine(runCli({"dump", QString::fromStdString((root / "nothing").string()), "--input-ids", "2", "-o",
                               "x.safetensors"}),
                       {"nothing"});
  }

  void usageErrorsExitTwo() {
    QCOMPARE(runCli({"dump"}).exitCode, 2);
    QCOMPARE(runCli({"no-such-command"}).exitCode, 2);
    QCOMPARE(runCli({"dump", "x", "--input-ids", "2,abc", "-o", "y"}).exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
