// Runs the real gemma-workbench-cli binary (on lavapipe under CTest) the way a user would.
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "CliRunner.h"
#include "TestFiles.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "inference/model/SafetensorsFile.h"
#include "inference/model/SafetensorsWriter.h"
#include "runtime/FixtureSets.h"

namespace fs = std::filesystem;
using gwb::model::SafetensorsFile;
using gwb::model::SafetensorsWriter;

using gwb::test::CliResult;
using gwb::test::readFile;
using gwb::test::runCli;
using gwb::test::writeFile;

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


// The sources that read each command's options (args.option / flag / ...), for the --help check.
const std::map<QString, QStringList> kCommandSources = {
    {"devices", {"DevicesCommand.cpp"}},
    {"selftest", {"SelftestCommand.cpp"}},
    {"run", {"RunCommand.cpp", "TaskCommand.cpp", "VideoTaskOptions.cpp", "ModelArgs.cpp"}},
    {"dump", {"DumpCommand.cpp", "ModelArgs.cpp", "PrefillAttentionOption.cpp"}},
    {"tokenize", {"TokenizeCommand.cpp"}},
    {"info", {"InfoCommand.cpp"}},
    {"convert", {"ConvertCommand.cpp"}},
    {"bench", {"BenchCommand.cpp", "ModelArgs.cpp", "PrefillAttentionOption.cpp"}},
    {"bench-encoders", {"BenchEncoders.cpp", "ModelArgs.cpp"}},
    {"bench-matmul", {"BenchMatmul.cpp"}},
};

// Every option the sources read, as typed: "--name", or "-o" for one-letter names.
QSet<QString> optionsReadBy(const QStringList& files) {
  static const QRegularExpression read(R"(args\.(?:option|options|flag|integer|number)\("([A-Za-z0-9-]+)\")");
  QSet<QString> out;
  for (const QString& f : files) {
    const QString text = QString::fromStdString(readFile(fs::path(GWB_CLI_SOURCE_DIR) / f.toStdString()));
    for (const auto& m : read.globalMatch(text)) out << (m.captured(1).size() == 1 ? "-" : "--") + m.captured(1);
  }
  return out;
}

// Every option a help text names ("--name" or "-o", not the hyphens inside words).
QSet<QString> optionsNamedIn(const QString& help) {
  static const QRegularExpression named(R"((?<![\w-])(--[a-z][a-z0-9-]*|-[a-z](?![\w-])))");
  QSet<QString> out;
  for (const auto& m : named.globalMatch(help)) out << m.captured(1);
  return out;
}

#ifdef GWB_HAS_MEDIA
uint32_t crc32Of(const std::string& bytes) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

std::string be32(uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

// One PNG chunk with its length and CRC.
std::string pngChunk(const std::string& type, const std::string& data) {
  return be32(uint32_t(data.size())) + type + data + be32(crc32Of(type + data));
}

const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);

// A PNG whose IHDR says width×height (8-bit RGB) followed by `idat` as image data.
std::string pngWithHeader(uint32_t width, uint32_t height, const std::string& idat) {
  const std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  return kPngSignature + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat) + pngChunk("IEND", "");
}

std::string garbage(size_t n) {
  std::string s(n, '\0');
  uint32_t x = 12345;
  for (char& c : s) {
    x = x * 1664525u + 1013904223u;
    c = char(x >> 24);
  }
  return s;
}

