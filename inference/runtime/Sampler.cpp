#include "inference/runtime/Sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gwb::runtime {

int32_t argmax(std::span<const float> v) {
  return int32_t(std::max_element(v.begin(), v.end()) - v.begin());
}

Sampler::Sampler(const SamplingOptions& options) : options_(options), rng_(options.seed) {}

int32_t Sampler::sample(std::span<const float> logits, std::span<const int32_t> history) {
  work_.assign(logits.begin(), logits.end());
  if (options_.repetitionPenalty != 1.0f) {
    std::vector<bool> seen(work_.size(), false);
    for (int32_t id : history) {
      if (id < 0 || size_t(id) >= work_.size() || seen[size_t(id)]) continue;
      seen[size_t(id)] = true;
      float& l = work_[size_t(id)];
      l = l > 0 ? l / options_.repetitionPenalty : l * options_.repetitionPenalty;
    }
  }
  if (options_.temperature <= 0.0f) return argmax(work_);

  // Candidates sorted by logit, cut by top-k, softmax at the temperature, cut by top-p.
  std::vector<int32_t> idx(work_.size());
  std::iota(idx.begin(), idx.end(), 0);
  size_t k = idx.size();
  if (options_.topK > 0) k = std::min(k, size_t(options_.topK));
  std::partial_sort(idx.begin(), idx.begin() + ptrdiff_t(k), idx.end(),
                    [&](int32_t a, int32_t b) { return work_[size_t(a)] > work_[size_t(b)]; });
  idx.resize(k);
  const double top = work_[size_t(idx[0])];
  std::vector<double> p(k);
  double sum = 0;
  for (size_t i = 0; i < k; ++i) {
    p[i] = std::exp((double(work_[size_t(idx[i])]) - top) / options_.temperature);
    sum += p[i];
  }
  size_t keep = k;
  if (options_.topP < 1.0f) {
    double cum = 0;
    for (size_t i = 0; i < k; ++i) {
      cum += p[i] / sum;
      if (cum >= options_.topP) {
        keep = i + 1;
        break;
      }
    }
  }
  double total = 0;
  for (size_t i = 0; i < keep; ++i) total += p[i];
  std::uniform_real_distribution<double> u(0.0, total);
  double r = u(rng_);
  for (size_t i = 0; i < keep; ++i) {
    r -= p[i];
    if (r <= 0) return idx[i];
  }
  return idx[keep - 1];
}

}  // namespace gwb::runtime
