// gemma-workbench-cli: the headless front end (devices, selftest, info, run, tokenize, dump, bench).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/cli/Commands.h"

namespace {

using gwb::cli::Command;

const Command kCommands[] = {
    {"devices", "list Vulkan devices and the one that would be used", gwb::cli::devicesUsage, gwb::cli::runDevices},
    {"selftest", "run every GPU op variant against its C++ reference", gwb::cli::selftestUsage, gwb::cli::runSelftest},
    {"run", "chat with a model: stream its answer to a prompt", gwb::cli::runUsage, gwb::cli::runRun},
    {"dump", "write logits (and hidden states) of raw token ids to a .safetensors file", gwb::cli::dumpUsage, gwb::cli::runDump},
    {"tokenize", "print the token ids of a text (like llama-tokenize)", gwb::cli::tokenizeUsage, gwb::cli::runTokenize},
    {"info", "describe a checkpoint: variant, parameters, dtypes, memory needed", gwb::cli::infoUsage, gwb::cli::runInfo},
    {"convert", "write a model folder as llama.cpp GGUF files (text + mmproj), optionally quantized", gwb::cli::convertUsage, gwb::cli::runConvert},
    {"bench", "measure prefill, decode at depth, the per-op GPU profile and peak memory", gwb::cli::benchUsage, gwb::cli::runBench},
    {"bench-encoders", "time the vision / audio towers and media time to first token", gwb::cli::benchEncodersUsage, gwb::cli::runBenchEncoders},
    {"bench-matmul", "time the tensor-core matmul tile configurations on the model's shapes", gwb::cli::benchMatmulUsage, gwb::cli::runBenchMatmul},
};

// To stdout when asked for (--help), to stderr when it comes with a usage error.
void printUsage(std::FILE* to) {
  std::fprintf(to, "usage: gemma-workbench-cli COMMAND [arguments]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(to, "  %-14s %s\n", c.name, c.summary);
  std::fprintf(to, "\ngemma-workbench-cli COMMAND --help (or -h) lists its options and their defaults.\n"
                   "--device INDEX|NAME (or GWB_DEVICE) picks the GPU of the commands that use one; --version prints the "
                   "version.\n");
}

// `COMMAND ... --help|-h` anywhere after the command name (as its own argument) asks for its usage.
bool asksForHelp(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    printUsage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (std::string(argv[1]) == "--version") {
    std::printf("gemma-workbench-cli %s\n", GWB_VERSION);
    return 0;
  }
  const std::string name = argv[1];
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    if (asksForHelp(argc, argv)) {
      std::fputs(c.usage().c_str(), stdout);
      return 0;
    }
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
  printUsage(stderr);
  return 2;
}
