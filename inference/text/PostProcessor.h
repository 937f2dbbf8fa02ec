#pragma once
// The "post_processor" of a tokenizer.json, used when special tokens are requested
// (encode(text, addBos = true)). Gemma's is TemplateProcessing with single = [<bos>, $A]: the ids
// before $A are prepended and those after it appended. Supported: null (nothing added) and
// TemplateProcessing (its "single" template; "pair" is not used here).
#include <cstdint>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace gwb::text {

class PostProcessor {
 public:
  // Throws TokenizerError naming the unsupported or malformed part.
  static PostProcessor fromJson(const nlohmann::json& j);

  const std::vector<int32_t>& prefix() const { return prefix_; }
  const std::vector<int32_t>& suffix() const { return suffix_; }

 private:
  std::vector<int32_t> prefix_;
  std::vector<int32_t> suffix_;
};

}  // namespace gwb::text
