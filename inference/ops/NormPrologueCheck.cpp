#include "inference/ops/NormPrologueCheck.h"

#include "inference/ops/ResidualNorm.h"
#include "inference/ops/RmsNorm.h"

namespace gwb::ops {

PrologueCheckInputs makePrologueCheckInputs(gpu::Device& dev, uint64_t seed, uint32_t K, bool residual, bool next,
                                            float scalar) {
  PrologueCheckInputs in;
  in.K = K, in.residual = residual, in.next = next, in.scalar = scalar;
  in.a = randomFloats(K, seed, -3.0f, 3.0f);
  in.h = randomFloats(K, seed + 1, -2.0f, 2.0f);
  in.wa = randomFloats(K, seed + 2, 0.5f, 1.5f);
  in.wx = randomFloats(K, seed + 3, 0.5f, 1.5f);
  in.aBuf = uploadFloats(dev, in.a, "a"), in.hBuf = uploadFloats(dev, in.h, "h");
  in.waBuf = uploadFloats(dev, in.wa, "wa"), in.wxBuf = uploadFloats(dev, in.wx, "wx");
  return in;
}

NormPrologue PrologueCheckInputs::prologue(BufferView hOut) const {
  NormPrologue pro;
  pro.h = hBuf.view();
  if (residual) pro.a = aBuf.view(), pro.wa = waBuf.view();
  pro.scalar = scalar;
  pro.hOut = hOut;
  if (next) pro.wx = wxBuf.view();
  return pro;
}

void PrologueCheckInputs::reference(std::vector<float>& x, std::vector<float>& hRef) const {
  hRef = h;
  x.assign(K, 0.0f);
  if (residual) {
    ref::residualNorm(a.data(), wa.data(), hRef.data(), next ? wx.data() : nullptr, x.data(), {1, K, 1e-6f, scalar});
  } else if (next) {
    ref::rmsNorm(h.data(), wx.data(), x.data(), {1, K, 1e-6f});
  }
  if (!next) x = hRef;
}

}  // namespace gwb::ops
