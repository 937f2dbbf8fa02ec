#include "shaders/ShaderRegistry.h"

namespace gwb::shaders {

const ShaderBlob* find(std::string_view name) {
  for (const ShaderBlob& s : all()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace gwb::shaders
