// Media requests in the runtime on tiny-s1 (lavapipe): placeholder expansion against the fixture's
// image prompt, generate() with an image, every task preset end to end on image.png / audio.wav
// (random weights, so the text is gibberish: structure only, 4 new tokens), long audio cut into
// segments with progress and cancel, `run --task` with --format json/srt/vtt, subtitle files for a
// five-minute recording that validate, and clear errors for corrupt or non-audio input.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include "CliRunner.h"
#include "ExternalTool.h"
#include "TestFiles.h"
#include "media/SpeechRecording.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "GpuTestSupport.h"
#include "inference/media/ImageDecoder.h"
#include "inference/media/VisionPreprocess.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/runtime/AudioTaskRunner.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/MediaPrompt.h"
#include "inference/runtime/Session.h"
#include "inference/runtime/SpeechAnswerBudget.h"
#include "inference/runtime/TaskRunner.h"
#include "inference/runtime/Tasks.h"

using namespace gwb;
namespace fs = std::filesystem;
using Kind = text::ContentPart::Kind;

using gwb::test::CliResult;
using gwb::test::readFile;
using gwb::test::runCli;
using gwb::test::runTool;

namespace {

const fs::path kFixture = fs::path(GWB_SHARED_DIR) / "fixtures" / "tiny-s1";

// [boi, n × placeholder, eoi] must be the only media run: returns n, or -1 if the layout is off.
int mediaRun(const std::vector<int32_t>& ids, int64_t boi, int64_t placeholder, int64_t eoi) {
  const auto b = std::find(ids.begin(), ids.end(), boi);
  const auto e = std::find(ids.begin(), ids.end(), eoi);
  if (b == ids.end() || e == ids.end() || e < b) return -1;
  if (std::count(ids.begin(), ids.end(), boi) != 1 || std::count(ids.begin(), ids.end(), eoi) != 1) return -1;
  const long n = std::count(ids.begin(), ids.end(), placeholder);
  if (std::count(b + 1, e, placeholder) != n || e - b - 1 != n) return -1;
  return int(n);
}


}  // namespace

class TestMediaTasks : public QObject {
  Q_OBJECT

  std::unique_ptr<runtime::LoadedModel> model_;
  QTemporaryDir tmp_;
  fs::path longAudio_;
  gwb::test::SpeechRecording fiveMinutes_;

  // The five-minute recording (SpeechRecording.h), made once.
  const gwb::test::SpeechRecording& fiveMinutes() {
    if (fiveMinutes_.path.isEmpty() && fiveMinutes_.error.isEmpty()) {
      QDir().mkpath(tmp_.filePath("rec5"));
      fiveMinutes_ = gwb::test::makeSpeechRecording(tmp_.filePath("rec5"));
    }
    return fiveMinutes_;
  }

  runtime::TaskResult run(const std::string& task, runtime::TaskMedia media, runtime::TaskParams params = {},
                          runtime::TaskCallbacks cb = {}, const std::atomic<bool>* cancel = nullptr,
                          const fs::path& audio = {}) {
    runtime::TaskRequest req;
    req.preset = runtime::findTask(task, media);
    if (!req.preset) qFatal("no preset %s", task.c_str());
    req.params = std::move(params);
    if (media == runtime::TaskMedia::Image) {
      req.images = {(kFixture / "image.png").string()};
      req.budget = 70;  // keeps lavapipe quick; budgets themselves are checked in imagePromptMatchesFixture
    } else {
      req.audio = (audio.empty() ? kFixture / "audio.wav" : audio).string();
    }
    req.maxNewTokens = 4;
    return runtime::runTask(*model_, req, cb, cancel);
  }

 private slots:
  void initTestCase() {
    model_ = runtime::LoadedModel::load(test::testDevice(), kFixture);
    QVERIFY(tmp_.isValid());
  }

  void loadsEncoders() {
    QVERIFY(model_->checkpoint());
    QVERIFY(model_->visionEncoder());
    QVERIFY(model_->audioEncoder());
  }