// The model loads first and reports on stderr, so the error is the last line: it must start with
// "error: ", name the file and contain every one of `words`; no other line may be an error.
void expectImageError(const CliResult& r, const QString& file, const QStringList& words) {
  qInfo("exit %d, stderr: %s", r.exitCode, qPrintable(r.err.trimmed()));
  QVERIFY(r.exitCode != 0);
  QVERIFY(r.out.trimmed().isEmpty());
  const QStringList lines = r.err.trimmed().split('\n', Qt::SkipEmptyParts);
  QVERIFY(!lines.isEmpty());
  QVERIFY2(lines.last().startsWith("error: "), qPrintable(lines.last()));
  for (qsizetype i = 0; i + 1 < lines.size(); ++i) QVERIFY2(!lines[i].contains("error", Qt::CaseInsensitive), qPrintable(lines[i]));
  QVERIFY2(lines.last().contains(file), qPrintable(file));
  for (const QString& w : words) QVERIFY2(lines.last().contains(w, Qt::CaseInsensitive), qPrintable(w));
}
#endif

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

  // `run --task caption --image X` on files that are not usable pictures: a non-zero exit and one
  // "error:" line that names the file and says what is wrong.
  void badImagesGiveOneClearError() {
#ifndef GWB_HAS_MEDIA
    QSKIP("run --task needs gwb_media (GWB_MEDIA=ON)");
#else
    const fs::path fixture = fs::path(GWB_SHARED_DIR) / "fixtures" / "tiny-s1";
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const fs::path root = tmp.path().toStdString();
    auto caption = [&](const std::string& name) {
      return runCli({"run", QString::fromStdString(fixture.string()), "--task", "caption", "--image",
                     QString::fromStdString((root / name).string()), "--max-new-tokens", "2"});
    };
    struct Case {
      std::string name, bytes;
      QStringList words;
    };
    const std::string wav = readFile(fixture / "audio.wav");
    QVERIFY(wav.size() > 44);
    // A BMP header claiming 30000 × 30000 at 24 bits, with no pixels behind it.
    std::string bmp(54, '\0');
    auto put32 = [&](size_t at, uint32_t v) {
      for (int i = 0; i < 4; ++i) bmp[at + size_t(i)] = char(v >> (8 * i));
    };
    bmp[0] = 'B';
    bmp[1] = 'M';
    bmp += garbage(64);  // a few bytes of "pixels", so the header itself is consistent
    put32(2, uint32_t(bmp.size()));
    put32(10, 54);
    put32(14, 40);
    put32(18, 30000);
    put32(22, 30000);
    bmp[26] = 1;
    bmp[28] = 24;
    const std::vector<Case> cases = {
        {"corrupt.png", kPngSignature + garbage(300), {"corrupt"}},
        {"corrupt-data.png", pngWithHeader(64, 64, garbage(200)), {"corrupt"}},
        {"empty.png", "", {"empty"}},
        // 20000x20000 is within the streaming decoder's reach, so its broken data is what is reported;
        // 40000x40000 is over the ceiling and refused from the header alone.
        {"big-broken.png", pngWithHeader(20000, 20000, garbage(64)), {"corrupt"}},
        {"huge.png", pngWithHeader(40000, 40000, garbage(64)), {"40000"}},
        {"huge.bmp", bmp, {"30000"}},
        {"sound.png", wav, {"not an image"}},
        {"notes.png", "These are my notes, not a picture.\n", {"not an image", "text"}},
    };
    for (const Case& c : cases) {
      writeFile(root / c.name, c.bytes);
      expectImageError(caption(c.name), QString::fromStdString(c.name), c.words);
    }
    // A file that does not exist.
    expectImageError(caption("missing.png"), "missing.png", {"does not exist"});
#endif
  }

  // `gemma-workbench-cli --help` lists every command and points to COMMAND --help.
  void topLevelHelpListsEveryCommand() {
    const CliResult r = runCli({"--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("COMMAND --help"));
    QSet<QString> listed;
    static const QRegularExpression row(R"(^  ([a-z][a-z-]*)\s)", QRegularExpression::MultilineOption);
    for (const auto& m : row.globalMatch(r.out)) listed << m.captured(1);
    QSet<QString> known;
    for (const auto& [name, files] : kCommandSources) known << name;
    QCOMPARE(listed, known);  // a new command needs its sources in kCommandSources
  }

  // Every command answers --help and -h with its own usage on stdout and exit 0, naming exactly the
  // options its code reads: none it does not accept (and, in media builds, none left out).
  void everyCommandHelpNamesItsOptions() {
    for (const auto& [name, files] : kCommandSources) {
      const CliResult r = runCli({name, "--help"});
      QVERIFY2(r.exitCode == 0, qPrintable(name + ": " + r.err));
      QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
      QVERIFY2(r.out.startsWith("usage: gemma-workbench-cli " + name + " "), qPrintable(r.out));
      QCOMPARE(runCli({name, "-h"}).out, r.out);
      const QSet<QString> named = optionsNamedIn(r.out), read = optionsReadBy(files);
      QVERIFY2(!named.isEmpty(), qPrintable(name));
      for (const QString& o : named) QVERIFY2(read.contains(o), qPrintable(name + " --help names " + o + ", which it does not read"));
#ifdef GWB_HAS_MEDIA
      for (const QString& o : read) QVERIFY2(named.contains(o), qPrintable(name + " reads " + o + ", which --help leaves out"));
#endif
    }
    // --help wins wherever it stands, before any model is opened.
    QCOMPARE(runCli({"run", "no-such-model", "--prompt", "hi", "--help"}).exitCode, 0);
    const auto expectListed = [](const QString& command, const QStringList& options) {
      const QSet<QString> named = optionsNamedIn(runCli({command, "--help"}).out);
      for (const QString& o : options) QVERIFY2(named.contains(o), qPrintable(command + " --help lacks " + o));
    };
    expectListed("run", {"--prompt", "--quantize", "--random-weights", "--device"});
#ifdef GWB_HAS_MEDIA
    expectListed("run", {"--task", "--image", "--audio", "--video", "--fps", "--coverage", "--format"});
    expectListed("dump", {"--image", "--frames", "--audio"});
#endif
    expectListed("bench", {"--random-weights", "--json", "--depths", "--skip-encoders"});
    expectListed("convert", {"--quantize", "-o", "--output", "--no-mmproj"});
    expectListed("tokenize", {"--text", "--file", "--with-bos", "--json"});
  }

  void usageErrorsExitTwo() {
    QCOMPARE(runCli({"dump"}).exitCode, 2);
    QCOMPARE(runCli({"no-such-command"}).exitCode, 2);
    QCOMPARE(runCli({"dump", "x", "--input-ids", "2,abc", "-o", "y"}).exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
