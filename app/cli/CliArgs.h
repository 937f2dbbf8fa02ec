#pragma once
// A small command-line parser for gemma-workbench-cli: positionals plus --name value / --flag.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gwb::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CliArgs {
 public:
  // args: everything after the command name. Options start with "--"; "--name=value" also works.
  explicit CliArgs(std::vector<std::string> args);

  // Declares a boolean flag (takes no value). Must be called before reading options.
  bool flag(const std::string& name);
  // The value of --name, if given.
  std::optional<std::string> option(const std::string& name);
  std::string option(const std::string& name, const std::string& fallback);
  // Every value of a repeatable option (--image a --image b).
  std::vector<std::string> options(const std::string& name);
  long long integer(const std::string& name, long long fallback);
  double number(const std::string& name, double fallback);

  // Positional arguments (not options, not option values).
  const std::vector<std::string>& positionals();
  std::string positional(size_t i, const std::string& what);

  // Throws UsageError naming any option that no call above asked about.
  void rejectUnknown() const;

 private:
  void parse();
  std::vector<std::string> raw_;
  std::vector<std::string> flags_;
  std::vector<std::string> positionals_;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> seen_;
  bool parsed_ = false;
};

}  // namespace gwb::cli
