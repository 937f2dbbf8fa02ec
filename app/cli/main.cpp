// gemma-workbench-cli: the headless front end (devices, selftest, info, run, tokenize, dump, bench).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/cli/Commands.h"

namespace {

using gwb::cli::Command;

const Command kCommands[] = {
    {"devices", "list Vulkan devices and the one that would be used", gwb::cli::runDevices},
    {"selftest", "run every GPU op variant against its C++ reference", gwb::cli::runSelftest},
    {"run", "chat with a model: stream its answer to a prompt", gwb::cli::runRun},
    {"dump", "write logits (and hidden states) of raw token ids to a .safetensors file", gwb::cli::runDump},
    {"tokenize", "print the token ids of a text (like llama-tokenize)", gwb::cli::runTokenize},
    {"info", "describe a checkpoint: variant, parameters, dtypes, memory needed", gwb::cli::runInfo},
    {"convert", "write a model folder as llama.cpp GGUF files (text + mmproj), optionally quantized", gwb::cli::runConvert},
    {"bench", "measure prefill, decode at depth, the per-op GPU profile and peak memory", gwb::cli::runBench},
    {"bench-encoders", "time the vision / audio towers and media time to first token", gwb::cli::runBenchEncoders},
    {"bench-matmul", "time the tensor-core matmul tile configurations on the model's shapes", gwb::cli::runBenchMatmul},
};

void printUsage() {
  std::fprintf(stderr, "usage: gemma-workbench-cli COMMAND [arguments]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(stderr, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(stderr, "\nGlobal: --device INDEX|NAME (or GWB_DEVICE) picks the GPU; --version prints the version.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    printUsage();
    return argc < 2 ? 2 : 0;
  }
  if (std::string(argv[1]) == "--version") {
    std::printf("gemma-workbench-cli %s\n", GWB_VERSION);
    return 0;
  }
  const std::string name = argv[1];
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    gwb::cli::CliArgs args(std::vector<std::string>(argv + 2, argv + argc));
    try {
      return c.run(args);
    } catch (const gwb::cli::UsageError& e) {
      std::fprintf(stderr, "gemma-workbench-cli %s: %s\n", c.name, e.what());
      return 2;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 1;
    }
  }
  std::fprintf(stderr, "unknown command '%s'\n\n", name.c_str());
  printUsage();
  return 2;
}
