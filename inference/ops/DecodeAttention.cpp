#include "inference/ops/DecodeAttention.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "inference/ops/QkvNormRope.h"
#include "inference/ops/Rope.h"

namespace gwb::ops {

namespace {
// Both passes take the same push constants (shaders/include/decode_splits.glsl reads them).
struct Push {
  uint32_t heads, kvHeads, headDim, keys, queryPos, window, splits, keysPerSplit, minKeysPerSplit, kvStride;
  float scale;
  uint32_t stepIndex;
  uint32_t rotatedPairs, appendKv;  // pass 1 with the fused input only
  float eps;
};
constexpr uint32_t kNoStep = 0xffffffffu;
// The merge's workgroup: kMergeDim4 vec4s of head dims (64 dims) x as many split lanes as the
// device's workgroup holds, up to 64 (attention_decode_merge.comp).
constexpr uint32_t kMergeDim4 = 16;
constexpr uint32_t kMergeMaxInvocations = 1024;
constexpr uint32_t kMaxVecsPerLane = 8;
// Few keys per split keep many subgroups in flight at short depths (a subgroup walks its keys one
// after another); the split cap bounds the partials and the merge at long depths. Replayed steps
// record the splits for their most keys and use only as many as keep this many keys each.
// H100 sweep (session 4, E2B decode @512 / @4096, subgroups per workgroup x minimum keys):
// 1x8 264 / 246 tok/s, 4x8 282 / 258, 4x16 286 / 268, 4x32 278 / 266, 8x16 287 / 269,
// 8x32 288 / 273, 8x64 279 / 261.
constexpr uint32_t kMinKeysPerSplit = 32;
// Subgroups per pass-1 workgroup: they take a split's keys in turn and merge in shared memory.
constexpr uint32_t kSplitSubgroups = 8;

uint32_t visibleRange(const AttentionParams& p, uint32_t& lo) {
  const uint32_t qp = p.queryStart;
  lo = (p.window != 0 && qp + 1 > p.window) ? qp + 1 - p.window : 0;
  const uint32_t hi = std::min(p.keys, qp + 1);
  return hi > lo ? hi - lo : 0;
}

// Query heads per workgroup (`visible`: the most keys the dispatch will see; `group`: query heads
// per KV head). One where few keys are visible: each head's workgroups read the KV head's rows
// again (from L2), but a short decode step is latency-bound: on the H100 (session 7) one head per
// workgroup against four (E2B's 8 heads on 1 KV head: 8 x 16 workgroups instead of 2 x 16) took
// sliding-layer attention from 15.4 to 13.1 us and E2B decode @512 from 308.5 to 315.6 tok/s
// (E4B 175.5 -> 179.5). Two from kDeepKeys on: a deep full-attention layer reads 134 MB of K/V
// per token at depth 32768 (E2B, f32), and with one head per workgroup its L2 reads them 8 times.
// H100 (session 13, 33k context, decode @512 / @4096 / @32768): E2B 327.5 / 306.7 / 245.0 tok/s
// with one head, 328.5 / 314.1 / 264.2 with two, 317.0 / 307.9 / 236.7 with four (registers),
// E4B 182.2 / 174.7 / 151.2 -> 181.7 / 178.1 / 157.8 with two.
constexpr uint32_t kDeepKeys = 4096;
uint32_t headsPerGroup(uint32_t visible, uint32_t group) { return visible >= kDeepKeys && group % 2 == 0 ? 2 : 1; }
}  // namespace

bool decodeAttentionSupported(const gpu::DeviceInfo& d, const AttentionParams& p) {
  const uint32_t sg = d.subgroupSize;
  if (!d.subgroupArithmetic || sg == 0 || p.queries != 1 || !p.causal || p.logitCap != 0.0f) return false;
  if (p.kvHeads == 0 || p.heads % p.kvHeads != 0 || p.headDim % (4 * sg) != 0) return false;
  if (p.headDim / (4 * sg) > kMaxVecsPerLane) return false;
  const uint32_t kvs = p.kvStride ? p.kvStride : p.kvHeads * p.headDim;
  const uint32_t qs = p.qStride ? p.qStride : p.heads * p.headDim;
  const uint32_t os = p.outStride ? p.outStride : p.heads * p.headDim;
  return kvs % 4 == 0 && qs == p.heads * p.headDim && os == p.heads * p.headDim;
}

namespace {
uint64_t partialBytes(uint32_t heads, uint32_t headDim) {
  return uint64_t(heads) * kDecodeAttentionMaxSplits * (headDim + 4) * 4;
}
}  // namespace

uint64_t decodeAttentionWorkspaceBytes(uint32_t heads, uint32_t headDim) {
  return partialBytes(heads, headDim) + uint64_t(heads) * 4;  // + a counter per head group (at most one per head)
}

BufferView decodeAttentionCounters(BufferView workspace, uint32_t heads) {
  return workspace.sub(workspace.size - uint64_t(heads) * 4, uint64_t(heads) * 4);
}

gpu::Buffer makeDecodeAttentionWorkspace(gpu::Device& device, uint32_t heads, uint32_t headDim, const std::string& name) {
  gpu::Buffer ws(device, decodeAttentionWorkspaceBytes(heads, headDim), gpu::MemoryUsage::DeviceLocal, name);
  const std::vector<uint32_t> zeros(heads, 0u);
  device.upload(decodeAttentionCounters(ws.view(), heads), zeros.data(), zeros.size() * 4);
  return ws;
}

uint32_t decodeAttentionSplits(uint32_t visibleKeys) {
  return std::clamp<uint32_t>(groupsFor(visibleKeys, kMinKeysPerSplit), 1, kDecodeAttentionMaxSplits);
}

namespace {
// The most keys the recorded dispatch sees: this call's, or those of the deepest replay of a step.
uint32_t mostVisibleKeys(const AttentionParams& p, const DecodeAttentionStep* step) {
  uint32_t lo = 0;
  if (!step) return visibleRange(p, lo);
  return p.window ? std::min(p.window, step->maxKeys) : step->maxKeys;
}
}  // namespace

uint32_t decodeAttentionRecordedSplits(const AttentionParams& p, const DecodeAttentionStep* step) {
  return decodeAttentionSplits(mostVisibleKeys(p, step));
}

namespace {
// Both entry points: binding 0 is q, or the raw q/k/v projection when `input` is given.
void recordDecodeAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out,
                           BufferView workspace, const AttentionParams& p, const DecodeAttentionStep* step,
                           const DecodeAttentionInput* input) {
  const gpu::DeviceInfo& d = ctx.device.info();
  if (!decodeAttentionSupported(d, p)) throw std::invalid_argument("decodeAttention: unsupported shape or device");
  if (workspace.size < decodeAttentionWorkspaceBytes(p.heads, p.headDim))
    throw std::invalid_argument("decodeAttention: workspace too small");
  if (step && (!step->buffer || step->maxKeys == 0)) throw std::invalid_argument("decodeAttention: empty step buffer");
  const uint32_t visible = mostVisibleKeys(p, step);
  const uint32_t splits = decodeAttentionSplits(visible);
  const uint32_t keysPerSplit = std::max(1u, groupsFor(visible, splits));
  const uint32_t sg = d.subgroupSize, vecs = p.headDim / (4 * sg);
  const uint32_t group = p.heads / p.kvHeads, gh = headsPerGroup(visible, group);
  const Push push{p.heads,
                  p.kvHeads,
                  p.headDim,
                  p.keys,
                  p.queryStart,
                  p.window,
                  splits,
                  keysPerSplit,
                  kMinKeysPerSplit,
                  p.kvStride ? p.kvStride : p.kvHeads * p.headDim,
                  p.scale,
                  step ? step->index : kNoStep,
                  input ? input->rotatedPairs : 0u,
                  input && input->appendKv ? 1u : 0u,
                  input ? input->eps : 0.0f};
  const BufferView part = workspace.sub(0, uint64_t(p.heads) * splits * (p.headDim + 4) * 4);
  // The subgroups' merge area (NSUB x GH x headDim floats + two floats per head) must fit.
  uint32_t nsub = kSplitSubgroups;
  while (nsub > 1 && (uint64_t(nsub) * gh * (p.headDim + 2) * 4 > d.maxSharedMemory ||
                      nsub * sg > d.maxWorkgroupInvocations)) {
    nsub /= 2;
  }
  // Few splits: pass 1's last workgroup per head group merges them (no pass 2, no barrier).
  const bool partialsOnly = input && input->partialsOnly;
  const bool mergeInPass = !partialsOnly && splits <= kMaxSplitsMergedInPass;
  // Keys per load batch of a subgroup: as many as 8 vec4 of K and V rows per lane hold, at most 4
  // (a 512-key window's split gives each subgroup 4 keys: all in flight at once).
  const uint32_t keyBatch = std::clamp(8u / vecs, 1u, 4u);
  const gpu::Pipeline& pass1 = ctx.device.pipelines().get(
      {"attention_decode", 12, sizeof(Push),
       {nsub * sg, vecs, gh, nsub, sg, input ? 1u : 0u, mergeInPass ? 1u : 0u, keyBatch, kMaxSplitsMergedInPass},
       d.subgroupSizeControl ? sg : 0u});
  const BufferView stepBuf = step ? step->buffer : q;
  // Without the fused input, bindings 5..9 are unused (bound to q, k and v, read by nothing);
  // without the merge in pass 1, bindings 10..11 likewise.
  const bool append = input && input->appendKv;
  const BufferView counters = decodeAttentionCounters(workspace, p.heads);
  ctx.rec.dispatch(pass1,
                   {gpu::in(q), gpu::in(k), gpu::in(v), mergeInPass ? gpu::inout(part) : gpu::out(part),
                    gpu::in(stepBuf), gpu::in(input ? input->wq : q), gpu::in(append ? input->wk : q),
                    gpu::in(input ? input->cosSin : q), append ? gpu::out(k) : gpu::in(k),
                    append ? gpu::out(v) : gpu::in(v), mergeInPass ? gpu::inout(counters) : gpu::in(q),
                    mergeInPass ? gpu::out(out) : gpu::in(q)},
                   push, p.kvHeads * (group / gh), splits);
  if (mergeInPass || partialsOnly) return;
  uint32_t mergeLanes = 1;  // a power of two
  while (mergeLanes * 2 * kMergeDim4 <= std::min(kMergeMaxInvocations, d.maxWorkgroupInvocations)) mergeLanes *= 2;
  const gpu::Pipeline& pass2 = ctx.device.pipelines().get(
      {"attention_decode_merge", 3, sizeof(Push), {mergeLanes * kMergeDim4, kMergeDim4}});  // any subgroup size
  ctx.rec.dispatch(pass2, {gpu::in(part), gpu::out(out), gpu::in(stepBuf)}, push, p.heads,
                   groupsFor(p.headDim / 4, kMergeDim4));
}
}  // namespace

