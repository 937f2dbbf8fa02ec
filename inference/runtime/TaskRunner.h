#pragma once
// Runs a task preset (Tasks.h) on media files: decodes and encodes the images or the audio, builds
// the media prompt (MediaPrompt.h), generates, and reads the answer (pixel boxes for detect/point).
// Audio of any length streams from disk and is cut into ≤ 30 s speech segments, with progress per
// segment and cancel between them; summarize / ask on recordings over 30 s answer from the timed
// transcript of every segment (AudioTaskRunner.h says how). One generation: TaskGeneration.h.
// Built with GWB_MEDIA only (it decodes files through gwb_media).
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inference/media/VideoFrameTimes.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Tasks.h"
#include "inference/text/Subtitles.h"

namespace gwb::runtime {

struct TaskRequest {
  const TaskPreset* preset = nullptr;
  TaskParams params;
  std::vector<std::string> images;          // image presets: one or more files (detect/point: one)
  std::string audio;                        // audio presets: one file
  std::string video;                        // video presets: one file (VideoTaskRunner.h)
  media::VideoSamplingOptions videoOptions; // video presets: fps, frames, per-frame budget, audio, coverage
  int budget = 0;                           // image soft-token budget; 0: the preset's
  int maxNewTokens = 0;                     // per generation (per segment); 0: the preset's
  std::optional<SamplingOptions> sampling;  // overrides the preset's
  // Audio: segments decoded together (TaskGeneration::batchSize: 0 = its default of 8, at most 8,
  // fewer when device memory is short); 1 decodes them one at a time. The output is the same.
  int segmentBatch = 0;
};

struct TaskCallbacks {
  std::function<void(const std::string&)> onAnswer;  // answer text pieces as they stream
  // After each audio segment: its index, the segment count and its timed text.
  std::function<void(size_t index, size_t count, const text::TimedSegment&)> onSegment;
  // Video presets: "window", "frames" (frames decoded so far of those wanted), "encode", "audio",
  // "answer", each with its index and count, as the work goes.
  std::function<void(const std::string& stage, size_t index, size_t count)> onProgress;
  // Audio: while the file is scanned for speech before the first segment (seconds scanned, and
  // the stated length or a negative value) — a few seconds per hour of WAV, more for MP3.
  std::function<void(double doneSeconds, double totalSeconds)> onPlanning;
};

struct TaskResult {
  std::string text;                          // the answer; per-segment audio: the joined text
  std::vector<text::TimedSegment> segments;  // audio presets: one per segment (whole clip: one)
  nlohmann::json objects;                    // detect / point: pixel JSON (text::objectsToJson)
  std::vector<std::string> problems;         // detect / point: what the parser could not read
  std::vector<std::string> notes;            // e.g. audio cut to 30 s, no speech found
  int imageWidth = 0, imageHeight = 0;       // the first image, as decoded (orientation applied)
  bool cancelled = false;
  int promptTokens = 0, generatedTokens = 0;  // summed over generations
  int answersAtTokenLimit = 0;                // generations that stopped at their token limit, not a stop token
  double prefillMs = 0, decodeMs = 0;         // summed over generations (Session's own timings)
  double planningMs = 0;                      // audio: the voice-activity scan that plans the segments
  double mediaReadMs = 0, encodeMs = 0;       // audio segments: decoding them from the file; log-mel + encoder
};

// Throws std::invalid_argument for a request that does not fit the preset (no media, missing
// question or target language), media::MediaError for unreadable files, and std::runtime_error
// when the model lacks the encoder the preset needs.
TaskResult runTask(const LoadedModel& model, const TaskRequest& request, const TaskCallbacks& callbacks = {},
                   const std::atomic<bool>* cancel = nullptr);

}  // namespace gwb::runtime
