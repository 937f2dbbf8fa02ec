#pragma once
// Embedded SPIR-V of every compiled shader variant (see cmake/Shaders.cmake).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace gwb::shaders {

struct ShaderBlob {
  const char* name;        // variant name, e.g. "rmsnorm" or "matmul_bf16w_coopmat"
  const uint32_t* words;   // SPIR-V
  size_t wordCount;
};

std::span<const ShaderBlob> all();

// The variant with this name, or nullptr if it was not compiled into this binary.
const ShaderBlob* find(std::string_view name);

}  // namespace gwb::shaders
