#include "inference/ops/OpContext.h"

namespace gwb::ops {

const char* variantName(Variant v) {
  switch (v) {
    case Variant::Auto: return "auto";
    case Variant::Portable: return "portable";
    case Variant::Fp16: return "fp16";
    case Variant::CoopMat: return "coopmat";
  }
  return "?";
}

}  // namespace gwb::ops
