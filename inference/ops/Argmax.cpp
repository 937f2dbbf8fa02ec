#include "inference/ops/Argmax.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace gwb::ops {

namespace {
struct Push {
  uint32_t n, pairs, perGroup;
};
constexpr uint32_t kGroup = 256;
constexpr uint32_t kMaxGroups = 256;         // pass 1 workgroups (pass 2 reduces them in one)
constexpr uint32_t kMinPerGroup = 4 * kGroup;  // values per pass-1 workgroup at least
}  // namespace

uint64_t argmaxWorkspaceBytes() { return uint64_t(kMaxGroups) * 8; }

void argmax(OpContext& ctx, BufferView values, uint32_t n, BufferView workspace, BufferView out) {
  if (n == 0) throw std::invalid_argument("argmax of nothing");
  if (values.size < uint64_t(n) * 4 || workspace.size < argmaxWorkspaceBytes() || out.size < 8)
    throw std::invalid_argument("argmax: a buffer is too small");
  const uint32_t groups = std::clamp(groupsFor(n, kMinPerGroup), 1u, kMaxGroups);
  const uint32_t perGroup = groupsFor(n, groups);
  const gpu::Pipeline& pipe = ctx.device.pipelines().get({"argmax", 2, sizeof(Push), {kGroup}});
  const BufferView part = workspace.sub(0, uint64_t(groups) * 8);
  ctx.rec.dispatch(pipe, {gpu::in(values), gpu::out(part)}, Push{n, 0, perGroup}, groups);
  ctx.rec.dispatch(pipe, {gpu::in(part), gpu::out(out.sub(0, 8))}, Push{groups, 1, groups}, 1);
}

namespace ref {
uint32_t argmax(std::span<const float> v) { return uint32_t(std::max_element(v.begin(), v.end()) - v.begin()); }
}  // namespace ref

void addArgmaxChecks(CheckList& list, const gpu::DeviceInfo&) {
  // Vocabulary-sized (262144, Gemma 4), a size that leaves a ragged last block, tiny sizes, and
  // a vector whose maximum occurs twice (the lower index must win).
  struct Case {
    uint32_t n;
    bool tie;
  };
  for (const Case c : {Case{262144, false}, Case{100003, false}, Case{1, false}, Case{300, false}, Case{50000, true}}) {
    list.push_back({"argmax", "portable", std::to_string(c.n) + (c.tie ? " tie" : ""),
                    [c](gpu::Device& dev, uint64_t seed) {
                      auto v = randomFloats(c.n, seed, -30.0f, 30.0f);
                      if (c.tie) {
                        const uint32_t hi = ref::argmax(v);
                        v[c.n / 3] = v[hi];
                        v[(2 * c.n) / 3] = v[hi];
                      }
                      auto bv = uploadFloats(dev, v, "values");
                      gpu::Buffer ws(dev, argmaxWorkspaceBytes(), gpu::MemoryUsage::DeviceLocal, "argmax partials");
                      gpu::Buffer out(dev, 8, gpu::MemoryUsage::DeviceLocal, "argmax");
                      const double ms = recordAndTime(dev, [&](OpContext& ctx) {
                        argmax(ctx, bv.view(), c.n, ws.view(), out.view());
                      });
                      uint32_t got[2];
                      dev.download(out.view(), got, 8);
                      const uint32_t want = ref::argmax(v);
                      CheckResult r;
                      r.tolerance = 0;
                      r.maxError = got[1] == want ? 0.0 : 1.0;
                      r.pass = got[1] == want;
                      if (!r.pass) r.note = "index " + std::to_string(got[1]) + ", want " + std::to_string(want);
                      r.milliseconds = ms;
                      return r;
                    }});
  }
}

}  // namespace gwb::ops
