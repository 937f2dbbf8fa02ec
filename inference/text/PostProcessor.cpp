#include "inference/text/PostProcessor.h"

#include "inference/text/JsonFields.h"
#include "inference/text/TokenizerError.h"
#include "inference/text/Vocab.h"

namespace gwb::text {

PostProcessor PostProcessor::fromJson(const nlohmann::json& j) {
  PostProcessor p;
  if (j.is_null()) return p;
  const std::string where = "post_processor";
  const std::string type = typeOf(j, where);
  if (type != "TemplateProcessing") {
    throw TokenizerError(where + " type '" + type + "' is not supported (supported: TemplateProcessing)");
  }
  const nlohmann::json& single = requireField(j, "single", where);
  if (!single.is_array()) throw TokenizerError(where + ".single must be an array");
  const nlohmann::json& specials = requireField(j, "special_tokens", where);
  bool seenSequence = false;
  for (const nlohmann::json& item : single) {
    if (item.is_object() && item.contains("Sequence")) {
      if (seenSequence) throw TokenizerError(where + ".single names the sequence twice");
      seenSequence = true;
      continue;
    }
    if (!item.is_object() || !item.contains("SpecialToken")) {
      throw TokenizerError(where + ".single items must be {\"SpecialToken\": ...} or {\"Sequence\": ...}");
    }
    const std::string name = requireString(item["SpecialToken"], "id", where + ".single.SpecialToken");
    const std::string w = where + ".special_tokens[\"" + name + "\"]";
    if (!specials.is_object() || !specials.contains(name)) throw TokenizerError(w + " is missing");
    const nlohmann::json& ids = requireField(specials[name], "ids", w);
    if (!ids.is_array()) throw TokenizerError(w + ".ids must be an array");
    for (const nlohmann::json& id : ids) {
      if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > Vocab::kMaxId) {
        throw TokenizerError(w + ".ids must hold token ids");
      }
      (seenSequence ? p.suffix_ : p.prefix_).push_back(static_cast<int32_t>(id.get<int64_t>()));
    }
  }
  if (!seenSequence) throw TokenizerError(where + ".single has no {\"Sequence\": ...} item");
  return p;
}

}  // namespace gwb::text
