// weightAt(i): element i of the weight buffer `w` as f32, for the storage type the variant was
// compiled for (WEIGHT_F16 / WEIGHT_BF16 defines; f32 otherwise). Declares binding WEIGHT_BINDING.
#if defined(WEIGHT_F16) || defined(WEIGHT_BF16)
#include "common.glsl"
layout(set = 0, binding = WEIGHT_BINDING) readonly buffer Weights { uint16_t w[]; };
#if defined(WEIGHT_F16)
float weightAt(uint i) { return f16ToFloat(w[i]); }
#else
float weightAt(uint i) { return bf16ToFloat(w[i]); }
#endif
#else
layout(set = 0, binding = WEIGHT_BINDING) readonly buffer Weights { float w[]; };
float weightAt(uint i) { return w[i]; }
#endif
