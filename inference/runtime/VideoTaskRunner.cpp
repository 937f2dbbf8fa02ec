#include "inference/runtime/VideoTaskRunner.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "inference/media/AudioReader.h"
#include "inference/media/DurationText.h"
#include "inference/media/ImagePatches.h"
#include "inference/media/LogMelFeatures.h"
#include "inference/media/VisionPreprocess.h"
#include "inference/media/VisionTargetSize.h"
#include "inference/model/MemoryEstimate.h"

namespace gwb::runtime {

namespace {

using Kind = text::ContentPart::Kind;

constexpr double kSampleRate = media::kModelSampleRate;
constexpr double kAudioChunkSeconds = double(media::kMaxSamplesPerAudioChunk) / kSampleRate;  // 30 s
// Device memory kept free beyond the KV cache: prefill activations, the vision tower's frame
// buffers and the driver's own needs.
constexpr uint64_t kDeviceHeadroomBytes = 256ull << 20;

std::string mib(uint64_t bytes) { return std::to_string((bytes + (1u << 19)) >> 20) + " MiB"; }

// The ≤ 30 s soundtrack pieces of [start, end): their sample counts.
std::vector<size_t> audioPieces(double start, double end) {
  std::vector<size_t> pieces;
  auto total = size_t(std::max(0.0, end - start) * kSampleRate);
  while (total > 0) {
    const size_t n = std::min(total, media::kMaxSamplesPerAudioChunk);
    pieces.push_back(n);
    total -= n;
  }
  return pieces;
}

// Soft tokens of `samples` samples of audio (LogMelFeatures' valid frames → audioTokenCount).
uint32_t audioTokensFor(size_t samples) {
  const uint32_t validFrames = samples < 161 ? 0u : uint32_t((samples - 161) / 160 + 1);
  return model::audioTokenCount(validFrames);
}

// Text tokens of the stamps before each frame ("00:00 ", " 00:01 ", ...), as buildMediaPrompt encodes them.
size_t stampTokens(const text::Tokenizer& tok, const std::vector<double>& seconds) {
  size_t n = 0;
  for (size_t f = 0; f < seconds.size(); ++f) {
    n += tok.encode((f ? " " : "") + frameTimestamp(seconds[f]) + " ", false).size();
  }
  return n;
}

bool modelHears(const LoadedModel& model) { return model.audioEncoder() != nullptr; }

std::vector<Kind> mediaKinds(size_t audioItems) {
  std::vector<Kind> kinds{Kind::Video};
  kinds.insert(kinds.end(), audioItems, Kind::Audio);
  return kinds;
}

// What to try instead, for a plan that does not fit `limitTokens`.
std::string suggestions(const VideoTokenPlan& p, const media::VideoSamplingOptions& o, size_t limitTokens) {
  std::vector<std::string> tries;
  const size_t perFrame = p.framesPerWindow ? (p.videoTokens + p.framesPerWindow - 1) / p.framesPerWindow : 1;
  const size_t fixed = p.textTokens + p.audioTokens + p.answerTokens;
  if (limitTokens > fixed + perFrame) {
    const size_t frames = (limitTokens - fixed) / perFrame;
    tries.push_back("--max-frames " + std::to_string(std::min(frames, p.framesPerWindow - 1)));
  }
  if (o.frameBudget > 70) tries.push_back("--frame-budget 70");
  if (p.withAudio && p.audioTokens > 0) tries.push_back("--no-audio");
  if (o.coverage == media::VideoCoverage::WholeLength) tries.push_back("--coverage windows with fewer --max-frames");
  std::string s;
  for (size_t i = 0; i < tries.size(); ++i) s += (i ? (i + 1 == tries.size() ? " or " : ", ") : "") + tries[i];
  return s.empty() ? "a shorter video" : s;
}

}  // namespace

std::string VideoTokenPlan::summary() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "video %s %dx%d%s: %zu window%s, %zu frames x %zu tokens (budget %d) = %zu, audio %zu (%zu piece%s), "
                "text %zu, answer %zu: %zu of %zu context tokens, KV cache %s of %s free",
                media::durationText(video.durationSeconds).c_str(), video.width, video.height,
                video.rotationDegrees ? (" rotated " + std::to_string(video.rotationDegrees)).c_str() : "",
                windows.size(), windows.size() == 1 ? "" : "s", framesPerWindow, tokensPerFrame, frameBudget,
                videoTokens, audioTokens, audioItems, audioItems == 1 ? "" : "s", textTokens, answerTokens,
                promptTokens + answerTokens, contextLimit, mib(kvCacheBytes).c_str(), mib(freeDeviceBytes).c_str());
  return buf;
}

