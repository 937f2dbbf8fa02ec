#pragma once
// TaskGeneration: one generation with a media prompt for a task run (TaskRunner.h) — renders the
// user turn (media first, then the instruction), builds the soft-token prompt, and generates with
// the preset's sampling and token limit; the Session is kept between generations and grown when a
// prompt needs more context. Token counts and cancellation go into the run's TaskResult. Shared
// by the image, audio and video task runners.
#include <atomic>
#include <functional>
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
  // One generation of generateBatch: its media and its preset settings (sampling, token limit).
  struct BatchItem {
    std::vector<MediaEmbedding> media;
    TaskPreset settings;
  };
  // n generations with the same instruction, decoded together (BatchDecode) — what generate()
  // would give for each alone. produce(k) gives the k-th item, which is prefilled in its own
  // Session at once (cancel is checked before each: none is produced after it). Their answers
  // come out in item order, each as soon as it and all before it are done: onDone(k, trimmed
  // answer); onDone returns false to take no more (cancel), and a generation cancelled half-way
  // is not handed out. Streamed pieces (if `stream`) keep that order: the first unfinished
  // generation's live, a later one's once all before it are done. Token counts, timings and
  // cancellation go into the result as for generate() (decode time: the batch's wall time once).
  void generateBatch(size_t n, const std::function<BatchItem(size_t)>& produce, const std::string& instruction,
                     bool stream, const std::function<bool(size_t, const std::string&)>& onDone);
  // How many generations generateBatch should take at once: the request's segmentBatch (default
  // kDefaultBatch, at most kMaxBatch), fewer where the device's free memory holds fewer sessions of
  // `contextTokens` tokens (at least 1).
  size_t batchSize(size_t contextTokens) const;
  static constexpr size_t kDefaultBatch = 8;
  // Up to 8 rows the decode matmuls handle each row alone (TextDecoder::forwardBatch), so a batch
  // decodes exactly what one-at-a-time decoding does.
  static constexpr size_t kMaxBatch = 8;

 private:
  SamplingOptions defaultSampling() const;
  // The generation request for media + instruction with `settings`, and the context it needs.
  GenerateRequest buildRequest(std::vector<MediaEmbedding> media, const std::string& instruction,
                               const TaskPreset& settings, size_t& needed) const;
  // Session `slot` (kept between generations), grown to `needed` tokens of context.
  Session& session(size_t slot, size_t needed);
  // Adds one generation's tokens, timings (decode time if addDecodeMs) and stop to the result.
  void count(const GenerateResult& r, bool addDecodeMs = true);

  const LoadedModel& model_;
  const TaskRequest& request_;
  const TaskCallbacks& cb_;
  const std::atomic<bool>* cancel_;
  TaskResult& result_;
  TaskPreset preset_;
  std::string instruction_;
  std::vector<std::unique_ptr<Session>> sessions_;  // [0]: generate(); [k]: generateBatch's k-th
};

}  // namespace gwb::runtime
