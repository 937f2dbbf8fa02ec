#include "inference/runtime/TaskRunner.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <stdexcept>

#include "inference/media/AudioDecoder.h"
#include "inference/media/AudioSegmenter.h"
#include "inference/media/ImageDecoder.h"
#include "inference/media/LogMelFeatures.h"
#include "inference/media/VisionPreprocess.h"
#include "inference/runtime/MediaPrompt.h"
#include "inference/runtime/Session.h"
#include "inference/text/BoxJson.h"
#include "inference/text/TranscriptJoin.h"

namespace gwb::runtime {

namespace {

constexpr double kSampleRate = 16000.0;

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

// One generation with a media prompt; the Session is grown when a prompt needs more context.
class Runner {
 public:
  Runner(const LoadedModel& model, const TaskRequest& req, const TaskCallbacks& cb, const std::atomic<bool>* cancel,
         TaskResult& result)
      : model_(model), cb_(cb), cancel_(cancel), result_(result) {
    preset_ = *req.preset;
    if (req.maxNewTokens > 0) preset_.maxNewTokens = req.maxNewTokens;
    if (req.sampling) preset_.sampling = req.sampling;
    if (req.budget > 0) preset_.budget = req.budget;
    instruction_ = taskPrompt(preset_, req.params);
  }

  const TaskPreset& preset() const { return preset_; }

  std::string generate(std::vector<MediaEmbedding> media) {
    std::vector<text::ContentPart::Kind> kinds;
    for (const MediaEmbedding& m : media) kinds.push_back(m.kind);
    text::Conversation conv;
    conv.messages.push_back(userMessage(kinds, instruction_));
    text::RenderOptions ro;
    ro.enableThinking = preset_.thinking;
    MediaPrompt p = buildMediaPrompt(model_, conv, media, ro);

    GenerateRequest g;
    g.promptIds = std::move(p.ids);
    g.softEmbeddings = std::move(p.softEmbeddings);
    g.softRow = std::move(p.softRow);
    g.maxNewTokens = preset_.maxNewTokens;
    g.sampling = preset_.sampling ? *preset_.sampling : defaultSampling();
    const size_t needed = g.promptIds.size() + size_t(g.maxNewTokens) + 1;
    if (!session_ || session_->contextLength() < needed) {
      session_.reset();
      session_ = std::make_unique<Session>(model_, uint32_t(needed));
    }
    StreamCallbacks scb;
    scb.onAnswer = cb_.onAnswer;
    const GenerateResult r = session_->generate(g, scb, cancel_);
    result_.promptTokens += r.promptTokens;
    result_.generatedTokens += int(r.ids.size());
    if (r.reason == StopReason::Cancelled) result_.cancelled = true;
    return trim(r.answer);
  }

 private:
  SamplingOptions defaultSampling() const {
    const model::GenerationConfig& gen = model_.generation();
    SamplingOptions s;
    if (gen.doSample) {
      s.temperature = float(gen.temperature);
      s.topK = int(gen.topK);
      s.topP = float(gen.topP);
    }
    return s;
  }

  const LoadedModel& model_;
  const TaskCallbacks& cb_;
  const std::atomic<bool>* cancel_;
  TaskResult& result_;
  TaskPreset preset_;
  std::string instruction_;
  std::unique_ptr<Session> session_;
};

MediaEmbedding audioEmbedding(const LoadedModel& model, std::span<const float> samples) {
  const media::LogMelFeatures mel = media::logMelFeatures(samples);
  return embedAudio(model, mel.values, uint32_t(mel.numBins), mel.mask);
}

void runImageTask(const LoadedModel& model, Runner& runner, const TaskRequest& req, TaskResult& result) {
  if (req.images.empty()) throw std::invalid_argument("the " + runner.preset().name + " task needs an image");
  const bool boxes = runner.preset().output != TaskOutput::Text;
  if (boxes && req.images.size() != 1) {
    throw std::invalid_argument("the " + runner.preset().name + " task takes exactly one image");
  }
  std::vector<MediaEmbedding> media;
  for (const std::string& path : req.images) {
    const media::RgbImage img = media::decodeImageFile(path);
    if (media.empty()) {
      result.imageWidth = img.width;
      result.imageHeight = img.height;
    }
    const media::ImagePatches p = media::preprocessImage(img, runner.preset().budget);
    media.push_back(embedImage(model, {p.pixelValues, p.positionIds}));
  }
  result.text = runner.generate(std::move(media));
  if (boxes && !result.cancelled) {
    const text::BoxParseResult parsed = text::parseBoxJson(result.text);
    result.objects =
        nlohmann::json::parse(text::objectsToJson(parsed.objects, result.imageWidth, result.imageHeight));
    result.problems.assign(parsed.problems.begin(), parsed.problems.end());
  }
}

void runAudioTask(const LoadedModel& model, Runner& runner, const TaskRequest& req, const TaskCallbacks& cb,
                  const std::atomic<bool>* cancel, TaskResult& result) {
  if (req.audio.empty()) throw std::invalid_argument("the " + runner.preset().name + " task needs an audio file");
  media::AudioClip clip = media::decodeAudioFile(req.audio);
  if (!runner.preset().perSegment) {
    if (clip.samples.size() > media::kMaxSamplesPerAudioChunk) {
      result.notes.push_back("the recording is " + std::to_string(int(clip.seconds())) +
                             " s long; only its first 30 s were used");
      clip.samples.resize(media::kMaxSamplesPerAudioChunk);
    }
    std::vector<MediaEmbedding> media;
    media.push_back(audioEmbedding(model, clip.samples));
    result.text = runner.generate(std::move(media));
    result.segments.push_back({0.0, clip.seconds(), result.text});
    return;
  }
  const std::vector<media::AudioSegment> segments = media::segmentSpeech(clip.samples, media::SegmenterOptions{});
  if (segments.empty()) result.notes.push_back("no speech found");
  // Cue times: a hard cut's overlap is heard by both segments but shown once, split at its middle,
  // so cues never overlap (subtitle players show overlapping cues stacked or drop them).
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
  for (size_t i = 0; i < segments.size(); ++i) {
    if (cancel && cancel->load()) {
      result.cancelled = true;
      break;
    }
    const media::AudioSegment& s = segments[i];
    const std::span<const float> samples(clip.samples.data() + s.start, s.end - s.start);
    std::vector<MediaEmbedding> media;
    media.push_back(audioEmbedding(model, samples));
    const std::string piece = runner.generate(std::move(media));
    // A segment cut inside speech continues in the next one: the words both heard appear once, in
    // the transcript and in the cues.
    const bool afterHardCut = i > 0 && segments[i - 1].hardCut;
    const text::TimedSegment timed{cues[i].first, cues[i].second, text::appendSegment(result.text, piece, afterHardCut)};
    result.segments.push_back(timed);
    if (cb.onSegment) cb.onSegment(i, segments.size(), timed);
    if (result.cancelled) break;
  }
}

}  // namespace

TaskResult runTask(const LoadedModel& model, const TaskRequest& req, const TaskCallbacks& cb,
                   const std::atomic<bool>* cancel) {
  if (!req.preset) throw std::invalid_argument("no task preset given");
  TaskResult result;
  Runner runner(model, req, cb, cancel, result);
  if (runner.preset().media == TaskMedia::Image) {
    runImageTask(model, runner, req, result);
  } else {
    runAudioTask(model, runner, req, cb, cancel, result);
  }
  return result;
}

}  // namespace gwb::runtime
