// `convert MODEL_DIR -o OUT.gguf [--quantize f32|f16|bf16|q8_0|q4_0|q4_k|q5_k|q6_k] [--mmproj-name suffix|llama]
//  [--no-mmproj]`: writes a Hugging Face Gemma 4 folder as llama.cpp's GGUF pair — OUT.gguf (the
// text model) and OUT-mmproj.gguf (or mmproj-OUT.gguf with --mmproj-name llama: the vision and
// audio towers) — in llama.cpp's tensor names, layout and metadata (inference/model/GgufConvert.h).
// Both files open in `run`, `dump`, `info` and the GUI, and in llama.cpp.
#include <cstdio>
#include <filesystem>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "inference/model/GgufConvert.h"
#include "inference/model/QuantFormat.h"

namespace gwb::cli {

namespace {

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MiB", double(bytes) / double(1 << 20));
  return buf;
}

}  // namespace

std::string convertUsage() {
  static const OptionHelp kOptions[] = {
      {"MODEL_DIR", "a Hugging Face Gemma 4 folder"},
      {"-o, --output OUT.gguf", "the text model file to write (required); the towers go to OUT-mmproj.gguf"},
      {"--quantize TYPE", "f32, f16, bf16, q8_0, q4_0, q4_k (or q4_k_m), q5_k or q6_k (default: as stored)"},
      {"--mmproj-name suffix|llama", "OUT-mmproj.gguf (suffix, the default) or mmproj-OUT.gguf (llama)"},
      {"--no-mmproj", "write the text model only (default: also the vision/audio mmproj file)"},
  };
  return "usage: gemma-workbench-cli convert MODEL_DIR -o OUT.gguf [--quantize TYPE] [--mmproj-name suffix|llama] "
         "[--no-mmproj]\n\n"
         "Writes the model as llama.cpp's GGUF pair (text model + mmproj) in llama.cpp's tensor names and layout.\n\n" +
         formatOptions("options", kOptions);
}

int runConvert(CliArgs& args) {
  const bool noMmproj = args.flag("no-mmproj");  // flags are declared before any option is read
  const std::string out = args.option("o", args.option("output", ""));
  const auto quantize = args.option("quantize");
  const std::string naming = args.option("mmproj-name", "suffix");
  const std::string model = args.positional(0, "MODEL_DIR (a Hugging Face Gemma 4 folder)");
  args.rejectUnknown();
  if (out.empty()) throw UsageError("convert needs -o OUT.gguf");
  if (std::filesystem::path(out).extension() != ".gguf") throw UsageError("-o must name a .gguf file");
  if (naming != "suffix" && naming != "llama") throw UsageError("--mmproj-name must be suffix or llama");

  model::GgufConvertOptions options;
  if (quantize) {
    options.type = model::parseGgmlType(*quantize);
    if (*quantize == "q4_k_m" || *quantize == "Q4_K_M") options.type = model::GgmlType::Q4_K;
    if (!options.type) {
      throw UsageError("--quantize " + *quantize + " is not a type (use f32, f16, bf16, q8_0, q4_0, q4_k, q5_k or q6_k)");
    }
  }
  options.mmprojNaming = naming == "llama" ? model::MmprojNaming::LlamaPrefix : model::MmprojNaming::Suffix;
  options.writeMmproj = !noMmproj;
  const model::GgufConvertResult r = model::convertToGguf(model, out, options);
  std::printf("wrote %s: %zu tensors, %s\n", r.text.string().c_str(), r.textTensors, mib(r.textBytes).c_str());
  if (r.mmproj) {
    std::printf("wrote %s: %zu tensors, %s\n", r.mmproj->string().c_str(), r.mmprojTensors, mib(r.mmprojBytes).c_str());
  }
  for (const std::string& f : r.fallbacks) std::printf("note: %s\n", f.c_str());
  return 0;
}

}  // namespace gwb::cli