void judgeVideoPlan(VideoTokenPlan& p, const media::VideoSamplingOptions& o) {
  p.problem.clear();
  const size_t needed = p.promptTokens + p.answerTokens;
  if (needed > p.contextLimit) {
    p.problem = "the video needs " + std::to_string(needed) + " tokens (" + std::to_string(p.framesPerWindow) +
                " frames x " + std::to_string(p.tokensPerFrame) + " + stamps = " + std::to_string(p.videoTokens) +
                ", audio " + std::to_string(p.audioTokens) + ", text " + std::to_string(p.textTokens) + ", answer " +
                std::to_string(p.answerTokens) + ") but the model's context holds " + std::to_string(p.contextLimit) +
                "; try " + suggestions(p, o, p.contextLimit);
  } else if (p.freeDeviceBytes > 0 && p.kvCacheBytes + kDeviceHeadroomBytes > p.freeDeviceBytes) {
    // Tokens that would fit: KV bytes grow linearly with the context.
    const double perToken = double(p.kvCacheBytes) / double(needed);
    const auto fitting = size_t(double(p.freeDeviceBytes - std::min(p.freeDeviceBytes, kDeviceHeadroomBytes)) / perToken);
    p.problem = "the video needs " + std::to_string(needed) + " tokens, whose KV cache takes " + mib(p.kvCacheBytes) +
                " but the device has " + mib(p.freeDeviceBytes) + " free (room for about " + std::to_string(fitting) +
                " tokens); try " + suggestions(p, o, fitting);
  }
}

VideoTokenPlan planVideoTask(const LoadedModel& model, const TaskRequest& req) {
  if (!req.preset) throw std::invalid_argument("no task preset given");
  if (req.video.empty()) throw std::invalid_argument("the " + req.preset->name + " task needs a video file");
  const text::Tokenizer* tok = model.tokenizer();
  if (!tok || !model.chatTemplate()) throw std::invalid_argument("the model folder has no tokenizer.json or chat template");
  const media::VideoSamplingOptions& o = req.videoOptions;
  media::validateSamplingOptions(o);
  const std::string instruction = taskPrompt(*req.preset, req.params);

  VideoTokenPlan p;
  p.video = media::probeVideo(req.video);
  p.windows = media::planVideoWindows(p.video.durationSeconds, p.video.frameRate, p.video.frameCount, o);
  p.frameBudget = o.frameBudget;
  const media::TargetSize size = media::visionTargetSize(p.video.width, p.video.height, o.frameBudget);
  p.tokensPerFrame = size_t(size.width / media::kPatchSize) * size_t(size.height / media::kPatchSize) /
                     size_t(media::kPoolingKernel * media::kPoolingKernel);

  p.withAudio = o.withAudio && p.video.hasAudio && modelHears(model);
  if (o.withAudio && !p.video.hasAudio) p.notes.push_back("the video has no soundtrack: pictures only");
  if (o.withAudio && p.video.hasAudio && !modelHears(model)) {
    p.notes.push_back("this model has no audio tower: the soundtrack is not used");
  }
  if (req.preset->needsSoundtrack && !p.withAudio) {
    throw std::invalid_argument("the " + req.preset->name + " task compares speech with pictures, so it needs " +
                                (!p.video.hasAudio     ? std::string("a video with a soundtrack")
                                 : !modelHears(model) ? std::string("a model with an audio tower (E2B or E4B)")
                                                      : std::string("the soundtrack (drop --no-audio)")));
  }

  // The largest window decides: every window is one prompt.
  for (const media::VideoWindow& w : p.windows) {
    const size_t video = w.seconds.size() * (p.tokensPerFrame + 2) + stampTokens(*tok, w.seconds);
    size_t audio = 0, items = 0;
    if (p.withAudio) {
      for (const size_t n : audioPieces(w.start, w.end)) {
        audio += audioTokensFor(n) + 2;
        ++items;
      }
    }
    if (video + audio > p.videoTokens + p.audioTokens) {
      p.framesPerWindow = w.seconds.size();
      p.videoTokens = video;
      p.audioTokens = audio;
      p.audioItems = items;
    }
  }
  text::Conversation conv;
  conv.messages.push_back(userMessage(mediaKinds(p.audioItems), instruction));
  text::RenderOptions ro;
  ro.enableThinking = req.preset->thinking;
  // The rendered prompt has one placeholder token per media item; the rest is text.
  p.textTokens = tok->encode(model.chatTemplate()->render(conv, ro), false).size() - 1 - p.audioItems;
  p.promptTokens = p.videoTokens + p.audioTokens + p.textTokens;
  p.answerTokens = size_t(req.maxNewTokens > 0 ? req.maxNewTokens : req.preset->maxNewTokens) + 1;
  p.contextLimit = size_t(std::max<int64_t>(0, model.config().text.maxPositionEmbeddings));

  model::KvCacheOptions kv;
  kv.contextLength = int64_t(p.promptTokens + p.answerTokens);
  kv.elementType = model::DType::F32;  // KvCache.h: f32 keys and values
  p.kvCacheBytes = model::kvCacheBytes(model.config().text, kv);
  gpu::Device& device = model.device();
  const uint64_t used = device.memory().stats().bytesInUse;
  const uint64_t total = device.info().deviceLocalBytes;
  p.freeDeviceBytes = total > used ? total - used : 0;

  judgeVideoPlan(p, o);
  return p;
}

