#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_shuffle : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_NV_cooperative_matrix : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
// Flash attention (FlashAttention-2 style: one pass, online softmax) for many query rows (prefill
// chunks, encoders) on tensor cores: GL_NV_cooperative_matrix 16x16x16 f16 -> f32, 32-wide
// subgroups. Head dim HD (define: 16, 32, 64, 128, 256 or 512). Inputs are f16 copies made by
// flash_attention_pack.comp:
//   qh: [kvHeads, qRows, HD]  row r of KV head g = query r / G, query head g * G + r % G
//       (G = heads / kvHeads query heads share a KV head; qRows >= queries * G, a multiple of BR;
//       rows past queries * G are 0)
//   kh / vh: [keysPadded, kvHeads, HD] (keysPadded a multiple of BC, padding rows 0)
// qh, kh and vh are stored as contiguous 16 x 16 blocks (see the pack) so that a fragment load
// reads 512 consecutive bytes instead of 16 rows a row stride apart (1.4x faster on the H100).
//   out: f32 [queries, heads, HD] with row stride outStride, or f16 where OUT_HALF (a consumer
//   that reads f16, the text decoder's o projection on tensor cores; rounded once, here).
// Workgroup = one KV head x BR rows of its qh, i.e. BR / G queries of all G heads that read this
// KV head: each K / V tile is read once for all of them. Per key tile of BC keys:
//   1. S = Q K^T [BR x BC] in f32: SR x SC blocks of (BR / SR) x (BC / SC), each block's head-dim
//      sum split in SK parts over the subgroups (split-K; the softmax adds the parts).
//   2. Online softmax, TPR invocations per row: row max m, P = exp(s - m) as f16 into sP, the
//      factor alpha = exp(m_old - m) by which the row's O and sum l shrink.
//   3. O = alpha * O + P V: subgroup (rs, cs) owns O[rows rs, dims cs] as FR x FD f32 accumulators.
// A cooperative matrix has no row access, so each invocation learns the row of each of its
// accumulator elements once (a probe matrix loaded from shared memory whose elements are their own
// row index; elementwise, every accumulator of the type shares the mapping) and scales them.
// Key tiles that no row of the block can see are skipped (causal: ~half of a prefill's tiles).
// Scores: s = (q . k) * scale, optionally cap * tanh(s / cap); masks: key < keys, causal
// (key <= query position), sliding window (key > position - window). Rows without visible keys
// produce zeros. Precision: q, k, v and P rounded to f16 (2^-11 relative), sums in f32.
#include "activation.glsl"
#include "attention_keys.glsl"

#ifndef HD
#define HD 256
#endif
#ifndef BR
#define BR 64  // rows (query x head pairs) per workgroup: 32 or 64
#endif
#define BC 64  // keys per tile (the pack pads keys to this)
#if HD == 16
#define NSG 4  // subgroups
#define CS 1
#elif HD == 32
#define NSG 8
#define CS 2
#else
#define NSG 8
#define CS 4
#endif
#define RS (NSG / CS)
// S: SR x SC blocks, each block's head-dim sum split in SK parts (split-K), one per subgroup.
#define SR 2
#define SC 2
#define SK (NSG / (SR * SC))
#define WG_SIZE (NSG * 32)

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = WG_SIZE;
layout(constant_id = 1) const bool OUT_HALF = false;
const uint DW = HD / CS, FD = DW / 16;       // O dims and accumulators along them per subgroup
const uint FR = BR / RS / 16;                // O row fragments per subgroup
const uint SBR = BR / SR, SBC = BC / SC;     // S block per subgroup
const uint FSR = SBR / 16, FSC = SBC / 16;   // its fragments
const uint SDW = HD / SK;                    // head dims of one split-K part
const uint TPR = WG_SIZE / BR;               // invocations per row in the softmax stage
const uint CPT = BC / TPR;                   // score columns per invocation (CPT / 2 pairs)
const uint LDS = BC + 4;                     // S row stride in floats (conflict-free row reads)
const uint LDP = BC + 8;                     // P row stride in halfs (144 bytes, a multiple of 16)
const uint NE = 8;                           // elements of a 16 x 16 accumulator per invocation

