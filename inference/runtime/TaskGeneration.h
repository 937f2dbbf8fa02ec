#pragma once
// TaskGeneration: one generation with a media prompt for a task run (TaskRunner.h) — renders the
// user turn (media first, then the instruction), builds the soft-token prompt, and generates with
// the preset's sampling and token limit; the Session is kept between generations and grown when a
// prompt needs more context. Token counts and cancellation go into the run's TaskResult. Shared
// by the image, audio and video task runners.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/MediaPrompt.h"
#include "inference/runtime/Session.h"
#include "inference/runtime/TaskRunner.h"
#include "inference/runtime/Tasks.h"

namespace gwb::runtime {

class TaskGeneration {
 public:
  // The preset with the request's overrides (budget, token limit, sampling) applied.
  TaskGeneration(const LoadedModel& model, const TaskRequest& request, const TaskCallbacks& callbacks,
                 const std::atomic<bool>* cancel, TaskResult& result);

  const TaskPreset& preset() const { return preset_; }
  const TaskRequest& request() const { return request_; }
  const std::string& instruction() const { return instruction_; }
  const LoadedModel& model() const { return model_; }

  // The preset's instruction after the media; answer pieces stream to callbacks.onAnswer.
  std::string generate(std::vector<MediaEmbedding> media);
  // Another instruction with another preset's sampling and thinking (the request's token limit
  // still applies); streams the answer only if `stream`. The answer is trimmed.
  std::string generate(std::vector<MediaEmbedding> media, const std::string& instruction, const TaskPreset& settings,
                       bool stream);

 private:
  SamplingOptions defaultSampling() const;

  const LoadedModel& model_;
  const TaskRequest& request_;
  const TaskCallbacks& cb_;
  const std::atomic<bool>* cancel_;
  TaskResult& result_;
  TaskPreset preset_;
  std::string instruction_;
  std::unique_ptr<Session> session_;
};

}  // namespace gwb::runtime
