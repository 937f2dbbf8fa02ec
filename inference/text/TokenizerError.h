#pragma once
// The one exception type of the tokenizer: a bad tokenizer.json (or a file that cannot be read).
// The message names the file section and what is wrong, e.g.
//   "tokenizer.json: model.merges[12]: token 'xy' is not in the vocab".
#include <stdexcept>

namespace gwb::text {

struct TokenizerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace gwb::text
