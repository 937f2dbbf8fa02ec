#include "inference/runtime/Session.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "inference/text/StreamingDecoder.h"
#include "inference/text/ThinkingSplitter.h"

namespace gwb::runtime {

namespace {
double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

Session::Session(const LoadedModel& model, uint32_t contextLength, uint32_t chunk)
    : model_(model),
      decoder_(model.device(), model.config(), model.textWeights(), std::min(chunk, contextLength)),
      cache_(model.device(), model.config().text, contextLength) {}

std::vector<float> Session::prefillWithEmbeddings(std::span<const int32_t> ids, std::span<const float> soft,
                                                  std::span<const int32_t> softRow, bool allLogits) {
  if (!softRow.empty() && softRow.size() != ids.size()) throw std::invalid_argument("softRow must match ids");
  const uint32_t V = uint32_t(model_.config().text.vocabSize);
  std::vector<float> logits;
  if (allLogits) logits.reserve(ids.size() * V);
  const uint32_t chunk = decoder_.maxChunk();
  for (size_t start = 0; start < ids.size(); start += chunk) {
    const size_t n = std::min<size_t>(chunk, ids.size() - start);
    model::DecoderChunk c;
    c.ids = ids.subspan(start, n);
    c.position = cache_.length();
    if (!softRow.empty()) {
      c.softRow = softRow.subspan(start, n);
      c.softEmbeddings = soft;
    }
    const bool last = start + n == ids.size();
    auto out = decoder_.forward(cache_, c,
                                allLogits ? model::LogitsRows::All
                                          : (last ? model::LogitsRows::Last : model::LogitsRows::None));
    if (allLogits) {
      logits.insert(logits.end(), out.begin(), out.end());
    } else if (last) {
      logits = std::move(out);
    }
  }
  return logits;
}

std::vector<float> Session::prefill(std::span<const int32_t> ids, bool allLogits, model::DecoderTrace* trace) {
  if (trace) {
    // A trace needs the whole prompt in one chunk so its tensors line up with the reference.
    if (ids.size() > decoder_.maxChunk()) throw std::invalid_argument("trace needs the prompt in one chunk");
    model::DecoderChunk c;
    c.ids = ids;
    c.position = cache_.length();
    return decoder_.forward(cache_, c, allLogits ? model::LogitsRows::All : model::LogitsRows::Last, trace);
  }
  return prefillWithEmbeddings(ids, {}, {}, allLogits);
}

GenerateResult Session::generate(const GenerateRequest& req, const StreamCallbacks& cb,
                                 const std::atomic<bool>* cancel) {
  GenerateResult result;
  result.promptTokens = int(req.promptIds.size());
  if (req.promptIds.empty()) throw std::invalid_argument("the prompt is empty");
  if (req.promptIds.size() >= cache_.capacity()) {
    throw std::length_error("the prompt has " + std::to_string(req.promptIds.size()) +
                            " tokens but the context holds " + std::to_string(cache_.capacity()) +
                            "; raise the context size or shorten the input");
  }
  std::vector<int32_t> stops = req.stopIds;
  if (stops.empty()) {
    for (int64_t id : model_.generation().eosTokenIds) stops.push_back(int32_t(id));
  }
  reset();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<float> logits = req.softRow.empty()
                                  ? prefill(req.promptIds)
                                  : prefillWithEmbeddings(req.promptIds, req.softEmbeddings, req.softRow);
  result.prefillMs = msSince(t0);

  Sampler sampler(req.sampling);
  std::vector<int32_t> history(req.promptIds);
  const text::Tokenizer* tok = model_.tokenizer();
  std::optional<text::StreamingDecoder> stream;
  if (tok) stream.emplace(*tok);
  text::ThinkingSplitter splitter;
  const int32_t channelOpen = tok ? tok->tokenId("<|channel>").value_or(-1) : -1;
  const int32_t channelClose = tok ? tok->tokenId("<channel|>").value_or(-1) : -1;
  auto emit = [&](const text::ThinkingSplitter::Pieces& p) {
    result.thinking += p.thinking;
    result.answer += p.answer;
    if (!p.thinking.empty() && cb.onThinking) cb.onThinking(p.thinking);
    if (!p.answer.empty() && cb.onAnswer) cb.onAnswer(p.answer);
  };

  const auto t1 = std::chrono::steady_clock::now();
  for (int step = 0;; ++step) {
    if (cancel && cancel->load()) {
      result.reason = StopReason::Cancelled;
      break;
    }
    const int32_t next = logits.empty() ? decoder_.greedyId() : sampler.sample(logits, history);
    result.ids.push_back(next);
    history.push_back(next);
    if (cb.onToken) cb.onToken(next);
    const bool isStop = !req.ignoreStopIds && std::find(stops.begin(), stops.end(), next) != stops.end();
    if (isStop) {
      result.reason = StopReason::StopToken;
      break;
    }
    // Control tokens (<bos>, <turn|>, tool markers...) are not text; the thought-channel markers
    // are kept because the splitter routes on them.
    if (stream && (!tok->isSpecial(next) || next == channelOpen || next == channelClose)) {
      emit(splitter.push(stream->push(next)));
    }
    if (int(result.ids.size()) >= req.maxNewTokens) {
      result.reason = StopReason::MaxTokens;
      break;
    }
    if (cache_.length() + 1 > cache_.capacity()) {
      result.reason = StopReason::ContextFull;
      break;
    }
    const int32_t one[1] = {next};
    model::DecoderChunk c;
    c.ids = one;
    c.position = cache_.length();
    logits = decoder_.forward(cache_, c, sampler.isPlainGreedy() ? model::LogitsRows::LastArgmax : model::LogitsRows::Last);
  }
  if (stream) {
    emit(splitter.push(stream->finish()));
    emit(splitter.finish());
  }
  result.decodeMs = msSince(t1);
  return result;
}

GenerateResult Session::decodeTokens(int32_t first, int steps, const SamplingOptions& sampling) {
  GenerateResult result;
  Sampler sampler(sampling);
  std::vector<int32_t> history{first};
  int32_t next = first;
  const auto t0 = std::chrono::steady_clock::now();
  for (int step = 0; step < steps && cache_.length() < cache_.capacity(); ++step) {
    const int32_t one[1] = {next};
    model::DecoderChunk c;
    c.ids = one;
    c.position = cache_.length();
    if (sampler.isPlainGreedy()) {
      decoder_.forward(cache_, c, model::LogitsRows::LastArgmax);
      next = decoder_.greedyId();
    } else {
      next = sampler.sample(decoder_.forward(cache_, c, model::LogitsRows::Last), history);
    }
    history.push_back(next);
    result.ids.push_back(next);
  }
  result.decodeMs = msSince(t0);
  return result;
}

}  // namespace gwb::runtime