void runVideoTask(TaskGeneration& generation, const TaskCallbacks& cb, const std::atomic<bool>* cancel,
                  TaskResult& result) {
  const LoadedModel& model = generation.model();
  const TaskRequest& req = generation.request();
  if (!model.visionEncoder()) {
    throw std::runtime_error("this model has no vision encoder (video needs a checkpoint with a vision tower)");
  }
  TaskRequest planned = req;
  planned.preset = &generation.preset();
  const VideoTokenPlan plan = planVideoTask(model, planned);
  if (!plan.fits()) throw VideoBudgetError(req.video + ": " + plan.problem);
  result.notes.insert(result.notes.end(), plan.notes.begin(), plan.notes.end());
  result.imageWidth = plan.video.width;
  result.imageHeight = plan.video.height;
  auto progress = [&](const char* stage, size_t i, size_t n) {
    if (cb.onProgress) cb.onProgress(stage, i, n);
  };
  auto cancelled = [&] { return cancel != nullptr && cancel->load(); };

  const size_t windows = plan.windows.size();
  std::unique_ptr<media::AudioReader> soundtrack;
  if (plan.withAudio) soundtrack = std::make_unique<media::AudioReader>(req.video);
  for (size_t wi = 0; wi < windows; ++wi) {
    if (cancelled()) break;
    const media::VideoWindow& window = plan.windows[wi];
    progress("window", wi, windows);
    const std::vector<media::SampledFrame> frames = media::sampleVideoFramesAt(
        req.video, window.seconds, req.videoOptions, cancel,
        [&](size_t done, size_t wanted) { progress("frames", done, wanted); });
    if (cancelled()) break;

    MediaEmbedding video;
    video.kind = Kind::Video;
    for (size_t f = 0; f < frames.size(); ++f) {
      if (cancelled()) break;
      progress("encode", f, frames.size());
      const media::ImagePatches patches = media::preprocessVideoFrame(frames[f].image, req.videoOptions.frameBudget);
      MediaEmbedding e = embedImage(model, {patches.pixelValues, patches.positionIds});
      video.tokens += e.tokens;
      video.frameTokens.push_back(e.tokens);
      video.frameSeconds.push_back(frames[f].seconds);
      video.rows.insert(video.rows.end(), e.rows.begin(), e.rows.end());
    }
    if (cancelled()) break;
    std::vector<MediaEmbedding> media;
    media.push_back(std::move(video));

    if (soundtrack) {
      // Skip to the window (windows follow each other, so usually nothing), then ≤ 30 s pieces.
      const auto startSample = size_t(window.start * kSampleRate);
      while (soundtrack->samplesRead() < startSample) {
        if (soundtrack->readChunk(std::min(kAudioChunkSeconds, double(startSample - soundtrack->samplesRead()) / kSampleRate))
                .empty()) {
          break;
        }
      }
      const std::vector<size_t> pieces = audioPieces(window.start, window.end);
      for (size_t a = 0; a < pieces.size(); ++a) {
        progress("audio", a, pieces.size());
        const std::vector<float> samples = soundtrack->readChunk(double(pieces[a]) / kSampleRate);
        if (audioTokensFor(samples.size()) == 0) break;  // the soundtrack ended early
        const media::LogMelFeatures mel = media::logMelFeatures(samples);
        media.push_back(embedAudio(model, mel.values, uint32_t(mel.numBins), mel.mask));
      }
    }
    progress("answer", wi, windows);
    const std::string answer = generation.generate(std::move(media));
    const text::TimedSegment segment{window.start, window.end, answer};
    result.segments.push_back(segment);
    if (windows == 1) {
      result.text = answer;
    } else {
      result.text += (result.text.empty() ? "" : "\n\n") + ("[" + frameTimestamp(window.start) + "-" +
                                                            frameTimestamp(window.end) + "] ") + answer;
    }
    if (cb.onSegment) cb.onSegment(wi, windows, segment);
    if (result.cancelled) break;
  }
  if (cancelled()) result.cancelled = true;
}

}  // namespace gwb::runtime