  void presetsAreData() {
    const auto* ocr = runtime::findTask("ocr-markdown");
    QVERIFY(ocr);
    QCOMPARE(ocr->budget, 1120);
    QVERIFY(!ocr->thinking);
    const auto* asr = runtime::findTask("transcribe", runtime::TaskMedia::Audio);
    QVERIFY(asr && asr->perSegment && asr->media == runtime::TaskMedia::Audio);
    const std::string p = runtime::taskPrompt(*asr, {.language = "English"});
    QVERIFY(p.starts_with("Transcribe the following speech segment in English into English text."));
    QVERIFY(p.find("Only output the transcription, with no newlines.") != std::string::npos);
    QVERIFY(runtime::taskPrompt(*asr, {}).find("{language}") == std::string::npos);
    QCOMPARE(runtime::findTask("ask", runtime::TaskMedia::Audio)->name, std::string("ask-audio"));
    QVERIFY(runtime::taskPrompt(*runtime::findTask("detect"), {.prompt = "red circle"}).find("every red circle") !=
            std::string::npos);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             runtime::taskPrompt(*runtime::findTask("translate", runtime::TaskMedia::Audio), {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::taskPrompt(*runtime::findTask("ask"), {}));
  }

  // One image at budget 280: [boi, 260 × image, eoi] like the fixture's image.input_ids, rows in order.
  void imagePromptMatchesFixture() {
    const model::SafetensorsFile ref(kFixture / "reference.safetensors");
    const model::TensorView t = ref.tensor("image.input_ids");
    const auto* p = reinterpret_cast<const int64_t*>(t.data);
    const std::vector<int32_t> refIds(p, p + t.numel());
    const auto& tok = model_->config().tokens;
    const int refRun = mediaRun(refIds, tok.boi, tok.image, tok.eoi);
    QCOMPARE(refRun, 260);

    const media::ImagePatches patches = media::preprocessImage(media::decodeImageFile((kFixture / "image.png").string()), 280);
    const runtime::MediaEmbedding img = runtime::embedImage(*model_, {patches.pixelValues, patches.positionIds});
    text::Conversation conv;
    const Kind kinds[] = {Kind::Image};
    conv.messages.push_back(runtime::userMessage(kinds, "Describe this image."));
    const runtime::MediaPrompt mp = runtime::buildMediaPrompt(*model_, conv, std::span(&img, 1), {});
    QCOMPARE(mediaRun(mp.ids, tok.boi, tok.image, tok.eoi), refRun);
    QCOMPARE(mp.ids.front(), refIds.front());  // one <bos>
    QCOMPARE(mp.softRow.size(), mp.ids.size());
    QCOMPARE(mp.softEmbeddings.size(), size_t(260 * model_->config().text.hiddenSize));
    const size_t first = size_t(std::find(mp.ids.begin(), mp.ids.end(), tok.image) - mp.ids.begin());
    for (size_t i = 0; i < mp.ids.size(); ++i) {
      const bool soft = i >= first && i < first + 260;
      QCOMPARE(mp.softRow[i], soft ? int32_t(i - first) : -1);
    }
    // Media before the text.
    const std::vector<int32_t> after(mp.ids.begin() + long(first) + 261, mp.ids.end());
    QVERIFY(model_->tokenizer()->decode(after).find("Describe this image.") != std::string::npos);
    // A media count that does not match the placeholders is an error, not a silent misalignment.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::buildMediaPrompt(*model_, conv, {}, {}));
  }

  // Two video frames of 60 tokens: "mm:ss " + [boi, 60 × video, eoi] each, like video.input_ids.
  void videoPromptLayout() {
    const auto& tok = model_->config().tokens;
    runtime::MediaEmbedding video;
    video.kind = Kind::Video;
    video.tokens = 120;
    video.rows.assign(size_t(120 * model_->config().text.hiddenSize), 0.5f);
    video.frameTokens = {60, 60};
    video.frameSeconds = {0.0, 61.5};
    text::Conversation conv;
    const Kind kinds[] = {Kind::Video};
    conv.messages.push_back(runtime::userMessage(kinds, "What happens?"));
    const runtime::MediaPrompt mp = runtime::buildMediaPrompt(*model_, conv, std::span(&video, 1), {});
    QCOMPARE(std::count(mp.ids.begin(), mp.ids.end(), int32_t(tok.video)), 120);
    QCOMPARE(std::count(mp.ids.begin(), mp.ids.end(), int32_t(tok.boi)), 2);
    QCOMPARE(std::count(mp.ids.begin(), mp.ids.end(), int32_t(tok.eoi)), 2);
    const std::string text = model_->tokenizer()->decode(mp.ids);
    QVERIFY(text.find("00:00 <|image>") != std::string::npos);
    QVERIFY(text.find("<image|> 01:01 <|image>") != std::string::npos);
    QCOMPARE(*std::max_element(mp.softRow.begin(), mp.softRow.end()), 119);
  }

  // generate() prefills the soft rows: its first greedy token is the argmax of the spliced prefill.
  void generateWithImage() {
    const media::ImagePatches patches = media::preprocessImage(media::decodeImageFile((kFixture / "image.png").string()), 70);
    const runtime::MediaEmbedding img = runtime::embedImage(*model_, {patches.pixelValues, patches.positionIds});
    text::Conversation conv;
    const Kind kinds[] = {Kind::Image};
    conv.messages.push_back(runtime::userMessage(kinds, "What is this?"));
    runtime::MediaPrompt mp = runtime::buildMediaPrompt(*model_, conv, std::span(&img, 1), {});
    runtime::Session session(*model_, uint32_t(mp.ids.size() + 8));
    const auto spliced = session.prefillWithEmbeddings(mp.ids, mp.softEmbeddings, mp.softRow);
    session.reset();
    const auto plain = session.prefill(mp.ids);
    QVERIFY(spliced != plain);

    runtime::GenerateRequest req;
    req.promptIds = mp.ids;
    req.softEmbeddings = mp.softEmbeddings;
    req.softRow = mp.softRow;
    req.maxNewTokens = 4;
    req.ignoreStopIds = true;
    const runtime::GenerateResult r = session.generate(req);
    QCOMPARE(r.ids.size(), size_t(4));
    QCOMPARE(r.ids[0], runtime::argmax(spliced));
    test::verifyNoValidationMessages();
  }

  void imageTasks() {
    for (const char* name : {"caption", "caption-detailed", "ocr", "ocr-markdown", "detect", "point", "ask"}) {
      const std::string task = name;
      const std::string prompt = task == "ask" ? "What shape is red?" : (task == "detect" || task == "point") ? "circle" : "";
      const runtime::TaskResult r = run(name, runtime::TaskMedia::Image, {.prompt = prompt});
      qInfo("%s: %d prompt tokens, %d generated: '%s'", name, r.promptTokens, r.generatedTokens, r.text.c_str());
      QVERIFY(r.generatedTokens >= 1 && r.generatedTokens <= 4);
      QVERIFY(r.promptTokens > 60);  // 60 soft tokens at budget 70 plus the instruction
      QCOMPARE(r.imageWidth, 300);
      QCOMPARE(r.imageHeight, 200);
      const bool objects = task == "detect" || task == "point";
      QCOMPARE(r.objects.is_array(), objects);
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run("ask", runtime::TaskMedia::Image));  // no question
    test::verifyNoValidationMessages();
  }

  void audioTasks() {
    struct Case {
      const char* name;
      runtime::TaskParams params;
    };
    const Case cases[] = {
        {"transcribe", {}},
        {"transcribe", {.language = "English"}},
        {"translate", {.targetLanguage = "French"}},
        {"summarize", {}},
        {"ask", {.prompt = "Who is speaking?"}},
    };
    for (const auto& [name, params] : cases) {
      const runtime::TaskResult r = run(name, runtime::TaskMedia::Audio, params);
      qInfo("%s: %zu segments, %d generated: '%s'", name, r.segments.size(), r.generatedTokens, r.text.c_str());
      QVERIFY(r.generatedTokens >= 1 && r.generatedTokens <= 4 * int(r.segments.size()));
      QVERIFY(r.promptTokens > 60);  // up to 75 audio tokens for 3 s, fewer once silence is cut
      QVERIFY(!r.segments.empty());
      for (const auto& s : r.segments) QVERIFY(s.start >= 0 && s.end > s.start && s.end <= 3.001);
    }
    test::verifyNoValidationMessages();
  }

  // Without --max-new-tokens each segment's answer budget follows its length (SpeechAnswerBudget.h):
  // the random-weight fixture never reaches a stop token, so it decodes exactly that many tokens;
  // a model that stops earlier (another fixture set) must stay within it. Also run through
  // LoadedModel::random with a random audio tower (what `run --random-weights CONFIG --task
  // transcribe` uses): no vision tower is built for it.
  void transcribeBudgetFollowsSegmentLength() {
    const std::unique_ptr<runtime::LoadedModel> randomModel = runtime::LoadedModel::random(
        test::testDevice(), kFixture / "config.json", gpu::DType::BF16, 3, std::nullopt, {.audio = true});
    QVERIFY(randomModel->audioEncoder());
    QVERIFY(!randomModel->visionEncoder());
    QVERIFY(randomModel->randomTowerSeconds() > 0);
    for (const runtime::LoadedModel* model : {model_.get(), randomModel.get()}) {
      runtime::TaskRequest req;
      req.preset = runtime::findTask("transcribe", runtime::TaskMedia::Audio);
      req.audio = (kFixture / "audio.wav").string();
      const runtime::TaskResult r = runtime::runTask(*model, req);
      QCOMPARE(r.segments.size(), size_t(1));
      const int budget = runtime::speechAnswerBudget(r.segments[0].end - r.segments[0].start);
      qInfo("%s: %.2f s of speech, budget %d, %d generated", model->randomWeights() ? "random" : "fixture",
            r.segments[0].end - r.segments[0].start, budget, r.generatedTokens);
      QVERIFY(budget < runtime::findTask("transcribe", runtime::TaskMedia::Audio)->maxNewTokens);
      if (r.answersAtTokenLimit == 1) {
        QCOMPARE(r.generatedTokens, budget);
        QVERIFY(!r.notes.empty() && r.notes.back().find("token limit") != std::string::npos);
      } else {
        QVERIFY(r.generatedTokens < budget);
      }
      QVERIFY(r.prefillMs > 0 && r.decodeMs > 0);
    }
    test::verifyNoValidationMessages();
  }

  // 45 s of speech made here: ≥ 2 segments of ≤ 30 s, in order, one progress call each.
  void longAudioSegments() {
    longAudio_ = fs::path(tmp_.path().toStdString()) / "long.wav";
    const fs::path raw = fs::path(tmp_.path().toStdString()) / "raw.wav";
    const QString text = QStringLiteral(
        "The quick brown fox jumps over the lazy dog near the river bank. ").repeated(14);
    QCOMPARE(runTool("espeak-ng", {"-w", QString::fromStdString(raw.string()), text}), QString());
    QCOMPARE(runTool("sox", {QString::fromStdString(raw.string()), "-r", "16000", "-c", "1", "-b", "16",
                             QString::fromStdString(longAudio_.string()), "trim", "0", "45"}),
             QString());
    std::vector<size_t> seen;
    size_t count = 0;
    runtime::TaskCallbacks cb;
    cb.onSegment = [&](size_t i, size_t n, const text::TimedSegment&) {
      seen.push_back(i);
      count = n;
    };
    const runtime::TaskResult r = run("transcribe", runtime::TaskMedia::Audio, {}, cb, nullptr, longAudio_);
    qInfo("%zu segments: %s", r.segments.size(), r.text.c_str());
    QVERIFY(r.segments.size() >= 2);
    QCOMPARE(count, r.segments.size());
    QCOMPARE(seen.size(), r.segments.size());
    for (size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], i);
    double last = 0;
    for (const auto& s : r.segments) {
      qInfo("  %.2f - %.2f s", s.start, s.end);
      QVERIFY(s.start >= last - 1.0 - 1e-9 && s.end > s.start && s.end - s.start <= 30.0 + 1e-9 && s.end <= 45.0 + 1e-9);
      last = s.end;
    }
    QVERIFY(!r.cancelled);
  }

