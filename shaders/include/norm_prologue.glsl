// Norm prologue of the fused decode matvecs (matvec_wide.comp, matvec_q.comp with NORM_PROLOGUE;
// ops/NormedMatvec.h): the decoder's residual step done by its consumer, one token (M = 1):
//   h' = (h + rmsnorm(a) * wa) * scalar      (flag 4; without it h' = h)
//   x  = rmsnorm(h') * wx                    (flag 8; without it x = h')
// Every workgroup computes x for itself (a, h: f32 [K], a few KB that stay in L2); workgroup 0
// stores h' to hOut (flag 16), a different buffer from h, so no workgroup reads a half-updated h.
// Same f32 arithmetic as residual_norm.comp. The prologue is on the critical path of every
// decode matvec that has one, so it makes one round of L2 loads (each invocation keeps its vec4s
// of a, wa, h, wx in registers) and meets at two barriers: rmsnorm(a)'s sum, then h' and its
// sum; with flag 8 each invocation then overwrites its own vec4s of h' in shared memory with
// x = h' * (1 / rms(h')) * wx (rounded as residual_norm.comp rounds it) before a third barrier.
// On the H100 the older prologue (three rounds of loads, five barriers) cost ~2 us of each
// normed q/k/v and GeGLU dispatch; keeping h' and wx in shared memory instead of x, and
// multiplying them at every k-step of the matvec, made the E2B decode step 4 % slower than the
// third barrier does (docs/benchmarks.md, sessions 9 and 10).
// Flag 32: gelu-mul epilogue y[n] = gelu_tanh(x·W_n) * mul[m * mulStride + n] (PLE gate).
// Include it after the includer's local_size layout (gl_WorkGroupSize is fixed where first used).
// The includer defines PROLOGUE_SIZE_ID (the first free constant_id) and includes
// activation.glsl and its io header (matmul_io.glsl / quant_io.glsl, whose Params carry eps,
// scalar and mulStride under NORM_PROLOGUE). K % 4 == 0, K / 4 <= PROLOGUE_VEC4S (the op checks).

layout(constant_id = PROLOGUE_SIZE_ID) const uint PROLOGUE_VEC4S = 1;  // x as vec4: K / 4
shared vec4 prologueX[PROLOGUE_VEC4S];  // x: h' (flag 8: rmsnorm(h') * wx)

layout(set = 0, binding = 4) readonly buffer ProA { vec4 proA[]; };
layout(set = 0, binding = 5) readonly buffer ProWa { vec4 proWa[]; };
layout(set = 0, binding = 6) readonly buffer ProH { vec4 proH[]; };
layout(set = 0, binding = 7) readonly buffer ProWx { vec4 proWx[]; };
layout(set = 0, binding = 8) writeonly buffer ProHOut { vec4 proHOut[]; };
layout(set = 0, binding = 9) readonly buffer ProMul { float proMul[]; };

const uint kProResidual = 4u, kProNext = 8u, kProStoreH = 16u, kProGeluMul = 32u;

// Per subgroup sums of the two reductions (separate arrays: no barrier protects a reuse). At
// most 128 subgroups: 1024 invocations of subgroups of 8.
shared float prologueSumA[128], prologueSumH[128];
const uint PROLOGUE_PER = (PROLOGUE_VEC4S + gl_WorkGroupSize.x - 1u) / gl_WorkGroupSize.x;  // x's vec4s per invocation

// A reduction's total once every subgroup has published its sum (after the caller's barrier):
// the subgroups' sums in order, the same in every invocation.
float prologueTotal(bool ofH) {
  float total = 0.0;
  for (uint i = 0; i < gl_NumSubgroups; ++i) total += ofH ? prologueSumH[i] : prologueSumA[i];
  return total;
}

// Fills prologueX; the whole workgroup must call it (barriers) before any early return.
void normPrologue() {
  const uint tid = gl_LocalInvocationIndex, G = gl_WorkGroupSize.x;
  const uint n4 = p.K / 4u;
  const bool residual = (p.flags & kProResidual) != 0u, next = (p.flags & kProNext) != 0u;
  const bool storeH = (p.flags & kProStoreH) != 0u && gl_WorkGroupID.x == 0u && gl_WorkGroupID.y == 0u &&
                      gl_WorkGroupID.z == 0u;
  // One round of loads; vec4s past K are zeros and add nothing to the sums.
  vec4 hv[PROLOGUE_PER], av[PROLOGUE_PER], wav[PROLOGUE_PER], wxv[PROLOGUE_PER];
  float ssA = 0.0;
  [[unroll]] for (uint j = 0; j < PROLOGUE_PER; ++j) {
    const uint i = tid + j * G;
    const bool inside = i < n4;
    hv[j] = inside ? proH[i] : vec4(0.0);
    av[j] = inside && residual ? proA[i] : vec4(0.0);
    wav[j] = inside && residual ? proWa[i] : vec4(0.0);
    wxv[j] = inside && next ? proWx[i] : vec4(0.0);
    ssA += dot(av[j], av[j]);
  }
  if (residual) {  // uniform
    const float s = subgroupAdd(ssA);
    if (subgroupElect()) prologueSumA[gl_SubgroupID] = s;
    barrier();
    const float invA = inversesqrt(prologueTotal(false) / float(p.K) + p.eps);
    [[unroll]] for (uint j = 0; j < PROLOGUE_PER; ++j) hv[j] = (hv[j] + av[j] * invA * wav[j]) * p.scalar;
  }
  float ssH = 0.0;
  [[unroll]] for (uint j = 0; j < PROLOGUE_PER; ++j) {
    const uint i = tid + j * G;
    if (i < n4) {
      ssH += dot(hv[j], hv[j]);
      prologueX[i] = hv[j];
      if (storeH) proHOut[i] = hv[j];
    }
  }
  if (next) {  // uniform
    const float s = subgroupAdd(ssH);
    if (subgroupElect()) prologueSumH[gl_SubgroupID] = s;
  }
  barrier();
  if (next) {  // uniform; each invocation rewrites only its own vec4s, read by others after the barrier
    const float invH = inversesqrt(prologueTotal(true) / float(p.K) + p.eps);
    [[unroll]] for (uint j = 0; j < PROLOGUE_PER; ++j) {
      const uint i = tid + j * G;
      if (i < n4) prologueX[i] = hv[j] * invH * wxv[j];
    }
    barrier();
  }
}

// The matvec's store with the optional gelu-mul epilogue (no bias / accumulate with it).
void storeOut(uint m, uint n, float v) {
  if ((p.flags & kProGeluMul) != 0u) v = geluTanh(v) * proMul[m * p.mulStride + p.nOffset + n];
  storeY(m, n, v);
}
