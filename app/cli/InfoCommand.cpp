// `info MODEL_DIR [--context N] [--kv-dtype f16|f32] [--json]`, or `info --random-weights CONFIG_JSON`:
// what a checkpoint is (variant, layer layout, support status), how many parameters each part has,
// its dtypes and file sizes, and the memory it needs (weights + KV cache at the context length).
// With --random-weights the numbers are those of bf16 weights of that config, no file needed.
// Reads headers only: no GPU, no weight data touched.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/GgufGemma4Config.h"
#include "inference/model/GgufDescription.h"
#include "inference/model/MemoryEstimate.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/ModelFootprint.h"
#include "inference/model/ModelVariant.h"
#include "inference/model/TextWeightManifest.h"

namespace gwb::cli {

namespace {

using namespace gwb::model;

struct InfoReport {
  std::string source;  // folder or config path
  bool randomWeights = false;
  ModelConfig config;
  ModelFootprint footprint;
  uint64_t fileBytes = 0;
  size_t fileCount = 0;
  std::optional<std::string> checkpointProblem;  // first text-decoder tensor problem
  KvCacheOptions kv;
  std::optional<GgufDescription> gguf;
};

// "9.54 GiB", "1.94 MiB", "512 B": the unit that keeps tiny test models readable too.
std::string sizeText(uint64_t bytes) {
  char buf[32];
  if (bytes >= (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.2f GiB", double(bytes) / double(1ull << 30));
  } else if (bytes >= (1ull << 20)) {
    std::snprintf(buf, sizeof buf, "%.2f MiB", double(bytes) / double(1ull << 20));
  } else if (bytes >= 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", double(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  }
  return buf;
}

std::string count(int64_t n) {
  char buf[32];
  if (n >= 1000000000) {
    std::snprintf(buf, sizeof buf, "%.3f B", double(n) / 1e9);
  } else if (n >= 1000000) {
    std::snprintf(buf, sizeof buf, "%.2f M", double(n) / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
  }
  return buf;
}

// "28 sliding (W=512) + 7 full; KV-shared layers 15-34"
std::string layerSummary(const TextConfig& t) {
  int sliding = 0;
  for (const TextLayer& l : t.layers) sliding += l.isFull ? 0 : 1;
  std::string s = std::to_string(sliding) + " sliding (W=" + std::to_string(t.slidingWindow) + ") + " +
                  std::to_string(t.numLayers - sliding) + " full";
  if (t.numKvSharedLayers > 0) {
    s += "; KV-shared layers " + std::to_string(t.firstKvSharedLayer()) + "-" + std::to_string(t.numLayers - 1);
  }
  return s;
}

nlohmann::json componentJson(const ComponentSize& c) { return {{"parameters", c.parameters}, {"bytes", c.bytes}}; }

nlohmann::json toJson(const InfoReport& r) {
  const TextConfig& t = r.config.text;
  const auto unsupported = unsupportedReason(r.config);
  const MemoryEstimate mem = estimateMemory(r.footprint, t, r.kv);
  KvCacheOptions capped = r.kv;
  capped.capSlidingToWindow = true;
  nlohmann::json dtypes = nlohmann::json::object();
  for (const auto& [d, bytes] : r.footprint.bytesByDType) dtypes[std::string(dtypeName(d))] = bytes;
  for (const auto& [q, bytes] : r.footprint.quantizedBytes) dtypes[std::string(ggmlTypeName(q))] = bytes;
  nlohmann::json j = {
      {"source", r.source},
      {"random_weights", r.randomWeights},
      {"architecture", r.config.architecture},
      {"variant", variantName(recognizeVariant(t))},
      {"supported", !unsupported},
      {"text",
       {{"layers", t.numLayers},
        {"hidden_size", t.hiddenSize},
        {"vocab_size", t.vocabSize},
        {"kv_owning_layers", t.numKvOwningLayers()},
        {"kv_shared_layers", t.numKvSharedLayers},
        {"sliding_window", t.slidingWindow}}},
      {"parameters",
       {{"text", r.footprint.text.parameters},
        {"text_unused", r.footprint.textUnused.parameters},
        {"ple_table", r.footprint.pleTable.parameters},
        {"vision", r.footprint.vision.parameters},
        {"audio", r.footprint.audio.parameters},
        {"other", r.footprint.other.parameters},
        {"total", r.footprint.totalParameters()}}},
      {"components",
       {{"text", componentJson(r.footprint.text)},
        {"text_unused", componentJson(r.footprint.textUnused)},
        {"ple_table", componentJson(r.footprint.pleTable)},
        {"vision", componentJson(r.footprint.vision)},
        {"audio", componentJson(r.footprint.audio)}}},
      {"dtype_bytes", dtypes},
      {"files", {{"count", r.fileCount}, {"bytes", r.fileBytes}}},
      {"memory",
       {{"context", r.kv.contextLength},
        {"kv_dtype", dtypeName(r.kv.elementType)},
        {"weight_bytes", mem.weightBytes},
        {"kv_cache_bytes", mem.kvCacheBytes},
        {"kv_cache_bytes_window_capped", kvCacheBytes(t, capped)},
        {"total_bytes", mem.total()}}},
  };
  if (unsupported) j["unsupported_reason"] = *unsupported;
  if (r.checkpointProblem) j["checkpoint_problem"] = *r.checkpointProblem;
  if (r.gguf) j["gguf"] = ggufDescriptionJson(*r.gguf);
  return j;
}

void printText(const InfoReport& r) {
  const TextConfig& t = r.config.text;
  const ModelFootprint& f = r.footprint;
  const MemoryEstimate mem = estimateMemory(f, t, r.kv);
  KvCacheOptions capped = r.kv;
  capped.capSlidingToWindow = true;
  std::printf("model:       %s%s\n", r.source.c_str(), r.randomWeights ? " (config only: bf16 random weights)" : "");
  std::printf("variant:     %s (%s)\n", variantName(recognizeVariant(t)).c_str(), r.config.architecture.c_str());
  if (auto reason = unsupportedReason(r.config)) std::printf("support:     %s\n", reason->c_str());
  std::printf("text:        %d layers: %s; hidden %lld, %d heads, vocab %lld\n", t.numLayers, layerSummary(t).c_str(),
              static_cast<long long>(t.hiddenSize), t.numAttentionHeads, static_cast<long long>(t.vocabSize));
  std::printf("parameters:  text %s", count(f.text.parameters).c_str());
  if (f.textUnused.parameters) std::printf(" (+ %s unused k/v of KV-shared layers)", count(f.textUnused.parameters).c_str());
  std::printf(", PLE table %s, vision %s, audio %s", count(f.pleTable.parameters).c_str(),
              count(f.vision.parameters).c_str(), count(f.audio.parameters).c_str());
  if (f.other.parameters) std::printf(", other %s", count(f.other.parameters).c_str());
  std::printf("; total %s\n", count(f.totalParameters()).c_str());
  std::printf("dtypes:     ");
  for (const auto& [d, bytes] : f.bytesByDType) std::printf(" %s %s", std::string(dtypeName(d)).c_str(), sizeText(bytes).c_str());
  for (const auto& [q, bytes] : f.quantizedBytes) std::printf(" %s %s", std::string(ggmlTypeName(q)).c_str(), sizeText(bytes).c_str());
  std::printf("\n");
  if (r.gguf) {
    std::printf("quantization: %s\n", r.gguf->quantization.c_str());
    for (const GgufFileDescription& file : r.gguf->files) {
      std::printf("gguf file:   %s (%s, %s, %zu tensors: %s)\n", file.path.c_str(), file.role.c_str(),
                  sizeText(file.bytes).c_str(), file.tensorCount, file.typeSummary.c_str());
    }
  }
  if (!r.randomWeights) {
    std::printf("files:       %zu file(s), %s\n", r.fileCount, sizeText(r.fileBytes).c_str());
    std::printf("checkpoint:  %s\n", r.checkpointProblem ? r.checkpointProblem->c_str()
                                                          : "every text-decoder tensor present with the expected shape");
  }
  std::printf("memory:      weights %s (text %s, PLE table %s, vision %s, audio %s)\n", sizeText(mem.weightBytes).c_str(),
              sizeText(f.text.bytes).c_str(), sizeText(f.pleTable.bytes).c_str(), sizeText(f.vision.bytes).c_str(),
              sizeText(f.audio.bytes).c_str());
  std::printf("             + KV cache %s (%s, %lld tokens, %d KV-owning layers; %s with window-sized sliding layers)\n",
              sizeText(mem.kvCacheBytes).c_str(), std::string(dtypeName(r.kv.elementType)).c_str(),
              static_cast<long long>(r.kv.contextLength), t.numKvOwningLayers(), sizeText(kvCacheBytes(t, capped)).c_str());
  std::printf("             = %s\n", sizeText(mem.total()).c_str());
}

}  // namespace

std::string infoUsage() {
  static const OptionHelp kOptions[] = {
      {"MODEL", "a Hugging Face Gemma 4 folder or a .gguf text model"},
      {"--mmproj FILE", "the vision/audio .gguf of a .gguf MODEL (default: the one found beside it)"},
      {"--random-weights CONFIG_JSON", "describe bf16 weights of that config.json instead (no checkpoint)"},
      {"--context N", "context length for the KV-cache memory estimate (default 4096)"},
      {"--kv-dtype f16|f32", "KV-cache element type for the estimate (default f16)"},
      {"--json", "print a JSON report (default: text)"},
  };
  return "usage: gemma-workbench-cli info (MODEL | --random-weights CONFIG_JSON) [--context N] [--kv-dtype f16|f32] "
         "[--json]\n\n"
         "Describes a checkpoint: variant, layer layout, parameters, dtypes, file sizes and the memory it needs.\n"
         "Reads headers only: no GPU, no weight data.\n\n" +
         formatOptions("options", kOptions);
}

int runInfo(CliArgs& args) {
  const bool json = args.flag("json");
  const auto randomConfig = args.option("random-weights");
  const long long context = args.integer("context", 4096);
  const std::string kvType = args.option("kv-dtype", "f16");
  if (context < 1) throw UsageError("--context must be at least 1");
  if (kvType != "f16" && kvType != "f32") throw UsageError("--kv-dtype must be f16 or f32");

  InfoReport r;
  r.kv.contextLength = context;
  r.kv.elementType = kvType == "f32" ? DType::F32 : DType::F16;
  r.kv.chunkTokens = 512;  // the window-capped figure assumes 512-token prefill chunks
  if (randomConfig) {
    args.rejectUnknown();
    r.source = *randomConfig;
    r.randomWeights = true;
    r.config = ModelConfig::load(*randomConfig);
    r.footprint = estimateFootprint(r.config, DType::BF16);
  } else {
    const auto mmproj = args.option("mmproj");
    const std::string dir = args.positional(0, "MODEL_DIR or .gguf file (or --random-weights CONFIG_JSON)");
    args.rejectUnknown();
    r.source = dir;
    std::unique_ptr<Checkpoint> opened;
    if (isGgufPath(dir)) {
      opened = std::make_unique<Checkpoint>(dir, mmproj ? std::optional<std::filesystem::path>(*mmproj)
                                                        : findMmprojBeside(dir));
      const GgufCheckpoint& g = *opened->gguf();
      r.config = modelConfigFromGguf(g.textFile(), g.mmprojFile());
      r.gguf = describeGguf(g);
    } else {
      if (mmproj) throw UsageError("--mmproj goes with a .gguf model file");
      r.config = ModelConfig::load(dir);
      opened = std::make_unique<Checkpoint>(dir);
    }
    const Checkpoint& ckpt = *opened;
    r.footprint = measureCheckpoint(ckpt, r.config);
    r.fileBytes = ckpt.totalFileBytes();
    r.fileCount = ckpt.gguf() ? (ckpt.gguf()->mmprojFile() ? 2 : 1) : ckpt.files().size();
    const TextWeightManifest manifest(r.config.text, TextWeightManifest::detectTextPrefix(ckpt, r.config.layout));
    r.checkpointProblem = manifest.firstProblem(ckpt);
  }
  if (json) {
    std::printf("%s\n", toJson(r).dump(2).c_str());
  } else {
    printText(r);
  }
  return 0;
}

}  // namespace gwb::cli