#if NSG % CS != 0 || NSG % (SR * SC) != 0 || (BR / SR) % 16 != 0 || (BC / SC) % 16 != 0 || (HD / CS) % 16 != 0 || \
    (BR / RS) % 16 != 0 || (HD / SK) % 16 != 0 || BC % (2 * (WG_SIZE / BR)) != 0
#error "flash_attention: tile sizes do not divide"
#endif

layout(set = 0, binding = 0) readonly buffer QH { uvec4 qh[]; };  // 8 halfs per element
layout(set = 0, binding = 1) readonly buffer KH { uvec4 kh[]; };
layout(set = 0, binding = 2) readonly buffer VH { uvec4 vh[]; };
layout(set = 0, binding = 3) buffer Out { float o[]; };
layout(set = 0, binding = 3) buffer OutH { float16_t oh[]; };
layout(push_constant) uniform Params {
  uint queries, keys, heads, kvHeads, queryStart;
  uint causal, window;
  float scale, logitCap;
  uint outStride, qRows;
} p;

const float START_MAX = -1.0e30;  // running max before any visible key
const float MASKED = -3.0e38;     // score of a key the row cannot see

// Fragment addresses (uvec4 units) in the 16 x 16 block layout, 16 halfs (2 uvec4) per block
// row. Q row R of qh (KV head g's rows start at g * qRows), column c; K / V key row, column c
// (KV head g's dims start at g * HD).
const uint QSTRIDE = 2, KVSTRIDE = 2;
uint qAt(uint R, uint c) { return ((R >> 4) * (HD / 16) + (c >> 4)) * 32u; }
uint kvAt(uint key, uint c) { return ((key >> 4) * (p.kvHeads * HD / 16) + (c >> 4)) * 32u; }

shared float sS[SK * BR * LDS];  // S halves of one key tile, [half][row][key]; later epilogue scratch
shared uint sP[BR * LDP / 2];    // P as f16 pairs, [row][key]
shared float sRow[BR];           // per row: alpha of the current tile, at the end 1 / l

fcoopmatNV<32, gl_ScopeSubgroup, 16, 16> acc[FR][FD];

// Every element of acc whose row (in the block) is r gets multiplied by sRow[r].
// rowBits: the row (0..15) of accumulator element i in bits 4i..4i+3.
void scaleRows(uint rowBase, uint rowBits) {
  [[unroll]] for (uint fr = 0; fr < FR; ++fr) {
    float f[NE];
    [[unroll]] for (uint i = 0; i < NE; ++i) f[i] = sRow[rowBase + fr * 16 + ((rowBits >> (4 * i)) & 15u)];
    [[unroll]] for (uint n = 0; n < FD; ++n) {
      [[unroll]] for (uint i = 0; i < NE; ++i) acc[fr][n][i] *= f[i];
    }
  }
}

