#include "inference/ops/QuantCodec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gwb::ops::quant {

namespace {

using gpu::f16ToF32;
using gpu::f32ToF16;

void storeF16(uint8_t* p, float v) {
  const uint16_t h = f32ToF16(v);
  std::memcpy(p, &h, 2);
}
float loadF16(const uint8_t* p) {
  uint16_t h;
  std::memcpy(&h, p, 2);
  return f16ToF32(h);
}
int nearest(float v) { return int(std::lround(v)); }

// ---- Q8_0: d = max|x| / 127, q = round(x / d) ------------------------------------------------
void quantizeQ8_0(const float* x, uint8_t* b) {
  float amax = 0;
  for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[i]));
  const float d = amax / 127.0f;
  storeF16(b, d);
  const float dq = loadF16(b);  // quantize against the stored (rounded) scale
  const float id = dq != 0.0f ? 1.0f / dq : 0.0f;
  for (int i = 0; i < 32; ++i) b[2 + i] = uint8_t(int8_t(std::clamp(nearest(x[i] * id), -127, 127)));
}
void dequantizeQ8_0(const uint8_t* b, float* y) {
  const float d = loadF16(b);
  for (int i = 0; i < 32; ++i) y[i] = d * float(int8_t(b[2 + i]));
}

// ---- Q4_0: the value of largest magnitude maps to -8; d = that value / -8 ----------------------
void quantizeQ4_0(const float* x, uint8_t* b) {
  float amax = 0, vmax = 0;
  for (int i = 0; i < 32; ++i) {
    if (std::fabs(x[i]) > amax) {
      amax = std::fabs(x[i]);
      vmax = x[i];
    }
  }
  storeF16(b, vmax / -8.0f);
  const float d = loadF16(b);
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  uint8_t q[32];
  for (int i = 0; i < 32; ++i) q[i] = uint8_t(std::clamp(nearest(x[i] * id) + 8, 0, 15));
  for (int j = 0; j < 16; ++j) b[2 + j] = uint8_t(q[j] | (q[j + 16] << 4));
}
void dequantizeQ4_0(const uint8_t* b, float* y) {
  const float d = loadF16(b);
  for (int j = 0; j < 16; ++j) {
    y[j] = d * float(int(b[2 + j] & 0xF) - 8);
    y[j + 16] = d * float(int(b[2 + j] >> 4) - 8);
  }
}

// ---- Q4_K / Q5_K: 8 sub-blocks of 32 with an affine map x = scale * q - min --------------------
// Per sub-block: scale = (max - min) / levels and min = -min(x) (0 when every x > 0, so q = 0
// stays 0-ish); then the 8 scales and 8 mins become 6-bit multiples of d = max scale / 63 and
// dmin = max min / 63, and the q are recomputed from the stored values.
struct AffineBlock {
  float d = 0, dmin = 0;
  uint8_t sc[8] = {}, mn[8] = {};
  uint8_t q[256] = {};
};

AffineBlock quantizeAffine(const float* x, int levels) {
  AffineBlock a;
  float scale[8], minv[8];
  float maxScale = 0, maxMin = 0;
  for (int s = 0; s < 8; ++s) {
    float lo = x[32 * s], hi = x[32 * s];
    for (int i = 1; i < 32; ++i) {
      lo = std::min(lo, x[32 * s + i]);
      hi = std::max(hi, x[32 * s + i]);
    }
    lo = std::min(lo, 0.0f);
    scale[s] = (hi - lo) / float(levels);
    minv[s] = -lo;
    maxScale = std::max(maxScale, scale[s]);
    maxMin = std::max(maxMin, minv[s]);
  }
  uint8_t dBytes[2], mBytes[2];
  storeF16(dBytes, maxScale / 63.0f);
  storeF16(mBytes, maxMin / 63.0f);
  a.d = loadF16(dBytes);
  a.dmin = loadF16(mBytes);
  for (int s = 0; s < 8; ++s) {
    // Round the scale up and the min up, so the stored range still covers the sub-block.
    a.sc[s] = uint8_t(a.d > 0 ? std::clamp(int(std::ceil(scale[s] / a.d - 1e-4f)), 0, 63) : 0);
    a.mn[s] = uint8_t(a.dmin > 0 ? std::clamp(int(std::ceil(minv[s] / a.dmin - 1e-4f)), 0, 63) : 0);
    const float dl = a.d * a.sc[s], ml = a.dmin * a.mn[s];
    const float idl = dl != 0.0f ? 1.0f / dl : 0.0f;
    for (int i = 0; i < 32; ++i) a.q[32 * s + i] = uint8_t(std::clamp(nearest((x[32 * s + i] + ml) * idl), 0, levels));
  }
  return a;
}

