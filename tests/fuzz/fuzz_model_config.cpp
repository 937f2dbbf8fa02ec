// libFuzzer target: ModelConfig::parse and GenerationConfig::parse on arbitrary bytes. Malformed
// or inconsistent configs must end in ConfigError; anything else (another exception, a crash,
// undefined behaviour such as an overflowing shape product) is a finding. An accepted config is
// driven through everything derived from it: weight manifests, footprint, KV-cache size, variant.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "inference/model/GenerationConfig.h"
#include "inference/model/MediaWeightManifest.h"
#include "inference/model/MemoryEstimate.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/ModelFootprint.h"
#include "inference/model/ModelVariant.h"
#include "inference/model/TextWeightManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace gwb::model;
  try {
    const ModelConfig cfg = ModelConfig::parse(text, "fuzz/config.json");
    const TextWeightManifest manifest(cfg.text, TextWeightManifest::textPrefixFor(cfg.layout));
    (void)parameterCount(manifest.weights(), true);
    const ModelFootprint f = estimateFootprint(cfg, DType::BF16);
    (void)estimateMemory(f, cfg.text, {4096, DType::F32, true, 512});
    (void)variantName(recognizeVariant(cfg.text));
    (void)unsupportedReason(cfg);
  } catch (const ConfigError&) {
    // the expected outcome for malformed input
  }
  try {
    (void)GenerationConfig::parse(text, "fuzz/generation_config.json");
  } catch (const ConfigError&) {
  }
  return 0;
}
