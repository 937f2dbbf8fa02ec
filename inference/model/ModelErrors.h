#pragma once
// The two error types of the model layer. Every message names what is wrong and where (file, tensor,
// config key path), so the CLI and the UI can show it as-is.
#include <stdexcept>

namespace gwb::model {

// A checkpoint file or folder is unreadable, malformed, or does not hold the tensors the model needs.
struct CheckpointError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// config.json / generation_config.json is malformed, of another architecture, or inconsistent.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace gwb::model
