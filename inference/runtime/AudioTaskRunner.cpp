#include "inference/runtime/AudioTaskRunner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include "inference/media/AudioSegmentPlan.h"
#include "inference/media/LogMelFeatures.h"
#include "inference/runtime/SpeechAnswerBudget.h"
#include "inference/text/TranscriptJoin.h"

namespace gwb::runtime {

namespace {

constexpr double kSampleRate = 16000.0;
// A segment's prompt at most: the encoder's 750 audio tokens (30 s), the chat template and
// instruction around them, and the answer budget of 30 s (sizes the batch by device memory).
const size_t kMaxSegmentContextTokens = media::kMaxSamplesPerAudioChunk / 640 + 256 + size_t(speechAnswerBudget(30.0));

MediaEmbedding audioEmbedding(const LoadedModel& model, std::span<const float> samples) {
  const media::LogMelFeatures mel = media::logMelFeatures(samples);
  return embedAudio(model, mel.values, uint32_t(mel.numBins), mel.mask);
}

std::string clock(double seconds) {
  const long s = long(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
  return buf;
}

// Cue times: a hard cut's overlap is heard by both segments but shown once, split at its middle,
// so cues never overlap (subtitle players show overlapping cues stacked or drop them).
std::vector<std::pair<double, double>> cueTimes(const std::vector<media::AudioSegment>& segments) {
  std::vector<std::pair<double, double>> cues(segments.size());
  for (size_t i = 0; i < segments.size(); ++i) {
    cues[i] = {double(segments[i].start) / kSampleRate, double(segments[i].end) / kSampleRate};
    if (i > 0) {
      if (segments[i - 1].hardCut) {
        const double middle = (double(segments[i - 1].end) + double(segments[i].start)) / 2.0 / kSampleRate;
        cues[i - 1].second = std::max(cues[i - 1].first, std::min(cues[i - 1].second, middle));
        cues[i].first = middle;
      }
      cues[i].first = std::max(cues[i].first, cues[i - 1].second);
    }
  }
  return cues;
}

// Runs every planned segment through the model with `instruction` (the preset's, or the ASR one
// for summarize / ask), appending to result.segments / `joined`.
void runSegments(TaskGeneration& gen, const std::string& path, const media::AudioSegmentPlan& plan,
                 const std::string& instruction, const TaskPreset& settings, bool stream, const TaskCallbacks& cb,
                 const std::atomic<bool>* cancel, TaskResult& result, std::string& joined) {
  const std::vector<media::AudioSegment>& segments = plan.segments;
  const auto cues = cueTimes(segments);
  media::AudioSegmentReader reader(path);
  // Up to batchSize segments are decoded together (TaskGeneration::generateBatch: each prefilled
  // alone, the same answers as one at a time) and handed out in order as they finish; cancel is
  // checked before each segment is encoded and before each is handed out, so the output holds
  // the segments finished and handed out before it.
  const size_t batch = gen.batchSize(kMaxSegmentContextTokens);
  for (size_t first = 0; first < segments.size() && !result.cancelled; first += batch) {
    // Encodes segment first + k when generateBatch asks for it (cancel is checked before each).
    auto encode = [&](size_t k) {
      const media::AudioSegment& s = segments[first + k];
      TaskGeneration::BatchItem item;
      const auto readStart = std::chrono::steady_clock::now();
      const std::span<const float> samples = reader.read(s.start, s.end);
      const auto encodeStart = std::chrono::steady_clock::now();
      item.media.push_back(audioEmbedding(gen.model(), samples));
      result.mediaReadMs += std::chrono::duration<double, std::milli>(encodeStart - readStart).count();
      result.encodeMs +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - encodeStart).count();
      // The answer budget follows the segment's length (SpeechAnswerBudget.h); --max-new-tokens,
      // when given, still replaces it (TaskGeneration::generate).
      item.settings = settings;
      item.settings.maxNewTokens = speechAnswerBudget(double(s.end - s.start) / kSampleRate);
      return item;
    };
    const size_t count = std::min(batch, segments.size() - first);
    gen.generateBatch(count, encode, instruction, stream, [&](size_t k, const std::string& piece) {
      const size_t i = first + k;
      if (cancel && cancel->load()) {
        result.cancelled = true;
        return false;
      }
      // A segment cut inside speech continues in the next one: the words both heard appear once, in
      // the transcript and in the cues.
      const bool afterHardCut = i > 0 && segments[i - 1].hardCut;
      const text::TimedSegment timed{cues[i].first, cues[i].second, text::appendSegment(joined, piece, afterHardCut)};
      result.segments.push_back(timed);
      if (cb.onSegment) cb.onSegment(i, segments.size(), timed);
      return true;
    });
  }
}

}  // namespace

std::string timedTranscript(const std::vector<text::TimedSegment>& segments) {
  std::string out;
  for (const text::TimedSegment& s : segments) {
    if (s.text.empty()) continue;
    out += "[" + clock(s.start) + "-" + clock(s.end) + "] " + s.text + "\n";
  }
  return out;
}

void runAudioTask(TaskGeneration& gen, const TaskCallbacks& cb, const std::atomic<bool>* cancel, TaskResult& result) {
  const TaskRequest& req = gen.request();
  if (req.audio.empty()) throw std::invalid_argument("the " + gen.preset().name + " task needs an audio file");
  media::AudioPlanOptions options;
  options.cancel = cancel;
  if (cb.onPlanning) options.onProgress = cb.onPlanning;
  const auto planStart = std::chrono::steady_clock::now();
  const media::AudioSegmentPlan plan = media::planAudioSegments(req.audio, options);
  result.planningMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - planStart).count();
  if (cancel && cancel->load()) {
    result.cancelled = true;
    return;
  }

