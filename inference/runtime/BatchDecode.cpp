#include "inference/runtime/BatchDecode.h"

#include <algorithm>
#include <chrono>

namespace gwb::runtime {

size_t BatchDecode::add(Session& session, const GenerateRequest& request, const StreamCallbacks& callbacks) {
  auto seq = std::make_unique<Sequence>();
  seq->session = &session;
  seq->logits = session.prefillRequest(request, seq->result);
  seq->state = std::make_unique<GenerationState>(model_, request, callbacks, seq->result);
  seqs_.push_back(std::move(seq));
  return seqs_.size() - 1;
}

void BatchDecode::run(const std::atomic<bool>* cancel, const std::function<void(size_t)>& onFinished) {
  if (seqs_.empty()) return;
  // Any session's decoder runs the batch (decoders differ only in scratch size): the largest.
  model::TextDecoder* decoder = &seqs_.front()->session->decoder();
  for (const auto& s : seqs_) {
    if (s->session->decoder().maxChunk() > decoder->maxChunk()) decoder = &s->session->decoder();
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto end = [&](size_t i, std::optional<StopReason> reason) {
    Sequence& s = *seqs_[i];
    s.state->finish(reason);
    s.result.decodeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    s.done = true;
    if (onFinished) onFinished(i);
  };
  std::vector<size_t> active;
  for (size_t i = 0; i < seqs_.size(); ++i) {
    if (!seqs_[i]->done) active.push_back(i);
  }
  std::vector<size_t> next;
  std::vector<model::KvCache*> caches;
  std::vector<int32_t> ids;
  while (!active.empty()) {
    if (cancel && cancel->load()) {
      for (size_t i : active) end(i, StopReason::Cancelled);
      return;
    }
    next.clear(), caches.clear(), ids.clear();
    bool greedy = true;
    for (size_t i : active) {
      Sequence& s = *seqs_[i];
      model::KvCache& cache = s.session->mutableCache();
      if (!s.state->step(s.logits, s.greedyId, cache.length(), cache.capacity())) {
        end(i, std::nullopt);
        continue;
      }
      next.push_back(i);
      caches.push_back(&cache);
      ids.push_back(s.state->lastId());
      greedy = greedy && s.state->plainGreedy();
    }
    if (next.empty()) return;
    const uint32_t V = uint32_t(model_.config().text.vocabSize);
    if (next.size() == 1) {
      // The last one left decodes as Session::generate does (its own, possibly fused, decode step).
      Sequence& s = *seqs_[next[0]];
      model::DecoderChunk c;
      c.ids = std::span<const int32_t>(ids.data(), 1);
      c.position = caches[0]->length();
      s.logits = s.session->decoder().forward(*caches[0], c,
                                              greedy ? model::LogitsRows::LastArgmax : model::LogitsRows::Last);
      s.greedyId = s.session->decoder().greedyId();
      active.swap(next);
      continue;
    }
    const std::vector<float> logits =
        decoder->forwardBatch(caches, ids, greedy ? model::LogitsRows::LastArgmax : model::LogitsRows::All);
    for (size_t k = 0; k < next.size(); ++k) {
      Sequence& s = *seqs_[next[k]];
      if (greedy) {
        s.logits.clear();
        s.greedyId = decoder->greedyIds()[k];
      } else {
        s.logits.assign(logits.begin() + ptrdiff_t(k * V), logits.begin() + ptrdiff_t((k + 1) * V));
      }
    }
    active.swap(next);
  }
}

}  // namespace gwb::runtime