void decodeAttention(OpContext& ctx, BufferView q, BufferView k, BufferView v, BufferView out, BufferView workspace,
                     const AttentionParams& p, const DecodeAttentionStep* step) {
  recordDecodeAttention(ctx, q, k, v, out, workspace, p, step, nullptr);
}

bool decodeAttentionInputSupported(const gpu::DeviceInfo& d, const AttentionParams& p, uint32_t rotatedPairs) {
  return decodeAttentionSupported(d, p) && (p.headDim / (4 * d.subgroupSize)) % 2 == 0 && rotatedPairs % 4 == 0 &&
         rotatedPairs <= p.headDim / 2;
}

void decodeAttention(OpContext& ctx, const DecodeAttentionInput& input, BufferView k, BufferView v, BufferView out,
                     BufferView workspace, const AttentionParams& p, const DecodeAttentionStep* step) {
  if (!decodeAttentionInputSupported(ctx.device.info(), p, input.rotatedPairs))
    throw std::invalid_argument("decodeAttention: the fused input needs an even number of vec4 per lane and rotated "
                                "pairs in whole vec4s, at most headDim / 2");
  if (!input.qkv || !input.wq || !input.cosSin || (input.appendKv && !input.wk))
    throw std::invalid_argument("decodeAttention: fused input missing");
  // The query is the last key (a decode step): its own key is the one appended.
  if (!step && p.keys != p.queryStart + 1)
    throw std::invalid_argument("decodeAttention: the fused input needs the query at the last key");
  recordDecodeAttention(ctx, input.qkv, k, v, out, workspace, p, step, &input);
}

