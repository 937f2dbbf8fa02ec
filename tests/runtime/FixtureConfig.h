#pragma once
// A fixture set's config.json with some text_config values replaced, for random-weight tests that
// need shapes the fixture does not have (e.g. head dims the split decode attention runs on
// lavapipe). Every value not named is read from the file as it is.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "inference/model/ModelConfig.h"

namespace gwb::test {

// The config.json text with each (key, value) replacing the key's first numeric value after "text_config".
inline std::string fixtureConfigTextWithText(const std::filesystem::path& dir,
                                             const std::vector<std::pair<std::string, std::string>>& values) {
  std::ifstream in(dir / "config.json");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const size_t textAt = text.find("\"text_config\"");
  if (textAt == std::string::npos) throw std::runtime_error("no text_config in " + (dir / "config.json").string());
  for (const auto& [key, value] : values) {
    const size_t k = text.find("\"" + key + "\":", textAt);
    if (k == std::string::npos) throw std::runtime_error("no " + key + " in the text config");
    const size_t v0 = text.find_first_of("0123456789", k + key.size() + 3), v1 = text.find_first_of(",}\n", v0);
    text.replace(v0, v1 - v0, value);
  }
  return text;
}

// The same, parsed.
inline model::ModelConfig fixtureConfigWithText(const std::filesystem::path& dir,
                                                const std::vector<std::pair<std::string, std::string>>& values) {
  return model::ModelConfig::parse(fixtureConfigTextWithText(dir, values), "edited fixture config");
}

}  // namespace gwb::test
