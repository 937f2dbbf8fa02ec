#include "app/cli/CommandUsage.h"

#include <algorithm>
#include <cstring>

namespace gwb::cli {

std::string formatOptions(const char* title, std::span<const OptionHelp> options) {
  size_t width = 0;
  for (const OptionHelp& o : options) width = std::max(width, std::strlen(o.names));
  std::string s = std::string(title) + ":\n";
  for (const OptionHelp& o : options) {
    const std::string names = o.names;
    s += "  " + names + std::string(width - names.size() + 3, ' ') + o.meaning + "\n";
  }
  return s;
}

}  // namespace gwb::cli
