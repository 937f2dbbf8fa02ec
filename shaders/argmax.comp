#version 450
// Argmax of a float vector on the GPU (greedy decoding reads one id instead of the logits), in
// two dispatches of this shader (ops/Argmax.h): pass 1 (pairs == 0) reduces each workgroup's
// contiguous block of `values` to one (value, index) pair; pass 2 (pairs == 1) reduces those
// pairs with one workgroup. Ties go to the lower index, as torch.argmax and std::max_element.
//   in: pass 1 f32 [n]; pass 2 [n] pairs of (f32 value, u32 index bits); out: [groups] pairs
layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer In { float v[]; };
layout(set = 0, binding = 1) writeonly buffer Out { float o[]; };
layout(push_constant) uniform Params {
  uint n, pairs, perGroup;
} p;

const uint WG = gl_WorkGroupSize.x;
shared float sVal[WG];
shared uint sIdx[WG];

// Whether (a, ia) beats (b, ib).
bool better(float a, uint ia, float b, uint ib) { return a > b || (a == b && ia < ib); }

void main() {
  const uint t = gl_LocalInvocationID.x;
  const uint begin = gl_WorkGroupID.x * p.perGroup;
  const uint end = min(p.n, begin + p.perGroup);
  float best = -3.4e38;
  uint bestIdx = 0xffffffffu;
  for (uint i = begin + t; i < end; i += WG) {
    const float x = p.pairs != 0u ? v[2u * i] : v[i];
    const uint xi = p.pairs != 0u ? floatBitsToUint(v[2u * i + 1u]) : i;
    if (better(x, xi, best, bestIdx)) {
      best = x;
      bestIdx = xi;
    }
  }
  sVal[t] = best;
  sIdx[t] = bestIdx;
  barrier();
  for (uint w = WG / 2u; w > 0u; w >>= 1u) {
    if (t < w && better(sVal[t + w], sIdx[t + w], sVal[t], sIdx[t])) {
      sVal[t] = sVal[t + w];
      sIdx[t] = sIdx[t + w];
    }
    barrier();
  }
  if (t == 0u) {
    o[2u * gl_WorkGroupID.x] = sVal[0];
    o[2u * gl_WorkGroupID.x + 1u] = uintBitsToFloat(sIdx[0]);
  }
}
