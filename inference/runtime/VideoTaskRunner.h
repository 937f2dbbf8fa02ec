#pragma once
// Video presets (describe, actions, ask-video, speech-match): frames sampled by media::VideoSampler,
// each through the vision tower at the per-frame budget (default 70), laid out as the reference
// processor renders them ("mm:ss " + <|image> + n × <|video|> + <image|> per frame, frames joined
// by " "), then the soundtrack (models with an audio tower, when present and wanted) as ≤ 30 s
// audio items after the video, then the instruction.
// Before anything is decoded, planVideoTask states what the prompt will take and whether it fits
// the model's context and the device's memory; runVideoTask refuses (VideoBudgetError) when not,
// naming a smaller setting that fits. Long videos: VideoCoverage::WholeLength (default) spreads at
// most maxFrames frames over the whole length, one answer; VideoCoverage::Windows answers windows
// of maxFrames frames one by one (TaskResult::segments, TaskCallbacks::onSegment, in order).
// Built with GWB_MEDIA only. TaskRunner.cpp dispatches video presets here.
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "inference/media/VideoSampler.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/MediaPrompt.h"
#include "inference/runtime/TaskGeneration.h"
#include "inference/runtime/TaskRunner.h"

namespace gwb::runtime {

// The prompt's cost, for the largest window (WholeLength: the only one).
struct VideoTokenPlan {
  media::VideoInfo video;
  std::vector<media::VideoWindow> windows;
  int frameBudget = 70;
  size_t framesPerWindow = 0;   // frames in the largest window
  size_t tokensPerFrame = 0;    // soft tokens of one frame at the budget (64 square, 66 for 16:9, ...)
  size_t videoTokens = 0;       // frames: soft tokens + markers + "mm:ss" stamps
  size_t audioTokens = 0;       // soundtrack items: soft tokens + markers (0 without audio)
  size_t audioItems = 0;        // ≤ 30 s soundtrack pieces per window
  size_t textTokens = 0;        // template + instruction
  size_t promptTokens = 0;      // video + audio + text
  size_t answerTokens = 0;      // room kept for the answer (max new tokens + 1)
  size_t contextLimit = 0;      // the model's max_position_embeddings
  uint64_t kvCacheBytes = 0;    // for promptTokens + answerTokens
  uint64_t freeDeviceBytes = 0; // device-local memory not yet in use
  bool withAudio = false;       // the soundtrack goes in
  std::vector<std::string> notes;  // e.g. why the soundtrack is left out
  std::string problem;          // empty when it fits; else what does not fit and what to try

  bool fits() const { return problem.empty(); }
  // One line for a log: "video 12.0 s 640x360, 12 frames x 66 tokens (budget 70) + audio 300 ... = N of C".
  std::string summary() const;
};

class VideoBudgetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Sets plan.problem from the plan's sizes: empty when promptTokens + answerTokens fit the context
// and the KV cache (+ headroom) fits freeDeviceBytes (0: unknown, not checked); otherwise what
// does not fit and a smaller setting that would. planVideoTask calls it; tests call it with a
// device that is made to look small.
void judgeVideoPlan(VideoTokenPlan& plan, const media::VideoSamplingOptions& options);

// Probes the file and sizes the prompt (no frame is decoded). Throws media::MediaError for an
// unreadable or audio-only file, std::invalid_argument for invalid options or a missing question.
VideoTokenPlan planVideoTask(const LoadedModel& model, const TaskRequest& request);

// Runs generation.preset() (the request's overrides applied) on request().video; one generation
// per window through `generation` (its Session is reused). Throws VideoBudgetError when the plan
// does not fit, std::invalid_argument for a speech-match request without a soundtrack or an audio
// tower, media::MediaError for unreadable files.
void runVideoTask(TaskGeneration& generation, const TaskCallbacks& callbacks, const std::atomic<bool>* cancel,
                  TaskResult& result);

}  // namespace gwb::runtime
