#pragma once
// The norm prologue's side of the fused matvecs' checks (NormedMatvec.cpp, MatvecProject.cpp):
// random residual-stream inputs of K floats on the device, the NormPrologue over them, and the
// host's x and h' (ref::residualNorm / ref::rmsNorm) that the matvec's reference starts from.
#include <vector>

#include "inference/ops/NormedMatvec.h"

namespace gwb::ops {

struct PrologueCheckInputs {
  uint32_t K = 0;
  bool residual = false, next = false;
  float scalar = 1.0f;
  std::vector<float> a, h, wa, wx;  // a in [-3, 3], h in [-2, 2], the norm weights in [0.5, 1.5]
  gpu::Buffer aBuf, hBuf, waBuf, wxBuf;

  // hOut: where h' goes (empty: not stored).
  NormPrologue prologue(BufferView hOut) const;
  // x = the matvec's input, hRef = h' (h itself without a residual step).
  void reference(std::vector<float>& x, std::vector<float>& hRef) const;
};

PrologueCheckInputs makePrologueCheckInputs(gpu::Device& dev, uint64_t seed, uint32_t K, bool residual, bool next,
                                            float scalar);

}  // namespace gwb::ops
