#include "app/cli/ModelArgs.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "app/cli/CommandUsage.h"
#include "inference/model/QuantizeOnLoad.h"

namespace gwb::cli {

std::string modelOptionsUsage() {
  static const OptionHelp kOptions[] = {
      {"MODEL", "a Hugging Face Gemma 4 folder or a llama.cpp .gguf text model (first positional)"},
      {"--mmproj FILE", "the vision/audio .gguf of a .gguf MODEL (default: the one found beside it)"},
      {"--random-weights CONFIG_JSON", "no checkpoint: that config.json's shapes with random bf16 weights"},
      {"--seed-weights N", "seed of the random weights (default 1)"},
      {"--quantize q8_0|q4_k", "quantize the text decoder's matrices on load (default: as stored)"},
      {"--device INDEX|NAME", "the GPU to use (default: GWB_DEVICE, else the best one found)"},
  };
  return formatOptions("model options", kOptions);
}

OpenedModel openModel(CliArgs& args, model::RandomTowerChoice randomTowers) {
  gpu::DeviceOptions options;
  options.deviceOverride = args.option("device", "");
  const auto random = args.option("random-weights");
  const uint32_t seed = uint32_t(args.integer("seed-weights", 1));
  OpenedModel out;
  out.device = gpu::Device::open(options);
  const gpu::DeviceInfo& info = out.device->info();
  const auto t0 = std::chrono::steady_clock::now();
  // --quantize q8_0|q4_k: the text decoder's matrices are quantized on load (QuantizeOnLoad.h).
  std::optional<model::GgmlType> quantize;
  if (const auto q = args.option("quantize")) {
    try {
      quantize = model::parseQuantizeOption(*q);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  if (random) {
    out.model = runtime::LoadedModel::random(*out.device, *random, gpu::DType::BF16, seed, quantize, randomTowers);
  } else {
    const auto mmproj = args.option("mmproj");  // the vision/audio GGUF of a .gguf MODEL
    out.model = runtime::LoadedModel::load(*out.device, args.positional(0, "MODEL folder or .gguf file (or --random-weights CONFIG)"),
                                           mmproj ? std::optional<std::filesystem::path>(*mmproj) : std::nullopt,
                                           quantize);
  }
  // Printed after loading, so a broken checkpoint gives its one error line and nothing else.
  std::fprintf(stderr, "device: %s — %s\n", info.name.c_str(), out.device->choiceReason().c_str());
  if (info.isLavapipe()) {
    std::fprintf(stderr, "warning: running on the CPU through lavapipe; expect it to be far slower than a GPU\n");
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "model: %s%s, %.0f MiB of decoder weights on the device (matrices: %s), loaded in %.2f s\n",
               out.model->dir().string().c_str(), out.model->randomWeights() ? " (random weights)" : "",
               double(out.model->textWeights().deviceBytes) / (1024.0 * 1024.0),
               out.model->textWeights().storageSummary.c_str(), s);
  if (out.model->textWeights().pleTable) {
    std::fprintf(stderr, "model: per-layer embedding table %s\n", out.model->textWeights().plePlacement.reason.c_str());
  }
  if (out.model->randomTowerSeconds() > 0) {
    std::fprintf(stderr, "model: random%s%s tower weights drawn and loaded in %.2f s (part of the load time)\n",
                 out.model->visionEncoder() ? " vision" : "", out.model->audioEncoder() ? " audio" : "",
                 out.model->randomTowerSeconds());
  }
  return out;
}

}  // namespace gwb::cli
