#pragma once
// Decodes several prefilled sessions together (issue 8: many audio segments of one recording):
// every step feeds each unfinished sequence's last id through one TextDecoder::forwardBatch, so
// the weights are streamed once per step for all of them. Each sequence ends on its own, exactly
// as Session::generate would end it (GenerationState: stop ids, its token limit, its context's
// end) and then leaves the batch; cancel (checked before every step, as Session::generate) ends
// every unfinished one. The last sequence left runs forward() steps as Session::generate does.
// While at most 8 run together, every sequence's ids, text and stop reason are those of
// Session::generate on it alone (forwardBatch's rows match forward()'s unfused steps bit for bit;
// where forward() fuses the decode norms into its matvecs (GPUs: TextDecoder::decodeFusion), the
// rows differ from its steps by f32 rounding only, so a greedy id can differ only at a near-tie).
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "inference/runtime/GenerationState.h"
#include "inference/runtime/Session.h"

namespace gwb::runtime {

class BatchDecode {
 public:
  explicit BatchDecode(const LoadedModel& model) : model_(model) {}

  // Prefills request's prompt in `session` (its cache is reset first: Session::prefillRequest)
  // and adds it to the batch; returns its index. The session must outlive run().
  size_t add(Session& session, const GenerateRequest& request, const StreamCallbacks& callbacks = {});

  // Decodes until every sequence has ended. onFinished(i) runs as soon as sequence i ends (those
  // ending on the same step in index order); result(i) is complete by then.
  void run(const std::atomic<bool>* cancel = nullptr, const std::function<void(size_t)>& onFinished = {});

  size_t size() const { return seqs_.size(); }
  const GenerateResult& result(size_t i) const { return seqs_[i]->result; }

 private:
  struct Sequence {
    Session* session = nullptr;
    GenerateResult result;
    std::unique_ptr<GenerationState> state;
    std::vector<float> logits;  // for the next pick; empty: greedyId
    int32_t greedyId = -1;
    bool done = false;
  };

  const LoadedModel& model_;
  std::vector<std::unique_ptr<Sequence>> seqs_;
};

}  // namespace gwb::runtime
