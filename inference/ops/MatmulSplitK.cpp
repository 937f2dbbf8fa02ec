#include "inference/ops/MatmulSplitK.h"

#include "inference/ops/OpCheck.h"

namespace gwb::ops {

void matmulSplitKReduce(OpContext& ctx, BufferView part, BufferView bias, BufferView y, const SplitKReduceParams& p) {
  if (p.M == 0 || p.N == 0) return;
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"matmul_splitk_reduce", 3, sizeof p});
  const bool accumulate = (p.flags & 2u) != 0;
  ctx.rec.dispatch(pipe, {gpu::in(part), gpu::in(bias ? bias : part), accumulate ? gpu::inout(y) : gpu::out(y)}, p,
                   groupsFor(p.N, 64), groupsFor(p.M, 4));
}

namespace ref {
void matmulSplitKReduce(const float* part, const float* bias, float* y, const SplitKReduceParams& p) {
  for (uint32_t m = 0; m < p.M; ++m) {
    for (uint32_t n = 0; n < p.N; ++n) {
      float s = part[size_t(m) * p.N + n];  // the layers in order, in f32 as the shader adds them
      for (uint32_t z = 1; z < p.layers; ++z) s += part[(size_t(z) * p.M + m) * p.N + n];
      if (p.flags & 1u) s += bias[p.nOffset + n];
      float& out = y[size_t(m) * p.ldy + p.nOffset + n];
      if (p.flags & 2u) s += out;
      out = s;
    }
  }
}
}  // namespace ref

void addMatmulSplitKChecks(CheckList& list, const gpu::DeviceInfo&) {
  // The reduce on its own (it runs everywhere; the split matmuls it completes are checked with the
  // cooperative-matrix tiles in addMatmulChecks): one to four layers, odd M and N, bias,
  // accumulate, and a column offset inside a wider y whose other columns must stay as they were.
  // The same f32 additions in the same order as the reference (adds only: nothing to contract
  // into an FMA), so the results agree exactly; 1e-6 of max|ref| is the bound.
  struct Case {
    uint32_t M, N, layers, flags, ldyPad, nOffset;
  };
  const Case cases[] = {{1, 64, 1, 0, 0, 0},   {37, 300, 2, 1, 0, 0},  {512, 1536, 3, 0, 0, 0},
                        {70, 129, 4, 3, 5, 2}, {5, 1000, 2, 2, 0, 0}};
  for (const Case& c : cases) {
    const std::string what = std::to_string(c.M) + "x" + std::to_string(c.N) + " layers " +
                             std::to_string(c.layers) + ((c.flags & 1) ? " bias" : "") +
                             ((c.flags & 2) ? " accumulate" : "") + (c.ldyPad ? " ldy+" + std::to_string(c.ldyPad) : "");
    list.push_back({"matmul", "splitk-reduce", what, [c](gpu::Device& dev, uint64_t seed) {
                      SplitKReduceParams p{c.M, c.N, c.nOffset + c.N + c.ldyPad, c.nOffset, c.flags, c.layers};
                      const size_t ny = size_t(c.M) * p.ldy;
                      const auto part = randomFloats(size_t(c.layers) * c.M * c.N, seed, -1.0f, 1.0f);
                      const auto bias = randomFloats(c.nOffset + c.N, seed + 1, -1.0f, 1.0f);
                      std::vector<float> want = randomFloats(ny, seed + 2, -1.0f, 1.0f);  // old y and its margins
                      auto bp = uploadFloats(dev, part, "part");
                      auto bb = uploadFloats(dev, bias, "bias");
                      auto by = uploadFloats(dev, want, "y");
                      const double ms = recordAndTime(dev, [&](OpContext& ctx) {
                        matmulSplitKReduce(ctx, bp.view(), (c.flags & 1) ? bb.view() : BufferView{}, by.view(), p);
                      });
                      ref::matmulSplitKReduce(part.data(), bias.data(), want.data(), p);
                      CheckResult r = compare(downloadFloats(dev, by.view()), want, 1e-6);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