  void cancelBetweenSegments() {
    if (longAudio_.empty()) QFAIL("longAudioSegments makes the recording and must run first");
    std::atomic<bool> cancel{false};
    runtime::TaskCallbacks cb;
    cb.onSegment = [&](size_t, size_t, const text::TimedSegment&) { cancel = true; };
    const runtime::TaskResult r = run("transcribe", runtime::TaskMedia::Audio, {}, cb, &cancel, longAudio_);
    QVERIFY(r.cancelled);
    QCOMPARE(r.segments.size(), size_t(1));
  }

  // `run --task` with json / srt / vtt: the same segments and times in every format.
  void cliFormats() {
    if (longAudio_.empty()) QFAIL("longAudioSegments makes the recording and must run first");
    const QString model = QString::fromStdString(kFixture.string());
    const QString audio = QString::fromStdString(longAudio_.string());
    const QStringList common = {"run", model, "--task", "transcribe", "--audio", audio, "--max-new-tokens", "4"};
    const CliResult j = runCli(common + QStringList{"--format", "json"});
    QVERIFY2(j.exitCode == 0, qPrintable(j.err));
    QVERIFY(j.err.contains("segment 1/"));
    const auto json = nlohmann::json::parse(j.out.toStdString());
    QVERIFY(json["task"] == "transcribe");
    QVERIFY(json["segments"].is_array());
    const auto& segs = json["segments"];
    for (const auto& s : segs) QVERIFY(s["start"].is_number() && s["end"].is_number() && s["text"].is_string());

    const fs::path srtPath = fs::path(tmp_.path().toStdString()) / "out.srt";
    const CliResult s = runCli(common + QStringList{"--format", "srt", "-o", QString::fromStdString(srtPath.string())});
    QVERIFY2(s.exitCode == 0, qPrintable(s.err));
    const std::string srt = readFile(srtPath);
    const std::regex srtCue(R"((\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n)");
    const CliResult v = runCli(common + QStringList{"--format", "vtt"});
    QVERIFY2(v.exitCode == 0, qPrintable(v.err));
    const std::string vtt = v.out.toStdString();
    QVERIFY(vtt.starts_with("WEBVTT\n\n"));
    const std::regex vttCue(R"((\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})\n)");
    auto seconds = [](const std::smatch& m, int at) {
      return std::stoi(m[at]) * 3600 + std::stoi(m[at + 1]) * 60 + std::stoi(m[at + 2]) + std::stoi(m[at + 3]) / 1000.0;
    };
    size_t n = 0;
    for (auto it = std::sregex_iterator(srt.begin(), srt.end(), srtCue); it != std::sregex_iterator(); ++it, ++n) {
      QVERIFY(n < segs.size());
      QCOMPARE(std::stoul((*it)[1]), n + 1);
      QVERIFY(std::abs(seconds(*it, 2) - segs[n]["start"].get<double>()) < 0.0015);
      QVERIFY(std::abs(seconds(*it, 6) - segs[n]["end"].get<double>()) < 0.0015);
    }
    QCOMPARE(n, segs.size());
    n = 0;
    for (auto it = std::sregex_iterator(vtt.begin(), vtt.end(), vttCue); it != std::sregex_iterator(); ++it, ++n) {
      QVERIFY(n < segs.size());
      QVERIFY(std::abs(seconds(*it, 1) - segs[n]["start"].get<double>()) < 0.0015);
      QVERIFY(std::abs(seconds(*it, 5) - segs[n]["end"].get<double>()) < 0.0015);
    }
    QCOMPARE(n, segs.size());

    // Detection: JSON with the image size and pixel objects.
    const CliResult d = runCli({"run", model, "--task", "detect", "--image",
                                QString::fromStdString((kFixture / "image.png").string()), "--budget", "70",
                                "--prompt", "circle", "--max-new-tokens", "4", "--format", "json"});
    QVERIFY2(d.exitCode == 0, qPrintable(d.err));
    const auto dj = nlohmann::json::parse(d.out.toStdString());
    QVERIFY(dj["image"]["width"] == 300 && dj["image"]["height"] == 200);
    QVERIFY(dj["objects"].is_array());

    // Usage errors stop before loading anything.
    QCOMPARE(runCli({"run", model, "--task", "caption", "--image", "x.png", "--format", "srt"}).exitCode, 2);
    QCOMPARE(runCli({"run", model, "--task", "translate", "--audio", audio}).exitCode, 2);  // no target language
    QCOMPARE(runCli({"run", model, "--task", "nope", "--image", "x.png"}).exitCode, 2);
  }