namespace {
// How the checks give the kernel its query position: pushed, or read from a step buffer with the
// splits recorded for the cache's capacity (a few spare rows, or 4096 rows: many more splits
// recorded than the keys fill, so only the first ones are used and merged, decode_splits.glsl).
// The 4096-row capacity is kDeepKeys: full-attention shapes with an even number of query heads
// per KV head run two heads per workgroup there (headsPerGroup).
// The cache holds capacity rows; those past the query are random and must stay unseen.
enum class CheckMode { Pushed, Stepped, SteppedLongContext };
constexpr CheckMode kCheckModes[] = {CheckMode::Pushed, CheckMode::Stepped, CheckMode::SteppedLongContext};

uint32_t checkCapacity(CheckMode mode, uint32_t keys) {
  return mode == CheckMode::Pushed ? keys : mode == CheckMode::Stepped ? keys + 37 : kDeepKeys;
}

std::string checkShape(const char* name, const AttentionParams& p, CheckMode mode) {
  return std::string(name) + " k" + std::to_string(p.keys) + " hd" + std::to_string(p.headDim) +
         (mode == CheckMode::Pushed ? "" : " step buffer, capacity " + std::to_string(checkCapacity(mode, p.keys)));
}

// NaN partials: a merge that reads a split pass 1 did not write fails. The counters keep what
// makeDecodeAttentionWorkspace and the runs before left (zero, or the check fails).
void fillCheckPartials(OpContext& c, BufferView ws, uint32_t heads) {
  c.rec.fill(ws.sub(0, ws.size - uint64_t(heads) * 4), 0x7fc00000u);
}

// The step buffer of a stepped check: the position at index 1 (index 0 holds a decoy).
gpu::Buffer checkStepBuffer(gpu::Device& dev, uint32_t queryPos) {
  const uint32_t words[2] = {7u, queryPos};
  return uploadBytes(dev, words, sizeof words, "step");
}
}  // namespace

