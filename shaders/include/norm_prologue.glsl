// Norm prologue of the fused decode matvecs (matvec_wide.comp, matvec_q.comp with NORM_PROLOGUE;
// ops/DecodeMatvec.h): the decoder's residual step done by its consumer, one token (M = 1):
//   h' = (h + rmsnorm(a) * wa) * scalar      (flag 4; without it h' = h)
//   x  = rmsnorm(h') * wx                    (flag 8; without it x = h')
// Every workgroup computes x into shared memory (a, h: f32 [K], a few KB that stay in L2) and the
// matvec reads x from there; workgroup 0 stores h' to hOut (flag 16), a different buffer from h,
// so no workgroup reads a half-updated h. Same f32 arithmetic as residual_norm.comp.
// Flag 32: gelu-mul epilogue y[n] = gelu_tanh(x·W_n) * mul[m * mulStride + n] (PLE gate).
// Include it after the includer's local_size layout (gl_WorkGroupSize is fixed where first used).
// The includer defines PROLOGUE_SIZE_ID (the first free constant_id) and includes reduce.glsl,
// activation.glsl and its io header (matmul_io.glsl / quant_io.glsl, whose Params carry eps,
// scalar and mulStride under NORM_PROLOGUE). K % 4 == 0, K / 4 <= PROLOGUE_VEC4S (the op checks).

layout(constant_id = PROLOGUE_SIZE_ID) const uint PROLOGUE_VEC4S = 1;  // x as vec4: K / 4
shared vec4 prologueX[PROLOGUE_VEC4S];

layout(set = 0, binding = 4) readonly buffer ProA { vec4 proA[]; };
layout(set = 0, binding = 5) readonly buffer ProWa { vec4 proWa[]; };
layout(set = 0, binding = 6) readonly buffer ProH { vec4 proH[]; };
layout(set = 0, binding = 7) readonly buffer ProWx { vec4 proWx[]; };
layout(set = 0, binding = 8) writeonly buffer ProHOut { vec4 proHOut[]; };
layout(set = 0, binding = 9) readonly buffer ProMul { float proMul[]; };

const uint kProResidual = 4u, kProNext = 8u, kProStoreH = 16u, kProGeluMul = 32u;

// Fills prologueX with x; the whole workgroup must call it (barriers) before any early return.
void normPrologue() {
  const uint tid = gl_LocalInvocationIndex, G = gl_WorkGroupSize.x;
  const uint n4 = p.K / 4u;
  const bool residual = (p.flags & kProResidual) != 0u;
  float invA = 1.0;
  if (residual) {  // uniform
    float ss = 0.0;
    for (uint i = tid; i < n4; i += G) {
      const vec4 v = proA[i];
      ss += dot(v, v);
    }
    invA = inversesqrt(workgroupSum(ss) / float(p.K) + p.eps);
  }
  const bool storeH = (p.flags & kProStoreH) != 0u && gl_WorkGroupID.x == 0u && gl_WorkGroupID.y == 0u &&
                      gl_WorkGroupID.z == 0u;
  float ssH = 0.0;
  for (uint i = tid; i < n4; i += G) {
    vec4 hv = proH[i];
    if (residual) hv = (hv + proA[i] * invA * proWa[i]) * p.scalar;
    ssH += dot(hv, hv);
    prologueX[i] = hv;
    if (storeH) proHOut[i] = hv;
  }
  if ((p.flags & kProNext) != 0u) {  // uniform; each invocation rescales only the values it wrote
    const float invH = inversesqrt(workgroupSum(ssH) / float(p.K) + p.eps);
    for (uint i = tid; i < n4; i += G) prologueX[i] = prologueX[i] * invH * proWx[i];
  }
  barrier();
}

// The matvec's store with the optional gelu-mul epilogue (no bias / accumulate with it).
void storeOut(uint m, uint n, float v) {
  if ((p.flags & kProGeluMul) != 0u) v = geluTanh(v) * proMul[m * p.mulStride + p.nOffset + n];
  storeY(m, n, v);
}
