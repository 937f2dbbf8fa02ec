// Video tasks on tiny-s1 (lavapipe; random weights, so answers are gibberish: structure only, a few
// new tokens): the prompt layout against the reference's rendering of the fixture's video case,
// the token plan against the prompt actually built (with and without the soundtrack), refusal of a
// plan over the context with a smaller setting offered, window-by-window answers with progress,
// clear errors (no soundtrack for speech-match, audio-only, corrupt, empty files) and `run --task
// describe --video` end to end. Test videos are made with the ffmpeg CLI at test time.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "CliRunner.h"
#include "ExternalTool.h"
#include "GpuTestSupport.h"
#include "TestFiles.h"
#include "inference/media/MediaError.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/MediaPrompt.h"
#include "inference/runtime/TaskRunner.h"
#include "inference/runtime/Tasks.h"
#include "inference/runtime/VideoTaskRunner.h"

using namespace gwb;
namespace fs = std::filesystem;
using Kind = text::ContentPart::Kind;
using gwb::test::CliResult;
using gwb::test::readFile;
using gwb::test::runCli;
using gwb::test::runFfmpeg;

namespace {

const fs::path kFixture = fs::path(GWB_SHARED_DIR) / "fixtures" / "tiny-s1";

}  // namespace

class TestVideoTasks : public QObject {
  Q_OBJECT

  std::unique_ptr<runtime::LoadedModel> model_;
  QTemporaryDir tmp_;
  std::string file(const char* name) const { return tmp_.filePath(name).toStdString(); }

  runtime::TaskRequest request(const char* task, const std::string& video, runtime::TaskParams params = {}) {
    runtime::TaskRequest req;
    req.preset = runtime::findTask(task, runtime::TaskMedia::Video);
    if (!req.preset) qFatal("no video preset %s", task);
    req.params = std::move(params);
    req.video = video;
    req.maxNewTokens = 2;
    return req;
  }

