#pragma once
// The `gemma-workbench-cli COMMAND --help` texts: each command lists its options as OptionHelp rows
// (next to the code that reads them) and formats them here, so every help page has one layout.
#include <span>
#include <string>

namespace gwb::cli {

// One option as the help shows it: "--name VALUE" (or "-o, --output FILE") and one line saying what
// it does and its default.
struct OptionHelp {
  const char* names;
  const char* meaning;
};

// "TITLE:\n" then one aligned row per option: "  --name VALUE   meaning\n".
std::string formatOptions(const char* title, std::span<const OptionHelp> options);

// The options shared by run / dump / bench / bench-encoders (ModelArgs.cpp reads them).
std::string modelOptionsUsage();

}  // namespace gwb::cli
