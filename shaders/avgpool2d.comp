#version 450
#extension GL_GOOGLE_include_directive : require
// Non-overlapping k×k average pool (stride k) times a scale; windows cut by the edge still divide by k²:
//   y[c, oy, ox] = (Σ_{dy,dx<k, inside} x[c, oy·k + dy, ox·k + dx]) · (1/k²) · scale
// Layouts come as element strides (xc, xy, xx) / (yc, yy, yx). One invocation per output element:
// grid x covers channels (contiguous in HWC, the vision pooler's layout [Hp, Wp, hidden]), grid y
// covers output pixels; both grid-stride.
layout(local_size_x_id = 0) in;
layout(set = 0, binding = 0) readonly buffer X { float x[]; };
layout(set = 0, binding = 1) writeonly buffer Y { float y[]; };
layout(push_constant) uniform Params {
  uint c, h, w, outH, outW, k;
  float scale;
  uint xc, xy, xx, yc, yy, yx;
} p;

void main() {
  const float invArea = 1.0 / float(p.k * p.k);
  for (uint o = gl_WorkGroupID.y; o < p.outH * p.outW; o += gl_NumWorkGroups.y) {
    const uint oy = o / p.outW, ox = o % p.outW;
    const uint yEnd = min(oy * p.k + p.k, p.h), xEnd = min(ox * p.k + p.k, p.w);
    for (uint c = gl_GlobalInvocationID.x; c < p.c; c += gl_NumWorkGroups.x * gl_WorkGroupSize.x) {
      float s = 0.0;
      for (uint iy = oy * p.k; iy < yEnd; ++iy) {
        for (uint ix = ox * p.k; ix < xEnd; ++ix) s += x[c * p.xc + iy * p.xy + ix * p.xx];
      }
      y[c * p.yc + oy * p.yy + ox * p.yx] = s * invArea * p.scale;
    }
  }
}
