#include "inference/model/ResidualStream.h"

#include <stdexcept>

#include "inference/ops/ResidualNorm.h"
#include "inference/ops/RmsNorm.h"

namespace gwb::model {

void ResidualStream::start(gpu::BufferView h, gpu::BufferView spare, float eps) {
  buf_[0] = h;
  buf_[1] = spare;
  cur_ = 0;
  a_ = wa_ = {};
  scalar_ = 1.0f;
  eps_ = eps;
}

void ResidualStream::defer(gpu::BufferView a, gpu::BufferView wa, float scalar) {
  if (a_) throw std::logic_error("ResidualStream: a residual step is already owed");
  a_ = a;
  wa_ = wa;
  scalar_ = scalar;
}

ops::NormPrologue ResidualStream::prologue(gpu::BufferView wx) {
  ops::NormPrologue p;
  p.h = current();
  p.wx = wx;
  p.eps = eps_;
  if (a_) {
    p.a = a_;
    p.wa = wa_;
    p.scalar = scalar_;
    p.hOut = buf_[1 - cur_];
    cur_ = 1 - cur_;
    a_ = wa_ = {};
  }
  return p;
}

gpu::BufferView ResidualStream::settle(ops::OpContext& ctx, gpu::BufferView wx, gpu::BufferView x) {
  const gpu::BufferView h = current();
  const uint32_t dim = uint32_t(h.size / 4);
  if (a_) {
    ops::residualNorm(ctx, a_, wa_, h, wx, wx ? x : gpu::BufferView{}, {1, dim, eps_, scalar_});
    a_ = wa_ = {};
  } else if (wx) {
    ops::rmsNorm(ctx, h, wx, x, {1, dim, eps_});
  }
  return wx ? x : h;
}

}  // namespace gwb::model
