#pragma once
// The per-token bookkeeping of one generation, shared by Session::generate (one sequence) and
// BatchDecode (several at once) so both end, stream and count exactly alike: picks the next id
// (the decoder's GPU argmax, or the sampler over the logits with the repetition history), reports
// it, streams the answer / thinking text (whole UTF-8, control tokens left out, the thought
// channel routed by ThinkingSplitter), and says when the generation ends: a stop token, the
// token limit, or the context's end.
#include <optional>
#include <span>
#include <vector>

#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/Sampler.h"
#include "inference/runtime/Session.h"
#include "inference/text/StreamingDecoder.h"
#include "inference/text/ThinkingSplitter.h"

namespace gwb::runtime {

class GenerationState {
 public:
  // Keeps copies of what it needs from `request` (not its media); writes into `result`.
  GenerationState(const LoadedModel& model, const GenerateRequest& request, StreamCallbacks callbacks,
                  GenerateResult& result);

  // Whether the next id can come from the decoder's GPU argmax (LogitsRows::LastArgmax).
  bool plainGreedy() const { return sampler_.isPlainGreedy(); }
  // Takes the next id: from `logits` ([vocab]) through the sampler, or `greedyId` when logits is
  // empty. Returns whether the generation goes on, i.e. whether this id must be fed to the
  // decoder (its cache holds cacheLength of capacity tokens); otherwise result.reason is set.
  bool step(std::span<const float> logits, int32_t greedyId, uint32_t cacheLength, uint32_t capacity);
  int32_t lastId() const { return result_.ids.back(); }
  // Ends the generation (result.reason = reason if given) and flushes the text streams.
  void finish(std::optional<StopReason> reason = std::nullopt);

 private:
  void emitPieces(const text::ThinkingSplitter::Pieces& p);

  GenerateResult& result_;
  StreamCallbacks cb_;
  Sampler sampler_;
  std::vector<int32_t> history_;  // prompt and answer so far (repetition penalty)
  std::vector<int32_t> stops_;
  bool ignoreStops_ = false;
  int maxNewTokens_ = 0;
  const text::Tokenizer* tok_ = nullptr;
  std::optional<text::StreamingDecoder> stream_;
  text::ThinkingSplitter splitter_;
  int32_t channelOpen_ = -1, channelClose_ = -1;
};

}  // namespace gwb::runtime
