#pragma once
// The decoder's residual stream h [H] in a fused decode step (one token, TextDecoder): instead of
// a residualNorm dispatch after each branch, the residual step is deferred to the next matvec,
// whose prologue (ops/NormedMatvec.h) applies it and the next norm itself. The matvec's h' goes
// to the other of two buffers (its workgroups still read h), so h ping-pongs between them.
//   defer(a, wa, s):  h is owed h = (h + rmsnorm(a) * wa) * s (a branch's output and post norm)
//   prologue(wx):     the prologue of the next consumer (x = rmsnorm(h') * wx, or h' without wx);
//                     afterwards h' is current and nothing is owed
//   settle(wx, x):    the same as separate dispatches (residualNorm in place / rmsNorm), for a
//                     consumer without a fused kernel and for the final norm; returns its input
#include "inference/gpu/Buffer.h"
#include "inference/ops/NormedMatvec.h"
#include "inference/ops/OpContext.h"

namespace gwb::model {

class ResidualStream {
 public:
  // h holds the stream (nothing owed); spare: the other buffer, same size.
  void start(gpu::BufferView h, gpu::BufferView spare, float eps);
  void defer(gpu::BufferView a, gpu::BufferView wa, float scalar);
  ops::NormPrologue prologue(gpu::BufferView wx);
  // x = rmsnorm(h) * wx after the owed step (returns x), or h itself without wx (returns h).
  gpu::BufferView settle(ops::OpContext& ctx, gpu::BufferView wx, gpu::BufferView x);
  gpu::BufferView current() const { return buf_[cur_]; }

 private:
  gpu::BufferView buf_[2];
  int cur_ = 0;
  gpu::BufferView a_, wa_;  // owed step (a_ empty: none)
  float scalar_ = 1.0f, eps_ = 1e-6f;
};

}  // namespace gwb::model
