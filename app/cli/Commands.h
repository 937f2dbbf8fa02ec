#pragma once
// Every gemma-workbench-cli command: one function each, in a file named for it.
#include <string>

#include "app/cli/CliArgs.h"

namespace gwb::cli {

struct Command {
  const char* name;
  const char* summary;
  std::string (*usage)();     // the `COMMAND --help` text: synopsis and every option with its default
  int (*run)(CliArgs& args);  // returns the process exit code
};

int runDevices(CliArgs& args);   // DevicesCommand.cpp
int runSelftest(CliArgs& args);  // SelftestCommand.cpp
int runTokenize(CliArgs& args);  // TokenizeCommand.cpp
int runDump(CliArgs& args);      // DumpCommand.cpp
int runRun(CliArgs& args);       // RunCommand.cpp
int runTaskCommand(CliArgs& args);  // TaskCommand.cpp: `run --task`
int runInfo(CliArgs& args);      // InfoCommand.cpp
int runConvert(CliArgs& args);   // ConvertCommand.cpp
int runBench(CliArgs& args);     // BenchCommand.cpp
int runBenchEncoders(CliArgs& args);  // BenchEncoders.cpp: the encoder section of bench on its own
int runBenchMatmul(CliArgs& args);    // BenchMatmul.cpp: cooperative-matrix tile sweep

// The --help text of each command, defined next to the code that reads its options.
std::string devicesUsage();
std::string selftestUsage();
std::string tokenizeUsage();
std::string dumpUsage();
std::string runUsage();          // RunCommand.cpp; its task section is taskUsage()
std::string taskUsage();         // TaskCommand.cpp: the `run --task` options (and kVideoUsage's)
std::string infoUsage();
std::string convertUsage();
std::string benchUsage();
std::string benchEncodersUsage();
std::string benchMatmulUsage();

}  // namespace gwb::cli
