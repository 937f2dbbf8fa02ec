#include "inference/text/StreamingDecoder.h"

namespace gwb::text {

std::string StreamingDecoder::push(int32_t id) {
  // Ids that decode() drops must not end a byte run either: decode() would join across them.
  if (!tok_.hasToken(id) || (skipSpecial_ && tok_.isSpecial(id))) return {};
  pending_.push_back(id);
  if (tok_.joinsWithNext(id)) return {};
  std::string text = tok_.decode(pending_, skipSpecial_);
  pending_.clear();
  return text;
}

std::string StreamingDecoder::finish() {
  std::string text = tok_.decode(pending_, skipSpecial_);
  pending_.clear();
  return text;
}

}  // namespace gwb::text