void writeAffineHeader(const AffineBlock& a, uint8_t* b) {
  storeF16(b, a.d);
  storeF16(b + 2, a.dmin);
  packScaleMin(a.sc, a.mn, b + 4);
}

void quantizeQ4_K(const float* x, uint8_t* b) {
  const AffineBlock a = quantizeAffine(x, 15);
  writeAffineHeader(a, b);
  uint8_t* qs = b + 16;
  for (int j = 0; j < 4; ++j) {
    for (int l = 0; l < 32; ++l) qs[32 * j + l] = uint8_t(a.q[64 * j + l] | (a.q[64 * j + 32 + l] << 4));
  }
}
void dequantizeQ4_K(const uint8_t* b, float* y) {
  const float d = loadF16(b), dmin = loadF16(b + 2);
  const uint8_t* qs = b + 16;
  for (int j = 0; j < 4; ++j) {
    uint8_t sc, m;
    unpackScaleMin(b + 4, 2 * j, sc, m);
    const float d1 = d * sc, m1 = dmin * m;
    unpackScaleMin(b + 4, 2 * j + 1, sc, m);
    const float d2 = d * sc, m2 = dmin * m;
    for (int l = 0; l < 32; ++l) {
      y[64 * j + l] = d1 * float(qs[32 * j + l] & 0xF) - m1;
      y[64 * j + 32 + l] = d2 * float(qs[32 * j + l] >> 4) - m2;
    }
  }
}

void quantizeQ5_K(const float* x, uint8_t* b) {
  const AffineBlock a = quantizeAffine(x, 31);
  writeAffineHeader(a, b);
  uint8_t* qh = b + 16;
  uint8_t* qs = b + 48;
  std::memset(qh, 0, 32);
  for (int j = 0; j < 4; ++j) {
    for (int l = 0; l < 32; ++l) {
      const uint8_t lo = a.q[64 * j + l], hi = a.q[64 * j + 32 + l];
      qs[32 * j + l] = uint8_t((lo & 0xF) | ((hi & 0xF) << 4));
      qh[l] = uint8_t(qh[l] | ((lo >> 4) << (2 * j)) | ((hi >> 4) << (2 * j + 1)));
    }
  }
}
void dequantizeQ5_K(const uint8_t* b, float* y) {
  const float d = loadF16(b), dmin = loadF16(b + 2);
  const uint8_t* qh = b + 16;
  const uint8_t* qs = b + 48;
  for (int j = 0; j < 4; ++j) {
    uint8_t sc, m;
    unpackScaleMin(b + 4, 2 * j, sc, m);
    const float d1 = d * sc, m1 = dmin * m;
    unpackScaleMin(b + 4, 2 * j + 1, sc, m);
    const float d2 = d * sc, m2 = dmin * m;
    for (int l = 0; l < 32; ++l) {
      const int lo = (qs[32 * j + l] & 0xF) | (((qh[l] >> (2 * j)) & 1) << 4);
      const int hi = (qs[32 * j + l] >> 4) | (((qh[l] >> (2 * j + 1)) & 1) << 4);
      y[64 * j + l] = d1 * float(lo) - m1;
      y[64 * j + 32 + l] = d2 * float(hi) - m2;
    }
  }
}

