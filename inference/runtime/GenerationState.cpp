#include "inference/runtime/GenerationState.h"

#include <algorithm>

namespace gwb::runtime {

GenerationState::GenerationState(const LoadedModel& model, const GenerateRequest& req, StreamCallbacks cb,
                                 GenerateResult& result)
    : result_(result),
      cb_(std::move(cb)),
      sampler_(req.sampling),
      history_(req.promptIds),
      stops_(req.stopIds),
      ignoreStops_(req.ignoreStopIds),
      maxNewTokens_(req.maxNewTokens),
      tok_(model.tokenizer()) {
  if (stops_.empty()) {
    for (int64_t id : model.generation().eosTokenIds) stops_.push_back(int32_t(id));
  }
  if (tok_) {
    stream_.emplace(*tok_);
    channelOpen_ = tok_->tokenId("<|channel>").value_or(-1);
    channelClose_ = tok_->tokenId("<channel|>").value_or(-1);
  }
}

void GenerationState::emitPieces(const text::ThinkingSplitter::Pieces& p) {
  result_.thinking += p.thinking;
  result_.answer += p.answer;
  if (!p.thinking.empty() && cb_.onThinking) cb_.onThinking(p.thinking);
  if (!p.answer.empty() && cb_.onAnswer) cb_.onAnswer(p.answer);
}

bool GenerationState::step(std::span<const float> logits, int32_t greedyId, uint32_t cacheLength, uint32_t capacity) {
  const int32_t next = logits.empty() ? greedyId : sampler_.sample(logits, history_);
  result_.ids.push_back(next);
  history_.push_back(next);
  if (cb_.onToken) cb_.onToken(next);
  if (!ignoreStops_ && std::find(stops_.begin(), stops_.end(), next) != stops_.end()) {
    result_.reason = StopReason::StopToken;
    return false;
  }
  // Control tokens (<bos>, <turn|>, tool markers...) are not text; the thought-channel markers
  // are kept because the splitter routes on them.
  if (stream_ && (!tok_->isSpecial(next) || next == channelOpen_ || next == channelClose_)) {
    emitPieces(splitter_.push(stream_->push(next)));
  }
  if (int(result_.ids.size()) >= maxNewTokens_) {
    result_.reason = StopReason::MaxTokens;
    return false;
  }
  if (cacheLength + 1 > capacity) {
    result_.reason = StopReason::ContextFull;
    return false;
  }
  return true;
}

void GenerationState::finish(std::optional<StopReason> reason) {
  if (reason) result_.reason = *reason;
  if (stream_) {
    emitPieces(splitter_.push(stream_->finish()));
    emitPieces(splitter_.finish());
  }
}

}  // namespace gwb::runtime
