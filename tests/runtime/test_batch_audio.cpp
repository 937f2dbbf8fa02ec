// The audio task with its segments decoded together (TaskRequest::segmentBatch) gives exactly what
// decoding them one at a time gives: text, timed segments, the streamed pieces in order, progress
// calls, token counts; and cancel keeps the segments handed out before it. tiny-s1 on lavapipe
// with four espeak-ng utterances apart (four segments of different lengths, so different answer
// budgets: sequences leave the batch at different steps).
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "ExternalTool.h"
#include "GpuTestSupport.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/TaskRunner.h"
#include "inference/runtime/Tasks.h"

using namespace gwb;
namespace fs = std::filesystem;
using gwb::test::runTool;

namespace {

const fs::path kFixture = fs::path(GWB_SHARED_DIR) / "fixtures" / "tiny-s1";

struct Run {
  runtime::TaskResult result;
  std::vector<std::string> pieces;  // onAnswer, in order
  std::vector<std::pair<size_t, size_t>> progress;  // onSegment (index, count)
  std::vector<size_t> piecesAtProgress;             // pieces streamed by each onSegment call
};

}  // namespace

class TestBatchAudio : public QObject {
  Q_OBJECT

  std::unique_ptr<runtime::LoadedModel> model_;
  QTemporaryDir tmp_;
  fs::path audio_;
  Run greedyAlone_;  // greedy, one segment at a time (greedyBatchMatchesOneAtATime)

  Run transcribe(int segmentBatch, int maxNewTokens, std::optional<runtime::SamplingOptions> sampling,
                 size_t cancelAfter = SIZE_MAX) {
    runtime::TaskRequest req;
    req.preset = runtime::findTask("transcribe", runtime::TaskMedia::Audio);
    req.audio = audio_.string();
    req.segmentBatch = segmentBatch;
    req.maxNewTokens = maxNewTokens;
    req.sampling = sampling;
    Run run;
    std::atomic<bool> cancel{false};
    runtime::TaskCallbacks cb;
    cb.onAnswer = [&](const std::string& piece) { run.pieces.push_back(piece); };
    cb.onSegment = [&](size_t i, size_t n, const text::TimedSegment&) {
      run.progress.emplace_back(i, n);
      run.piecesAtProgress.push_back(run.pieces.size());
      if (i == cancelAfter) cancel = true;
    };
    run.result = runtime::runTask(*model_, req, cb, &cancel);
    return run;
  }

  static void compare(const Run& batched, const Run& alone) {
    QCOMPARE(batched.result.text, alone.result.text);
    QCOMPARE(batched.result.segments.size(), alone.result.segments.size());
    for (size_t i = 0; i < alone.result.segments.size(); ++i) {
      QCOMPARE(batched.result.segments[i].start, alone.result.segments[i].start);
      QCOMPARE(batched.result.segments[i].end, alone.result.segments[i].end);
      QCOMPARE(batched.result.segments[i].text, alone.result.segments[i].text);
    }
    QCOMPARE(batched.pieces, alone.pieces);
    QCOMPARE(batched.progress, alone.progress);
    QCOMPARE(batched.piecesAtProgress, alone.piecesAtProgress);
    QCOMPARE(batched.result.promptTokens, alone.result.promptTokens);
    QCOMPARE(batched.result.generatedTokens, alone.result.generatedTokens);
    QCOMPARE(batched.result.answersAtTokenLimit, alone.result.answersAtTokenLimit);
    QCOMPARE(batched.result.cancelled, alone.result.cancelled);
    QCOMPARE(batched.result.notes, alone.result.notes);
  }

 private slots:
  void initTestCase() {
    model_ = runtime::LoadedModel::load(test::testDevice(), kFixture);
    QVERIFY(tmp_.isValid());
    // Four utterances of different lengths, each followed by 1.5 s of silence: a pause of 1 s or
    // more always ends a segment (media::SegmenterOptions), so four segments of different lengths.
    const QStringList phrases = {"Hello there.", "The quick brown fox jumps over the lazy dog near the river bank.",
                                 "One two three four five six seven eight nine ten.", "Yes."};
    const QString dir = tmp_.path();
    QStringList parts;
    for (int i = 0; i < phrases.size(); ++i) {
      const QString raw = dir + QString("/raw%1.wav").arg(i), part = dir + QString("/part%1.wav").arg(i);
      QCOMPARE(runTool("espeak-ng", {"-w", raw, phrases[i]}), QString());
      QCOMPARE(runTool("sox", {raw, "-r", "16000", "-c", "1", "-b", "16", part, "pad", "0", "1.5"}), QString());
      parts << part;
    }
    audio_ = fs::path(dir.toStdString()) / "speech.wav";
    QCOMPARE(runTool("sox", parts + QStringList{QString::fromStdString(audio_.string())}), QString());
  }

  // Greedy, each segment's own answer budget (they differ with the segments' lengths).
  void greedyBatchMatchesOneAtATime() {
    greedyAlone_ = transcribe(1, 0, std::nullopt);
    const Run& alone = greedyAlone_;
    qInfo("%zu segments, %d generated, %zu pieces", alone.result.segments.size(), alone.result.generatedTokens,
          alone.pieces.size());
    QCOMPARE(alone.result.segments.size(), size_t(4));
    const Run batched = transcribe(0, 0, std::nullopt);  // the default batch (8)
    compare(batched, alone);
    const Run inThrees = transcribe(3, 0, std::nullopt);  // batches that do not divide the segments evenly
    compare(inThrees, alone);
    test::verifyNoValidationMessages();
  }

  // Sampled (each segment's sampler seeded alike), a shared token limit.
  void sampledBatchMatchesOneAtATime() {
    runtime::SamplingOptions s;
    s.temperature = 0.9f, s.topK = 40, s.topP = 0.95f, s.seed = 3;
    compare(transcribe(8, 10, s), transcribe(1, 10, s));
  }

  // Cancel from the progress call of segment k: exactly the segments up to k are kept, as
  // without batching, though later ones of the batch were decoded too.
  void cancelKeepsHandedOutSegments() {
    if (greedyAlone_.result.segments.empty()) QFAIL("greedyBatchMatchesOneAtATime must run first");
    for (size_t k : {size_t(0), size_t(1)}) {
      const Run batched = transcribe(8, 0, std::nullopt, k);
      QVERIFY(batched.result.cancelled);
      QCOMPARE(batched.result.segments.size(), k + 1);
      for (size_t i = 0; i <= k; ++i) {
        QCOMPARE(batched.result.segments[i].text, greedyAlone_.result.segments[i].text);
        QCOMPARE(batched.progress[i], greedyAlone_.progress[i]);
      }
      QCOMPARE(batched.progress.size(), k + 1);
      // Streamed: exactly the pieces of segments 0..k (nothing of a later one), in order.
      QCOMPARE(batched.pieces.size(), greedyAlone_.piecesAtProgress[k]);
      QVERIFY(std::equal(batched.pieces.begin(), batched.pieces.end(), greedyAlone_.pieces.begin()));
    }
  }
};

QTEST_GUILESS_MAIN(TestBatchAudio)
#include "test_batch_audio.moc"
