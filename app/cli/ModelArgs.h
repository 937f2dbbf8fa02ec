#pragma once
// The model options shared by run / dump / bench: MODEL_DIR (or a .gguf text model, with
// --mmproj FILE for its vision/audio file when it is not found beside it) as the first positional, or
// --random-weights CONFIG_JSON (full-size shapes with random bf16 weights, no checkpoint), plus
// --device and --context, and --quantize q8_0|q4_k (the text matrices quantized on load).
#include <memory>

#include "app/cli/CliArgs.h"
#include "inference/gpu/Device.h"
#include "inference/runtime/LoadedModel.h"

namespace gwb::cli {

struct OpenedModel {
  std::unique_ptr<gpu::Device> device;
  std::unique_ptr<runtime::LoadedModel> model;
};

// Declares and reads --device, --random-weights, --seed-weights; prints the device choice and
// load time to stderr (never silently on a CPU fallback). `randomTowers`: the media towers that
// --random-weights builds too (those the command runs; a real checkpoint loads all it has).
OpenedModel openModel(CliArgs& args, model::RandomTowerChoice randomTowers = {});

}  // namespace gwb::cli