void main() {
  const uint tid = gl_LocalInvocationID.x;
  const uint g = gl_WorkGroupID.x;  // KV head
  const uint G = p.heads / p.kvHeads;
  const uint rowsG = p.queries * G;  // valid rows of this KV head
  // Later row blocks see more keys under a causal mask: start them first.
  const uint r0 = (gl_NumWorkGroups.y - 1u - gl_WorkGroupID.y) * BR;
  const uint sg = gl_SubgroupID;
  const uint kvCol = g * HD;  // this KV head's first column in kh / vh

  // Layout probe: element i of this invocation's accumulators lies in row (rowBits >> 4i) & 15
  // of its 16 x 16.
  for (uint e = tid; e < 256u; e += WG_SIZE) sS[e] = float(e / 16u);
  barrier();
  uint rowBits = 0u;
  bool layoutOk;
  {
    fcoopmatNV<32, gl_ScopeSubgroup, 16, 16> probe;
    coopMatLoadNV(probe, sS, 0, 16, false);
    layoutOk = probe.length() == int(NE);
    if (layoutOk) {
      [[unroll]] for (uint i = 0; i < NE; ++i) rowBits |= min(uint(probe[i]), 15u) << (4 * i);
    }
  }
  barrier();

  // Subgroup roles. S: block (sbr, sbc) of split-K part sk. O: rows rs, dims cs.
  const uint sk = sg / (SR * SC), sbr = (sg / SC) % SR, sbc = sg % SC;
  const uint rs = sg / CS, cs = sg % CS;
  const uint oRow = rs * (BR / RS);  // first row of this subgroup's O in the block
  // Softmax: invocation tid handles row sr, score pairs lane, lane + TPR, ...
  const uint sr = tid / TPR, lane = tid % TPR;
  const uint rowG = r0 + sr;
  const bool rowValid = rowG < rowsG;
  const uint qp = p.queryStart + (rowValid ? rowG : rowsG - 1u) / G;

  // Key tiles that can hold a visible key for some row of the block.
  const uint firstPos = p.queryStart + r0 / G;
  const uint lastPos = p.queryStart + (min(r0 + BR, rowsG) - 1u) / G;
  const uint lo = visibleKeyStart(firstPos, p.window);
  const uint hi = visibleKeyEnd(lastPos, p.keys, p.causal != 0u);
  const uint tStart = lo - lo % BC;

  [[unroll]] for (uint fr = 0; fr < FR; ++fr) {
    [[unroll]] for (uint n = 0; n < FD; ++n) acc[fr][n] = fcoopmatNV<32, gl_ScopeSubgroup, 16, 16>(0.0);
  }
  float m = START_MAX, l = 0.0;
  const uint qRow = g * p.qRows + r0 + sbr * SBR;  // this subgroup's first S row in qh

#ifdef PREFETCH
  // Small head dims (PREFETCH builds): this subgroup's Q fragments stay in registers, and the
  // K / V fragments of a tile are loaded a stage early (K of the next tile during this tile's
  // softmax and P V, V at the start of its tile), so their L2 latency overlaps other work.
  fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> qa[SDW / 16][FSR];
  fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> kb[SDW / 16][FSC];  // K^T: column-major [d][key]
  [[unroll]] for (uint dd = 0; dd < SDW / 16; ++dd) {
    [[unroll]] for (uint i = 0; i < FSR; ++i) coopMatLoadNV(qa[dd][i], qh, qAt(qRow + i * 16, sk * SDW + dd * 16), QSTRIDE, false);
  }
  if (tStart < hi) {
    [[unroll]] for (uint dd = 0; dd < SDW / 16; ++dd) {
      [[unroll]] for (uint j = 0; j < FSC; ++j) {
        coopMatLoadNV(kb[dd][j], kh, kvAt(tStart + sbc * SBC + j * 16, kvCol + sk * SDW + dd * 16), KVSTRIDE, true);
      }
    }
  }
#endif

  for (uint t0 = tStart; t0 < hi; t0 += BC) {
#ifdef PREFETCH
    fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> vb[BC / 16][FD];  // V: row-major [key][d]
    [[unroll]] for (uint kk = 0; kk < BC / 16; ++kk) {
      [[unroll]] for (uint n = 0; n < FD; ++n) {
        coopMatLoadNV(vb[kk][n], vh, kvAt(t0 + kk * 16, kvCol + cs * DW + n * 16), KVSTRIDE, false);
      }
    }
#endif
    // 1. S block of this subgroup over its head-dim part.
    {
      fcoopmatNV<32, gl_ScopeSubgroup, 16, 16> accS[FSR][FSC];
      [[unroll]] for (uint i = 0; i < FSR; ++i) {
        [[unroll]] for (uint j = 0; j < FSC; ++j) accS[i][j] = fcoopmatNV<32, gl_ScopeSubgroup, 16, 16>(0.0);
      }
#ifdef PREFETCH
      [[unroll]] for (uint dd = 0; dd < SDW / 16; ++dd) {
        [[unroll]] for (uint j = 0; j < FSC; ++j) {
          [[unroll]] for (uint i = 0; i < FSR; ++i) accS[i][j] = coopMatMulAddNV(qa[dd][i], kb[dd][j], accS[i][j]);
        }
      }
      if (t0 + BC < hi) {  // the next tile's K (keys < hi lie inside the padded copy)
        [[unroll]] for (uint dd = 0; dd < SDW / 16; ++dd) {
          [[unroll]] for (uint j = 0; j < FSC; ++j) {
            coopMatLoadNV(kb[dd][j], kh, kvAt(t0 + BC + sbc * SBC + j * 16, kvCol + sk * SDW + dd * 16), KVSTRIDE, true);
          }
        }
      }
#else
      const uint key0 = t0 + sbc * SBC;
      [[unroll]] for (uint dd = 0; dd < SDW; dd += 16) {
        const uint d = sk * SDW + dd;
        fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> a[FSR];
        [[unroll]] for (uint i = 0; i < FSR; ++i) coopMatLoadNV(a[i], qh, qAt(qRow + i * 16, d), QSTRIDE, false);
        [[unroll]] for (uint j = 0; j < FSC; ++j) {
          fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> b;  // K^T: column-major [d][key]
          coopMatLoadNV(b, kh, kvAt(key0 + j * 16, kvCol + d), KVSTRIDE, true);
          [[unroll]] for (uint i = 0; i < FSR; ++i) accS[i][j] = coopMatMulAddNV(a[i], b, accS[i][j]);
        }
      }
#endif
      [[unroll]] for (uint i = 0; i < FSR; ++i) {
        [[unroll]] for (uint j = 0; j < FSC; ++j) {
          coopMatStoreNV(accS[i][j], sS, (sk * BR + sbr * SBR + i * 16) * LDS + sbc * SBC + j * 16, LDS, false);
        }
      }
    }
    barrier();

    // 2. Online softmax of row sr.
    {
      float sv[CPT];
      float tileMax = START_MAX;
      [[unroll]] for (uint c = 0; c < CPT / 2; ++c) {
        [[unroll]] for (uint e = 0; e < 2; ++e) {
          const uint j = 2u * (lane + c * TPR) + e, key = t0 + j;
          float s = 0.0;
          [[unroll]] for (uint h = 0; h < SK; ++h) s += sS[(h * BR + sr) * LDS + j];
          s *= p.scale;
          if (p.logitCap > 0.0) s = p.logitCap * safeTanh(s / p.logitCap);
          bool vis = rowValid && key < p.keys;
          if (p.causal != 0u && key > qp) vis = false;
          if (p.window != 0u && key + p.window <= qp) vis = false;
          sv[2 * c + e] = vis ? s : MASKED;
          if (vis) tileMax = max(tileMax, s);
        }
      }
      [[unroll]] for (uint off = TPR / 2; off > 0; off /= 2) tileMax = max(tileMax, subgroupShuffleXor(tileMax, off));
      const float mNew = max(m, tileMax);
      const float alpha = exp(m - mNew);
      float sum = 0.0;
      [[unroll]] for (uint c = 0; c < CPT / 2; ++c) {
        vec2 pr = vec2(0.0);
        [[unroll]] for (uint e = 0; e < 2; ++e) {
          if (sv[2 * c + e] > 0.5 * MASKED) pr[e] = exp(sv[2 * c + e] - mNew);
        }
        const uint packed = packHalf2x16(pr);
        const vec2 rounded = unpackHalf2x16(packed);  // l sums the weights P V actually uses
        sum += rounded.x + rounded.y;
        sP[sr * (LDP / 2) + lane + c * TPR] = packed;
      }
      l = l * alpha + sum;
      m = mNew;
      if (lane == 0u) sRow[sr] = alpha;
    }
    barrier();

    // 3. O = alpha * O + P V.
    scaleRows(oRow, rowBits);
    [[unroll]] for (uint kk = 0; kk < BC; kk += 16) {
      fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> a[FR];
      [[unroll]] for (uint fr = 0; fr < FR; ++fr) {
        coopMatLoadNV(a[fr], sP, (oRow + fr * 16) * (LDP / 2) + kk / 2, LDP / 2, false);
      }
      [[unroll]] for (uint n = 0; n < FD; ++n) {
#ifdef PREFETCH
        [[unroll]] for (uint fr = 0; fr < FR; ++fr) acc[fr][n] = coopMatMulAddNV(a[fr], vb[kk / 16][n], acc[fr][n]);
#else
        fcoopmatNV<16, gl_ScopeSubgroup, 16, 16> b;  // V: row-major [key][d]
        coopMatLoadNV(b, vh, kvAt(t0 + kk, kvCol + cs * DW + n * 16), KVSTRIDE, false);
        [[unroll]] for (uint fr = 0; fr < FR; ++fr) acc[fr][n] = coopMatMulAddNV(a[fr], b, acc[fr][n]);
#endif
      }
    }
  }

  // O / l per row (the TPR partial sums of a row are consecutive invocations of one subgroup).
  [[unroll]] for (uint off = TPR / 2; off > 0; off /= 2) l += subgroupShuffleXor(l, off);
  barrier();  // every subgroup is done with sRow and sS
  if (lane == 0u) sRow[sr] = !layoutOk ? uintBitsToFloat(0x7fc00000u) : l > 0.0 ? 1.0 / l : 0.0;
  barrier();
  scaleRows(oRow, rowBits);

  // Rows of a 16-row fragment are equally spaced in out when every row is its own query (G == 1),
  // when the 16 rows are heads of one query (G % 16 == 0), or when one KV head serves all heads
  // of densely stored rows; then fragments go straight to out, others element by element.
  const bool evenRows = (G == 1u || G % 16u == 0u || (p.kvHeads == 1u && p.outStride == p.heads * HD)) &&
                        (p.outStride & (OUT_HALF ? 7u : 3u)) == 0u;  // 16-byte rows
  const uint rowStep = G == 1u ? p.outStride : HD;
  const uint sc = sg * 256u;
  [[unroll]] for (uint fr = 0; fr < FR; ++fr) {
    const uint row0 = r0 + oRow + fr * 16;  // row in this KV head's rows
    if (row0 >= rowsG) continue;
    [[unroll]] for (uint n = 0; n < FD; ++n) {
      const uint col = cs * DW + n * 16;
      if (evenRows && row0 + 16u <= rowsG) {
        const uint at = (row0 / G) * p.outStride + (g * G + row0 % G) * HD + col;
        if (OUT_HALF) {
          coopMatStoreNV(fcoopmatNV<16, gl_ScopeSubgroup, 16, 16>(acc[fr][n]), oh, at, rowStep, false);
        } else {
          coopMatStoreNV(acc[fr][n], o, at, rowStep, false);
        }
        continue;
      }
      coopMatStoreNV(acc[fr][n], sS, sc, 16, false);
      subgroupMemoryBarrierShared();
      subgroupBarrier();
      for (uint e = gl_SubgroupInvocationID; e < 256u; e += gl_SubgroupSize) {
        const uint row = row0 + e / 16u;
        if (row >= rowsG) continue;
        const uint at = (row / G) * p.outStride + (g * G + row % G) * HD + col + e % 16u;
        if (OUT_HALF) {
          oh[at] = float16_t(sS[sc + e]);
        } else {
          o[at] = sS[sc + e];
        }
      }
      subgroupBarrier();
    }
  }
}