  // `run --task transcribe` on a five-minute recording (SpeechRecording.h: pauses, two > 30 s
  // stretches without one, noise and a tone) as SRT and VTT: both files well-formed, cues numbered
  // in order, ordered, never overlapping (hard cuts included), within the recording, ≤ 30 s each.
  void fiveMinuteSubtitlesValidate() {
    const gwb::test::SpeechRecording& made = fiveMinutes();
    QVERIFY2(made.error.isEmpty(), qPrintable(made.error));  // espeak-ng / sox: scripts/debian-packages.txt
    const QString model = QString::fromStdString(kFixture.string());
    const QStringList common = {"run", model, "--task", "transcribe", "--audio", made.path, "--max-new-tokens", "2"};
    struct Cue {
      double start, end;
    };
    auto seconds = [](const std::smatch& m, int at) {
      return std::stoi(m[at]) * 3600 + std::stoi(m[at + 1]) * 60 + std::stoi(m[at + 2]) + std::stoi(m[at + 3]) / 1000.0;
    };
    auto validate = [&](const std::vector<Cue>& cues, const char* what) {
      QVERIFY2(cues.size() >= 10, what);  // 10 spoken pieces, two of them cut hard
      for (size_t i = 0; i < cues.size(); ++i) {
        const QString at = QString("%1 cue %2: %3 --> %4").arg(what).arg(i + 1).arg(cues[i].start).arg(cues[i].end);
        QVERIFY2(cues[i].start >= 0 && cues[i].start < cues[i].end, qPrintable(at));
        QVERIFY2(cues[i].end <= made.seconds + 0.001, qPrintable(at));
        QVERIFY2(cues[i].end - cues[i].start <= 30.0 + 1e-9, qPrintable(at));
        if (i > 0) QVERIFY2(cues[i].start >= cues[i - 1].end, qPrintable(at + " overlaps the one before"));
      }
    };

    const QString srtPath = tmp_.filePath("five.srt");
    const CliResult s = runCli(common + QStringList{"--format", "srt", "-o", srtPath});
    QVERIFY2(s.exitCode == 0, qPrintable(s.err));
    QVERIFY2(s.err.contains(QRegularExpression("segment \\d+/\\d+ \\[\\d")), qPrintable(s.err));
    const std::string srt = readFile(srtPath.toStdString());
    // The whole file is cues: number, times, one or more non-blank text lines, a blank line.
    const std::regex srtCue(R"((\d+)\n(\d\d):([0-5]\d):([0-5]\d),(\d{3}) --> (\d\d):([0-5]\d):([0-5]\d),(\d{3})\n(?:[^\n]+\n)+\n)");
    std::vector<Cue> cues;
    size_t consumed = 0;
    for (auto it = std::sregex_iterator(srt.begin(), srt.end(), srtCue); it != std::sregex_iterator(); ++it) {
      QCOMPARE(size_t(it->position()), consumed);  // nothing malformed between cues
      QCOMPARE(std::stoul((*it)[1]), cues.size() + 1);
      cues.push_back({seconds(*it, 2), seconds(*it, 6)});
      consumed += size_t(it->length());
    }
    QCOMPARE(consumed, srt.size());
    validate(cues, "srt");
    if (QTest::currentTestFailed()) return;

    const QString vttPath = tmp_.filePath("five.vtt");
    const CliResult v = runCli(common + QStringList{"--format", "vtt", "-o", vttPath});
    QVERIFY2(v.exitCode == 0, qPrintable(v.err));
    const std::string vtt = readFile(vttPath.toStdString());
    QVERIFY(vtt.starts_with("WEBVTT\n\n"));
    const std::regex vttCue(R"((\d\d+):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d\d+):([0-5]\d):([0-5]\d)\.(\d{3})\n(?:[^\n]+\n)+\n)");
    std::vector<Cue> vcues;
    consumed = 8;
    for (auto it = std::sregex_iterator(vtt.begin() + 8, vtt.end(), vttCue); it != std::sregex_iterator(); ++it) {
      QCOMPARE(size_t(it->position()) + 8, consumed);
      vcues.push_back({seconds(*it, 1), seconds(*it, 5)});
      consumed += size_t(it->length());
    }
    QCOMPARE(consumed, vtt.size());
    validate(vcues, "vtt");
    QCOMPARE(vcues.size(), cues.size());  // the same run: the same cues (greedy on the same input)
    for (size_t i = 0; i < cues.size(); ++i) QVERIFY(vcues[i].start == cues[i].start && vcues[i].end == cues[i].end);
  }

