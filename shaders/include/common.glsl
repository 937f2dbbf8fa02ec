// Shared helpers for all compute shaders.
// bf16 and f16 weights arrive as raw 16-bit words (uint16_t arrays; glslang 12 has no bf16 type).
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_int16 : require

float bf16ToFloat(uint16_t h) { return uintBitsToFloat(uint(h) << 16); }
float f16ToFloat(uint16_t h) { return unpackHalf2x16(uint(h)).x; }