void addDecodeAttentionChecks(CheckList& list, const gpu::DeviceInfo& device) {
  struct Case {
    const char* name;
    uint32_t keys, heads, kvHeads, headDim, window;
    float qRange;  // as addAttentionChecks: keeps logits in the range of RMS-normed Gemma heads
  };
  // Gemma 4 decode shapes (E2B 8/1 heads, E4B 8/2; hd 256 sliding with window 512, hd 512 full),
  // plus small head dims so CPU devices with narrow subgroups run the kernel too; key counts
  // that leave a ragged last split, one key, the window cut, and more keys than the split cap
  // times the minimum split (8197 > 128 x 32).
  const Case cases[] = {
      {"E2B sliding window 512", 700, 8, 1, 256, 512, 0.5f}, {"E2B full 4096 keys", 4096, 8, 1, 512, 0, 0.4f},
      {"E4B sliding 8/2 heads", 333, 8, 2, 256, 512, 0.5f},  {"E4B full 8/2 heads", 1001, 8, 2, 512, 0, 0.4f},
      {"hd32 one key", 1, 4, 1, 32, 0, 1.0f},                {"hd64 window 16", 100, 6, 2, 64, 16, 1.0f},
      {"hd32 past the split cap", 8197, 2, 1, 32, 0, 1.0f},  {"hd128 3/1 heads", 77, 3, 1, 128, 0, 0.7f},
  };
  for (const Case& cs : cases) {
   for (CheckMode mode : kCheckModes) {
    const bool stepped = mode != CheckMode::Pushed;
    if (stepped && cs.keys > 2000) continue;
    const uint32_t capacity = checkCapacity(mode, cs.keys);
    AttentionParams p;
    p.queries = 1, p.keys = cs.keys, p.heads = cs.heads, p.kvHeads = cs.kvHeads, p.headDim = cs.headDim;
    p.queryStart = cs.keys - 1, p.causal = true, p.window = cs.window;
    if (!decodeAttentionSupported(device, p)) continue;
    list.push_back({"attention", "decode-split", checkShape(cs.name, p, mode), [p, cs, stepped, capacity](gpu::Device& dev, uint64_t seed) {
                      const size_t qn = size_t(p.heads) * p.headDim, kvn = size_t(capacity) * p.kvHeads * p.headDim;
                      auto q = randomFloats(qn, seed, -cs.qRange, cs.qRange);
                      auto k = randomFloats(kvn, seed + 1);
                      auto v = randomFloats(kvn, seed + 2, -2.0f, 2.0f);
                      auto bq = uploadFloats(dev, q, "q");
                      auto bk = uploadFloats(dev, k, "k");
                      auto bv = uploadFloats(dev, v, "v");
                      auto bo = outputFloats(dev, qn, "out");
                      gpu::Buffer ws = makeDecodeAttentionWorkspace(dev, p.heads, p.headDim, "decode attention partials");
                      auto bstep = checkStepBuffer(dev, p.queryStart);
                      const DecodeAttentionStep st{bstep.view(), 1, capacity};
                      AttentionParams recorded = p;
                      if (stepped) recorded.keys = recorded.queryStart = 0;  // must come from the buffer
                      const double ms = recordAndTime(dev, [&](OpContext& c) {
                        // Twice, the output NaN in between: the second run must merge again
                        // (counters left at zero). NaN partials: a merge that read a split pass 1
                        // did not write fails.
                        for (int run = 0; run < 2; ++run) {
                          fillCheckPartials(c, ws.view(), p.heads);
                          c.rec.fill(bo.view(), 0x7fc00000u);
                          decodeAttention(c, bq.view(), bk.view(), bv.view(), bo.view(), ws.view(), recorded,
                                          stepped ? &st : nullptr);
                        }
                      });
                      std::vector<float> want(qn);
                      ref::attention(q.data(), k.data(), v.data(), nullptr, want.data(), p);
                      // f32 throughout like the portable kernel; the split order of the sums and
                      // the merge's rescaling add a few ulps: the same 1e-5 of max|ref|.
                      CheckResult r = compare(downloadFloats(dev, bo.view()), want, 1e-5);
                      r.milliseconds = ms;
                      return r;
                    }});
   }
  }
}