  if (gen.preset().perSegment) {
    if (plan.segments.empty()) result.notes.push_back("no speech found");
    runSegments(gen, req.audio, plan, gen.instruction(), gen.preset(), true, cb, cancel, result, result.text);
    if (result.answersAtTokenLimit > 0) {
      result.notes.push_back(std::to_string(result.answersAtTokenLimit) + " of " + std::to_string(result.segments.size()) +
                             " segments stopped at their token limit and may be cut short");
    }
    return;
  }

  // summarize / ask: a clip the encoder takes whole is heard whole.
  if (plan.totalSamples <= media::kMaxSamplesPerAudioChunk) {
    media::AudioSegmentReader reader(req.audio);
    std::vector<MediaEmbedding> media;
    media.push_back(audioEmbedding(gen.model(), reader.read(0, plan.totalSamples)));
    result.text = gen.generate(std::move(media));
    result.segments.push_back({0.0, plan.seconds(), result.text});
    return;
  }
  // Longer: transcribe every segment, then answer from the timed transcript.
  if (plan.segments.empty()) {
    result.notes.push_back("no speech found in " + clock(plan.seconds()) + " of audio; nothing to answer from");
    return;
  }
  const TaskPreset* asr = findTask("transcribe", TaskMedia::Audio);
  const std::string asrInstruction = taskPrompt(*asr, {.language = req.params.language});
  std::string transcript;
  runSegments(gen, req.audio, plan, asrInstruction, *asr, false, cb, cancel, result, transcript);
  if (result.cancelled) {
    result.notes.push_back("cancelled after transcribing " + std::to_string(result.segments.size()) + " of " +
                           std::to_string(plan.segments.size()) + " segments; no answer was generated");
    return;
  }
  result.notes.push_back("the recording is " + clock(plan.seconds()) + " long: it was transcribed in " +
                         std::to_string(plan.segments.size()) +
                         " segments and the answer comes from that timed transcript");
  const std::string instruction = "Here is the transcript of a recording, each line with its time span:\n\n" +
                                  timedTranscript(result.segments) + "\n" + gen.instruction();
  result.text = gen.generate({}, instruction, gen.preset(), true);
}

}  // namespace gwb::runtime