  // summarize / ask on 45 s: every segment is transcribed (not streamed), then one text-only
  // generation answers from the timed transcript, and only that answer streams.
  void summarizeAndAskCoverLongAudio() {
    if (longAudio_.empty()) QFAIL("longAudioSegments makes the recording and must run first");
    for (const auto& [name, params] : {std::pair<const char*, runtime::TaskParams>{"summarize", {}},
                                       {"ask", {.prompt = "What is said about the fox?"}}}) {
      std::string streamed;
      size_t progress = 0;
      runtime::TaskCallbacks cb;
      cb.onAnswer = [&](const std::string& piece) { streamed += piece; };
      cb.onSegment = [&](size_t, size_t, const text::TimedSegment&) { ++progress; };
      const runtime::TaskResult r = run(name, runtime::TaskMedia::Audio, params, cb, nullptr, longAudio_);
      qInfo("%s: %zu segments, %d prompt tokens, %d generated: '%s'", name, r.segments.size(), r.promptTokens,
            r.generatedTokens, r.text.c_str());
      QVERIFY(r.segments.size() >= 2);
      QCOMPARE(progress, r.segments.size());
      QVERIFY(r.segments.back().end > 30.0);  // the whole recording, not its first 30 s
      QVERIFY(r.generatedTokens <= 4 * int(r.segments.size() + 1));
      QVERIFY(r.generatedTokens >= int(r.segments.size()) + 1);  // one generation per segment, and the answer
      QCOMPARE(QString::fromStdString(streamed).trimmed().toStdString(), r.text);
      QVERIFY(!r.notes.empty() && r.notes.back().find("timed transcript") != std::string::npos);
    }
    std::vector<text::TimedSegment> segs = {{0.0, 12.5, "hello there"}, {12.5, 40.0, ""}, {3725.0, 3730.2, "bye"}};
    QCOMPARE(runtime::timedTranscript(segs), std::string("[00:00-00:12] hello there\n[1:02:05-1:02:10] bye\n"));
  }