// ---- Q6_K: 16 sub-blocks of 16, symmetric; the value of largest magnitude maps to -32 ----------
void quantizeQ6_K(const float* x, uint8_t* b) {
  float sub[16];
  float maxAbsScale = 0, maxScale = 0;
  for (int s = 0; s < 16; ++s) {
    float amax = 0, vmax = 0;
    for (int i = 0; i < 16; ++i) {
      if (std::fabs(x[16 * s + i]) > amax) {
        amax = std::fabs(x[16 * s + i]);
        vmax = x[16 * s + i];
      }
    }
    sub[s] = vmax / -32.0f;
    if (std::fabs(sub[s]) > maxAbsScale) {
      maxAbsScale = std::fabs(sub[s]);
      maxScale = sub[s];
    }
  }
  // int8 scales: the largest sub-block scale maps to -128 (its sign kept), d = 1 / that factor.
  uint8_t* ql = b;
  uint8_t* qh = b + 128;
  int8_t* scales = reinterpret_cast<int8_t*>(b + 192);
  const float iscale = maxAbsScale > 0 ? -128.0f / maxScale : 0.0f;
  storeF16(b + 208, iscale != 0.0f ? 1.0f / iscale : 0.0f);
  const float d = loadF16(b + 208);
  uint8_t q[256];
  for (int s = 0; s < 16; ++s) {
    scales[s] = int8_t(std::clamp(nearest(iscale * sub[s]), -128, 127));
    const float dl = d * scales[s];
    const float idl = dl != 0.0f ? 1.0f / dl : 0.0f;
    for (int i = 0; i < 16; ++i) q[16 * s + i] = uint8_t(std::clamp(nearest(x[16 * s + i] * idl), -32, 31) + 32);
  }
  for (int n = 0; n < 2; ++n) {
    for (int l = 0; l < 32; ++l) {
      const uint8_t* v = q + 128 * n;
      ql[64 * n + l] = uint8_t((v[l] & 0xF) | ((v[l + 64] & 0xF) << 4));
      ql[64 * n + 32 + l] = uint8_t((v[l + 32] & 0xF) | ((v[l + 96] & 0xF) << 4));
      qh[32 * n + l] = uint8_t((v[l] >> 4) | ((v[l + 32] >> 4) << 2) | ((v[l + 64] >> 4) << 4) | ((v[l + 96] >> 4) << 6));
    }
  }
}
void dequantizeQ6_K(const uint8_t* b, float* y) {
  const uint8_t* ql = b;
  const uint8_t* qh = b + 128;
  const int8_t* scales = reinterpret_cast<const int8_t*>(b + 192);
  const float d = loadF16(b + 208);
  for (int n = 0; n < 2; ++n) {
    for (int l = 0; l < 32; ++l) {
      const int is = 8 * n + l / 16;
      const int q1 = ((ql[64 * n + l] & 0xF) | (((qh[32 * n + l] >> 0) & 3) << 4)) - 32;
      const int q2 = ((ql[64 * n + 32 + l] & 0xF) | (((qh[32 * n + l] >> 2) & 3) << 4)) - 32;
      const int q3 = ((ql[64 * n + l] >> 4) | (((qh[32 * n + l] >> 4) & 3) << 4)) - 32;
      const int q4 = ((ql[64 * n + 32 + l] >> 4) | (((qh[32 * n + l] >> 6) & 3) << 4)) - 32;
      y[128 * n + l] = d * float(scales[is]) * float(q1);
      y[128 * n + l + 32] = d * float(scales[is + 2]) * float(q2);
      y[128 * n + l + 64] = d * float(scales[is + 4]) * float(q3);
      y[128 * n + l + 96] = d * float(scales[is + 6]) * float(q4);
    }
  }
}

using BlockFn = void (*)(const float*, uint8_t*);
using UnblockFn = void (*)(const uint8_t*, float*);

struct Codec {
  BlockFn quantize;
  UnblockFn dequantize;
};

Codec codecFor(DType t) {
  switch (t) {
    case DType::Q8_0: return {quantizeQ8_0, dequantizeQ8_0};
    case DType::Q4_0: return {quantizeQ4_0, dequantizeQ4_0};
    case DType::Q4_K: return {quantizeQ4_K, dequantizeQ4_K};
    case DType::Q5_K: return {quantizeQ5_K, dequantizeQ5_K};
    case DType::Q6_K: return {quantizeQ6_K, dequantizeQ6_K};
    default: break;
  }
  throw std::invalid_argument("quant: " + std::string(gpu::dtypeName(t)) + " is not a block format");
}

}  // namespace

void packScaleMin(const uint8_t scale[8], const uint8_t min[8], uint8_t packed[12]) {
  for (int j = 0; j < 4; ++j) {
    packed[j] = uint8_t((scale[j] & 63) | ((scale[j + 4] >> 4) << 6));
    packed[j + 4] = uint8_t((min[j] & 63) | ((min[j + 4] >> 4) << 6));
    packed[j + 8] = uint8_t((scale[j + 4] & 0xF) | ((min[j + 4] & 0xF) << 4));
  }
}

void unpackScaleMin(const uint8_t packed[12], int j, uint8_t& scale, uint8_t& min) {
  if (j < 4) {
    scale = packed[j] & 63;
    min = packed[j + 4] & 63;
  } else {
    scale = uint8_t((packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4));
    min = uint8_t((packed[j + 4] >> 4) | ((packed[j] >> 6) << 4));
  }
}

void quantizeBlocks(DType t, const float* src, size_t n, void* dst) {
  const Codec c = codecFor(t);
  const size_t be = gpu::dtypeBlockElements(t), bb = gpu::dtypeBlockBytes(t);
  auto* out = static_cast<uint8_t*>(dst);
  for (size_t b = 0; b < n / be; ++b) c.quantize(src + b * be, out + b * bb);
}

void dequantizeBlocks(DType t, const void* src, size_t n, float* dst) {
  const Codec c = codecFor(t);
  const size_t be = gpu::dtypeBlockElements(t), bb = gpu::dtypeBlockBytes(t);
  const auto* in = static_cast<const uint8_t*>(src);
  for (size_t b = 0; b < n / be; ++b) c.dequantize(in + b * bb, dst + b * be);
}

}  // namespace gwb::ops::quant
