#pragma once
// Every gemma-workbench-cli command: one function each, in a file named for it.
#include "app/cli/CliArgs.h"

namespace gwb::cli {

struct Command {
  const char* name;
  const char* summary;
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

}  // namespace gwb::cli