 private slots:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    model_ = runtime::LoadedModel::load(test::testDevice(), kFixture);
    const QString wav = QString::fromStdString((kFixture / "audio.wav").string());
    // 96×64 like the fixture's frames (60 soft tokens each at budget 70); 3 s with the fixture's speech.
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=s=96x64:r=5:d=3", "-i", wav, "-c:v", "libx264", "-pix_fmt",
                     "yuv420p", "-c:a", "aac", "-shortest", QString::fromStdString(file("talk.mp4"))}),
             QString());
    QCOMPARE(runFfmpeg({"-f", "lavfi", "-i", "testsrc=s=96x64:r=10:d=8", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                     QString::fromStdString(file("mute.mp4"))}),
             QString());
  }

  void presets() {
    for (const char* name : {"describe", "actions", "ask", "speech-match"}) {
      const runtime::TaskPreset* p = runtime::findTask(name, runtime::TaskMedia::Video);
      QVERIFY2(p && p->media == runtime::TaskMedia::Video, name);
      QCOMPARE(p->budget, 70);
    }
    QCOMPARE(runtime::findTask("ask", runtime::TaskMedia::Video)->name, std::string("ask-video"));
    QVERIFY(runtime::findTask("speech-match", runtime::TaskMedia::Video)->needsSoundtrack);
  }

  // The reference renders the video turn with one <|video|> placeholder, and the processor replaces
  // it by "00:00 <|image>" + 60 × <|video|> + "<image|> 00:01 <|image>" ... (replace_video_token);
  // the whole string is then tokenized. Our piecewise build must give the very same ids.
  // The reference's stamp (f"{int(t // 60):02d}:{int(t % 60):02d}"), used by the prompt and the plan.
  void frameTimestamps() {
    QCOMPARE(runtime::frameTimestamp(0.999), std::string("00:00"));
    QCOMPARE(runtime::frameTimestamp(61.5), std::string("01:01"));
    QCOMPARE(runtime::frameTimestamp(3600.0), std::string("60:00"));
  }

  void promptLayoutMatchesReference() {
    const nlohmann::json renderings =
        nlohmann::json::parse(readFile(kFixture.parent_path() / "templates" / "reference_renderings.json"));
    std::string rendered;
    for (const auto& c : renderings["cases"]) {
      if (c["name"] == "video" && c["enable_thinking"] == false) rendered = c["rendered"];
    }
    QVERIFY(!rendered.empty());
    std::string soft;
    for (int i = 0; i < 60; ++i) soft += "<|video|>";
    const std::string expansion = "00:00 <|image>" + soft + "<image|> 00:01 <|image>" + soft + "<image|>";
    std::string expected = rendered;
    expected.replace(expected.find("<|video|>"), 9, expansion);

    runtime::MediaEmbedding video;
    video.kind = Kind::Video;
    video.tokens = 120;
    video.rows.resize(size_t(120 * model_->config().text.hiddenSize), 0.25f);
    video.frameTokens = {60, 60};
    video.frameSeconds = {0.0, 1.0};
    text::Conversation conv;
    const Kind kinds[] = {Kind::Video};
    conv.messages.push_back(runtime::userMessage(kinds, "What happens?"));
    const runtime::MediaPrompt mp = runtime::buildMediaPrompt(*model_, conv, std::span(&video, 1), {});
    QCOMPARE(model_->tokenizer()->decode(mp.ids), expected);
    QCOMPARE(mp.ids, model_->tokenizer()->encode(expected, false));
    // The fixture's video.input_ids: per frame [2 stamp ids, BOI, 60 × video, EOI].
    const model::SafetensorsFile ref(kFixture / "reference.safetensors");
    const model::TensorView t = ref.tensor("video.input_ids");
    const auto* ids = reinterpret_cast<const int64_t*>(t.data);
    const auto& tok = model_->config().tokens;
    QCOMPARE(std::count(ids, ids + t.numel(), tok.video), std::count(mp.ids.begin(), mp.ids.end(), int32_t(tok.video)));
  }

  // The plan's count is the prompt's: with and without the soundtrack.
  void planMatchesPrompt() {
    for (const bool audio : {true, false}) {
      runtime::TaskRequest req = request("describe", file("talk.mp4"));
      req.videoOptions.withAudio = audio;
      const runtime::VideoTokenPlan plan = runtime::planVideoTask(*model_, req);
      QVERIFY2(plan.fits(), plan.problem.c_str());
      QCOMPARE(plan.framesPerWindow, size_t(3));
      QCOMPARE(plan.tokensPerFrame, size_t(60));
      QCOMPARE(plan.withAudio, audio);
      QCOMPARE(plan.audioItems, size_t(audio ? 1 : 0));
      std::vector<std::string> stages;
      runtime::TaskCallbacks cb;
      cb.onProgress = [&](const std::string& s, size_t, size_t) { stages.push_back(s); };
      const runtime::TaskResult r = runtime::runTask(*model_, req, cb);
      qInfo("%s", plan.summary().c_str());
      QCOMPARE(size_t(r.promptTokens), plan.promptTokens);
      QVERIFY(r.generatedTokens >= 1 && r.generatedTokens <= 2);
      QCOMPARE(r.imageWidth, 96);
      QVERIFY(std::count(stages.begin(), stages.end(), "frames") == 3);
      QVERIFY(std::count(stages.begin(), stages.end(), "encode") == 3);
      QCOMPARE(std::count(stages.begin(), stages.end(), "audio") > 0, audio);
    }
    // A 3 s soundtrack of 16 kHz: 75 tokens (like the fixture's audio) + 2 markers.
    QCOMPARE(runtime::planVideoTask(*model_, request("describe", file("talk.mp4"))).audioTokens, size_t(77));
  }

  void tooManyTokensIsRefusedWithASmallerSetting() {
    runtime::TaskRequest req = request("describe", file("mute.mp4"));
    req.videoOptions.fps = 10;
    req.videoOptions.maxFrames = 80;  // 80 frames × ~66 tokens > the tiny model's 4096 positions
    const runtime::VideoTokenPlan plan = runtime::planVideoTask(*model_, req);
    QVERIFY(!plan.fits());
    QVERIFY2(plan.problem.find("context holds 4096") != std::string::npos, plan.problem.c_str());
    QVERIFY2(plan.problem.find("--max-frames") != std::string::npos, plan.problem.c_str());
    QVERIFY_THROWS_EXCEPTION(runtime::VideoBudgetError, runtime::runTask(*model_, req));
    // The offered frame count fits.
    const size_t at = plan.problem.find("--max-frames ") + 13;
    req.videoOptions.maxFrames = std::stoi(plan.problem.substr(at));
    QVERIFY(runtime::planVideoTask(*model_, req).fits());
  }

  // A device too small for the KV cache: refused with the free memory named, and the offered frame
  // count fits that same device.
  void tooLittleDeviceMemoryIsRefusedWithASmallerSetting() {
    runtime::TaskRequest req = request("describe", file("mute.mp4"));
    runtime::VideoTokenPlan plan = runtime::planVideoTask(*model_, req);
    QVERIFY2(plan.fits(), plan.problem.c_str());
    QVERIFY(plan.framesPerWindow > 2);
    const uint64_t headroom = 256ull << 20;  // VideoTaskRunner.cpp's kDeviceHeadroomBytes
    const uint64_t smallDevice = headroom + plan.kvCacheBytes / 2;
    plan.freeDeviceBytes = smallDevice;
    runtime::judgeVideoPlan(plan, req.videoOptions);
    QVERIFY(!plan.fits());
    QVERIFY2(plan.problem.find("free") != std::string::npos, plan.problem.c_str());
    QVERIFY2(plan.problem.find("--max-frames ") != std::string::npos, plan.problem.c_str());
    const size_t at = plan.problem.find("--max-frames ") + 13;
    req.videoOptions.maxFrames = std::stoi(plan.problem.substr(at));
    QVERIFY(req.videoOptions.maxFrames >= 1 && size_t(req.videoOptions.maxFrames) < plan.framesPerWindow);
    runtime::VideoTokenPlan smaller = runtime::planVideoTask(*model_, req);
    smaller.freeDeviceBytes = smallDevice;
    runtime::judgeVideoPlan(smaller, req.videoOptions);
    QVERIFY2(smaller.fits(), smaller.problem.c_str());
    // Unknown free memory (0) is not judged.
    plan.freeDeviceBytes = 0;
    runtime::judgeVideoPlan(plan, req.videoOptions);
    QVERIFY(plan.fits());
  }

  // Windows: 8 s at 1 fps in windows of 3 frames → 3 answers in order, with their times.
  void windowsAnswerInOrder() {
    runtime::TaskRequest req = request("actions", file("mute.mp4"));
    req.videoOptions.maxFrames = 3;
    req.videoOptions.coverage = media::VideoCoverage::Windows;
    std::vector<size_t> seen;
    runtime::TaskCallbacks cb;
    cb.onSegment = [&](size_t i, size_t n, const text::TimedSegment&) {
      seen.push_back(i);
      QCOMPARE(n, size_t(3));
    };
    const runtime::TaskResult r = runtime::runTask(*model_, req, cb);
    QCOMPARE(seen, (std::vector<size_t>{0, 1, 2}));
    QCOMPARE(r.segments.size(), size_t(3));
    QCOMPARE(r.segments[1].start, 3.0);
    QCOMPARE(r.segments[2].end, 8.0);
    QVERIFY(r.text.starts_with("[00:00-00:03] "));
    QVERIFY(r.text.find("\n\n[00:06-00:08] ") != std::string::npos);
    QVERIFY(std::find(r.notes.begin(), r.notes.end(), "the video has no soundtrack: pictures only") != r.notes.end());
    test::verifyNoValidationMessages();
  }

  void badInputs() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::runTask(*model_, request("speech-match", file("mute.mp4"))));
    runtime::TaskRequest noAudio = request("speech-match", file("talk.mp4"));
    noAudio.videoOptions.withAudio = false;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::runTask(*model_, noAudio));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runtime::runTask(*model_, request("ask", file("mute.mp4"))));
    try {
      runtime::runTask(*model_, request("describe", (kFixture / "audio.wav").string()));
      QFAIL("an audio-only file gave an answer");
    } catch (const media::MediaError& e) {
      QVERIFY2(std::string(e.what()).find("only sound") != std::string::npos, e.what());
    }
  }

  void cliDescribeAndErrors() {
    const QString model = QString::fromStdString(kFixture.string());
    CliResult r = runCli({"run", model, "--task", "describe", "--video", QString::fromStdString(file("talk.mp4")),
                          "--max-new-tokens", "2", "--format", "json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("plan: video 3.0 s 96x64") && r.err.contains("3 frames x 60 tokens"), qPrintable(r.err));
    QVERIFY2(r.err.contains("extracting frames: 3/3"), qPrintable(r.err));
    const nlohmann::json j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["task"], "describe");
    QCOMPARE(j["segments"].size(), size_t(1));

    r = runCli({"run", model, "--task", "describe", "--video", QString::fromStdString(file("mute.mp4")), "--fps", "10",
                "--max-frames", "80"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("context holds 4096") && r.err.contains("try --max-frames"), qPrintable(r.err));

    QVERIFY(std::ofstream(file("empty.mp4")).good());
    {
      std::ofstream f(file("corrupt.mp4"), std::ios::binary);
      for (int i = 0; i < 3000; ++i) f.put(char((i * 131 + 7) % 251));
    }
    for (const char* bad : {"empty.mp4", "corrupt.mp4"}) {
      r = runCli({"run", model, "--task", "describe", "--video", QString::fromStdString(file(bad))});
      QCOMPARE(r.exitCode, 1);
      QVERIFY2(r.err.contains("\nerror: ") && r.err.contains(bad), qPrintable(r.err));
    }
    r = runCli({"run", model, "--task", "describe"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("needs --video FILE") && r.err.contains("(the default)"), qPrintable(r.err));
    r = runCli({"run", model, "--task", "describe", "--video", QString::fromStdString(file("mute.mp4")), "--coverage",
                "all"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--coverage must be whole or windows"));
  }
};

QTEST_GUILESS_MAIN(TestVideoTasks)
#include "test_video_tasks.moc"
