#pragma once
// Picks the next token from logits: greedy, or temperature + top-k + top-p sampling with a
// seeded generator, after a repetition penalty over the tokens seen so far (as HF applies it:
// positive logits divided by the penalty, negative ones multiplied).
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace gwb::runtime {

struct SamplingOptions {
  float temperature = 0.0f;       // 0: greedy (argmax)
  int topK = 0;                   // 0: off
  float topP = 1.0f;              // 1: off
  float repetitionPenalty = 1.0f; // 1: off
  uint64_t seed = 0;
};

class Sampler {
 public:
  explicit Sampler(const SamplingOptions& options);
  // `history`: tokens the repetition penalty applies to (prompt and answer so far).
  int32_t sample(std::span<const float> logits, std::span<const int32_t> history);
  // Plain argmax (temperature 0, no repetition penalty): the decoder can pick the id on the GPU
  // (LogitsRows::LastArgmax) instead of reading the logits back.
  bool isPlainGreedy() const { return options_.temperature <= 0.0f && options_.repetitionPenalty == 1.0f; }

 private:
  SamplingOptions options_;
  std::mt19937_64 rng_;
  std::vector<float> work_;
};

// Index of the largest value (the first one on ties, like torch.argmax).
int32_t argmax(std::span<const float> values);

}  // namespace gwb::runtime