  // Ctrl-C during `run --task transcribe --format srt -o FILE` on five minutes: the CLI stops
  // within the segment it is on, writes the cues finished so far, says so, and exits 130; a second
  // Ctrl-C exits at once.
  void ctrlCWritesFinishedSegments() {
    const gwb::test::SpeechRecording& made = fiveMinutes();
    QVERIFY2(made.error.isEmpty(), qPrintable(made.error));
    const QString model = QString::fromStdString(kFixture.string());
    for (const int sigints : {1, 2}) {
      const QString srtPath = tmp_.filePath(QString("interrupted%1.srt").arg(sigints));
      QProcess p;
      p.start(QStringLiteral(GWB_CLI_PATH), {"run", model, "--task", "transcribe", "--audio", made.path,
                                             "--max-new-tokens", "24", "--format", "srt", "-o", srtPath});
      QVERIFY(p.waitForStarted());
      QByteArray err;
      QElapsedTimer t;
      t.start();
      while (!err.contains("segment 1/") && t.elapsed() < 300000 && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        err += p.readAllStandardError();
      }
      QVERIFY2(err.contains("segment 1/"), err.constData());
      const int total = QRegularExpression("segment 1/(\\d+)").match(QString::fromUtf8(err)).captured(1).toInt();
      QVERIFY(total >= 10);
      ::kill(pid_t(p.processId()), SIGINT);
      if (sigints == 2) {  // once the first is handled (two pending SIGINTs merge into one)
        while (!err.contains("interrupted:") && p.state() == QProcess::Running) {
          p.waitForReadyRead(50);
          err += p.readAllStandardError();
        }
        ::kill(pid_t(p.processId()), SIGINT);
      }
      t.restart();
      QVERIFY(p.waitForFinished(120000));
      err += p.readAllStandardError();
      qInfo("%d Ctrl-C: exit %d after %lld ms", sigints, p.exitCode(), t.elapsed());
      QCOMPARE(p.exitStatus(), QProcess::NormalExit);
      QCOMPARE(p.exitCode(), 130);
      if (sigints == 2) {
        QVERIFY(err.contains("exiting now"));
        QVERIFY(t.elapsed() < 5000);
        continue;
      }
      QVERIFY2(err.contains("note: interrupted: the output holds the"), err.constData());
      const std::string srt = readFile(srtPath.toStdString());
      const std::regex cue(R"((\d+)\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n)");
      const auto cues = std::distance(std::sregex_iterator(srt.begin(), srt.end(), cue), std::sregex_iterator());
      qInfo("%ld of %d cues written", long(cues), total);
      QVERIFY(cues >= 1 && cues < total);
    }
  }