void addDecodeAttentionInputChecks(CheckList& list, const gpu::DeviceInfo& device) {
  struct Case {
    const char* name;
    uint32_t keys, heads, kvHeads, headDim, window, rotatedPairs;
    bool appendKv;
  };
  // Gemma 4 decode steps with the attention input fused (E2B sliding hd256 with all pairs
  // rotated, full hd512 with a quarter, E4B's 2 KV heads, KV-shared layers that only read the
  // cache), the first step (the own key is the only key), a window cut, and head dims that
  // 8-wide subgroups run.
  const Case cases[] = {
      {"E2B sliding window 512", 700, 8, 1, 256, 512, 128, true}, {"E2B full partial rope", 1500, 8, 1, 512, 0, 64, true},
      {"E4B kv-shared 8/2 heads", 333, 8, 2, 256, 512, 128, false}, {"E4B full 8/2 heads", 901, 8, 2, 512, 0, 64, true},
      {"hd64 window 16 6/2 heads", 100, 6, 2, 64, 16, 32, true},   {"hd128 first step", 1, 4, 1, 128, 0, 16, true},
      {"hd64 kv-shared", 50, 4, 1, 64, 0, 32, false},              {"hd256 one split", 20, 2, 1, 256, 0, 128, true},
  };
  for (const Case& cs : cases) {
    for (CheckMode mode : kCheckModes) {
      const bool stepped = mode != CheckMode::Pushed;
      const uint32_t capacity = checkCapacity(mode, cs.keys);
      AttentionParams p;
      p.queries = 1, p.keys = cs.keys, p.heads = cs.heads, p.kvHeads = cs.kvHeads, p.headDim = cs.headDim;
      p.queryStart = cs.keys - 1, p.causal = true, p.window = cs.window;
      p.scale = 1.0f / std::sqrt(float(cs.headDim));  // logits of a few units, as the decoder's
      if (!decodeAttentionInputSupported(device, p, cs.rotatedPairs)) continue;
      list.push_back({"attention", "decode-split-fused-input", checkShape(cs.name, p, mode), [p, cs, stepped, capacity](gpu::Device& dev, uint64_t seed) {
                        const uint32_t hd = p.headDim, own = cs.appendKv ? p.kvHeads : 0u;
                        const QkvNormRopeParams np{1, p.heads, own, hd, cs.rotatedPairs, 0, 0, 1e-6f};
                        const size_t qn = size_t(p.heads) * hd, kvn = size_t(capacity) * p.kvHeads * hd;
                        auto qkv = randomFloats(size_t(p.heads + 2 * own) * hd, seed, -3.0f, 3.0f);
                        auto wq = randomFloats(hd, seed + 1, 0.5f, 1.5f), wk = randomFloats(hd, seed + 2, 0.5f, 1.5f);
                        const std::vector<int32_t> pos{int32_t(p.queryStart)};
                        const auto table = ropeTable(pos, ropeInverseFrequencies(1e4f, hd, cs.rotatedPairs));
                        auto k = randomFloats(kvn, seed + 3), v = randomFloats(kvn, seed + 4, -2.0f, 2.0f);
                        auto bqkv = uploadFloats(dev, qkv, "qkv"), bwq = uploadFloats(dev, wq, "wq");
                        auto bwk = uploadFloats(dev, wk, "wk"), bcs = uploadFloats(dev, table, "cosSin");
                        auto bk = uploadFloats(dev, k, "k cache"), bv = uploadFloats(dev, v, "v cache");
                        auto bo = outputFloats(dev, qn, "out");
                        gpu::Buffer ws = makeDecodeAttentionWorkspace(dev, p.heads, hd, "decode attention partials");
                        auto bstep = checkStepBuffer(dev, p.queryStart);
                        const DecodeAttentionStep st{bstep.view(), 1, capacity};
                        const DecodeAttentionInput in{bqkv.view(), bwq.view(), bwk.view(), bcs.view(), cs.rotatedPairs,
                                                      cs.appendKv, 1e-6f};
                        AttentionParams recorded = p;
                        if (stepped) recorded.keys = recorded.queryStart = 0;  // must come from the buffer
                        const double ms = recordAndTime(dev, [&](OpContext& c) {
                          fillCheckPartials(c, ws.view(), p.heads);  // NaN partials, as the unfused checks
                          decodeAttention(c, in, bk.view(), bv.view(), bo.view(), ws.view(), recorded,
                                          stepped ? &st : nullptr);
                        });
                        // The reference: qkvNormRope's (q, and the own key appended), then attention.
                        std::vector<float> q(qn), want(qn);
                        ref::qkvNormRope(qkv.data(), wq.data(), wk.data(), table.data(), q.data(), k.data(), v.data(),
                                         p.queryStart, np);
                        ref::attention(q.data(), k.data(), v.data(), nullptr, want.data(), p);
                        // f32 as the unfused kernels (their checks' 1e-5 each); the caches are
                        // compared whole: the own row written, every other row unchanged.
                        CheckResult r = compare(downloadFloats(dev, bo.view()), want, 1e-5);
                        if (r.pass) r = compare(downloadFloats(dev, bk.view()), k, 1e-5);
                        if (r.pass) r = compare(downloadFloats(dev, bv.view()), v, 1e-5);
                        r.milliseconds = ms;
                        return r;
                      }});
    }
  }
}

}  // namespace gwb::ops
