#include "app/cli/CliArgs.h"

#include <algorithm>
#include <cctype>

namespace gwb::cli {

CliArgs::CliArgs(std::vector<std::string> args) : raw_(std::move(args)) {}

bool CliArgs::flag(const std::string& name) {
  if (parsed_) {
    throw std::logic_error("CliArgs: flag --" + name + " declared after parsing");
  }
  flags_.push_back(name);
  seen_.push_back(name);
  bool present = false;
  for (const auto& a : raw_) {
    if (a == "--" + name) present = true;
  }
  return present;
}

void CliArgs::parse() {
  if (parsed_) return;
  parsed_ = true;
  for (size_t i = 0; i < raw_.size(); ++i) {
    const std::string& a = raw_[i];
    // "--name", "--name=value", or a one-letter short option such as "-o FILE".
    const bool shortOption = a.size() == 2 && a[0] == '-' && std::isalpha(static_cast<unsigned char>(a[1]));
    if ((a.size() > 2 && a.rfind("--", 0) == 0) || shortOption) {
      std::string name = a.substr(shortOption ? 1 : 2);
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        values_.emplace_back(name.substr(0, eq), name.substr(eq + 1));
        continue;
      }
      if (std::find(flags_.begin(), flags_.end(), name) != flags_.end()) {
        values_.emplace_back(name, "1");
        continue;
      }
      if (i + 1 >= raw_.size()) throw UsageError("option --" + name + " needs a value");
      values_.emplace_back(name, raw_[++i]);
    } else {
      positionals_.push_back(a);
    }
  }
}

std::optional<std::string> CliArgs::option(const std::string& name) {
  parse();
  seen_.push_back(name);
  std::optional<std::string> v;
  for (const auto& [k, val] : values_) {
    if (k == name) v = val;
  }
  return v;
}

std::string CliArgs::option(const std::string& name, const std::string& fallback) {
  return option(name).value_or(fallback);
}

std::vector<std::string> CliArgs::options(const std::string& name) {
  parse();
  seen_.push_back(name);
  std::vector<std::string> out;
  for (const auto& [k, val] : values_) {
    if (k == name) out.push_back(val);
  }
  return out;
}

long long CliArgs::integer(const std::string& name, long long fallback) {
  auto v = option(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    long long x = std::stoll(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    return x;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a whole number, got '" + *v + "'");
  }
}

double CliArgs::number(const std::string& name, double fallback) {
  auto v = option(name);
  if (!v) return fallback;
  try {
    size_t used = 0;
    double x = std::stod(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    return x;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a number, got '" + *v + "'");
  }
}

const std::vector<std::string>& CliArgs::positionals() {
  parse();
  return positionals_;
}

std::string CliArgs::positional(size_t i, const std::string& what) {
  parse();
  if (i >= positionals_.size()) throw UsageError("missing " + what);
  return positionals_[i];
}

void CliArgs::rejectUnknown() const {
  for (const auto& [k, v] : values_) {
    if (std::find(seen_.begin(), seen_.end(), k) == seen_.end()) {
      throw UsageError("unknown option --" + k);
    }
  }
}

}  // namespace gwb::cli