  // A text file named .png: exit 1, "not an image", before any generation.
  void textFileAsImage() {
    const QString text = tmp_.filePath("notes.png");
    {
      QFile f(text);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("meeting notes, not a picture\n");
    }
    const CliResult r = runCli({"run", QString::fromStdString(kFixture.string()), "--task", "caption", "--image", text,
                                "--max-new-tokens", "2"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("error: " + text + ": not an image: the file holds text"), qPrintable(r.err));
  }

  // A corrupt WAV, an empty file and a PNG given as audio: exit 1 with an "error: " line naming the file.
  void badAudioInputs() {
    const QString model = QString::fromStdString(kFixture.string());
    const QString corrupt = tmp_.filePath("corrupt.wav"), empty = tmp_.filePath("empty.wav");
    const QString png = tmp_.filePath("picture.png");
    {
      QFile f(corrupt);
      QVERIFY(f.open(QIODevice::WriteOnly));
      QByteArray bytes("RIFF\x24\x00\x00\x00WAVEfmt ", 16);
      bytes += QByteArray(200, '\x7f');  // no valid format chunk, no data
      f.write(bytes);
      QFile e(empty);
      QVERIFY(e.open(QIODevice::WriteOnly));
    }
    QVERIFY(QFile::copy(QString::fromStdString((kFixture / "image.png").string()), png));
    for (const QString& file : {corrupt, empty, png}) {
      const CliResult r = runCli({"run", model, "--task", "transcribe", "--audio", file, "--max-new-tokens", "2"});
      qInfo("%s: exit %d: %s", qPrintable(QFileInfo(file).fileName()), r.exitCode, qPrintable(r.err.trimmed().split('\n').last()));
      QVERIFY2(r.exitCode != 0 && r.exitCode != -1, qPrintable(r.err));
      QVERIFY(r.out.isEmpty());
      const QRegularExpression line("^error: [^\\n]*" + QRegularExpression::escape(QFileInfo(file).fileName()) + "[^\\n]*\\S",
                                    QRegularExpression::MultilineOption);
      QVERIFY2(r.err.contains(line), qPrintable(r.err));
    }
  }
};

QTEST_GUILESS_MAIN(TestMediaTasks)
#include "test_media_tasks.moc"
