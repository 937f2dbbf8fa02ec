#include "inference/text/TokenDecoder.h"

#include "inference/text/BpeModel.h"
#include "inference/text/JsonFields.h"
#include "inference/text/TokenizerError.h"
#include "inference/text/Utf8.h"

namespace gwb::text {

namespace {

constexpr int kMaxNesting = 8;

std::string replaceAll(std::string_view s, const std::string& from, const std::string& to) {
  std::string out;
  size_t pos = 0;
  for (size_t hit = s.find(from); hit != std::string_view::npos; hit = s.find(from, pos)) {
    out.append(s.substr(pos, hit - pos));
    out += to;
    pos = hit + from.size();
  }
  out.append(s.substr(pos));
  return out;
}

// HF ByteFallback::decode_chain: runs of <0xNN> tokens become their bytes (valid UTF-8) or one
// U+FFFD per byte (invalid); other tokens pass through.
std::vector<std::string> byteFallback(std::vector<std::string> tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  std::string run;
  size_t runLength = 0;
  auto flush = [&]() {
    if (runLength == 0) return;
    if (isValidUtf8(run)) {
      out.push_back(run);
    } else {
      for (size_t i = 0; i < runLength; ++i) out.emplace_back(kReplacementChar);
    }
    run.clear();
    runLength = 0;
  };
  for (std::string& t : tokens) {
    if (auto b = byteOfToken(t)) {
      run += static_cast<char>(*b);
      ++runLength;
      continue;
    }
    flush();
    out.push_back(std::move(t));
  }
  flush();
  return out;
}

}  // namespace

TokenDecoder TokenDecoder::fromJson(const nlohmann::json& j) {
  TokenDecoder d;
  if (!j.is_null()) d.addFromJson(j, 0);
  return d;
}

void TokenDecoder::addFromJson(const nlohmann::json& j, int depth) {
  const std::string where = "decoder";
  if (depth > kMaxNesting) throw TokenizerError(where + ": Sequence nested too deeply");
  const std::string type = typeOf(j, where);
  if (type == "Sequence") {
    const nlohmann::json& list = requireField(j, "decoders", where);
    if (!list.is_array()) throw TokenizerError(where + ".decoders must be an array");
    for (const auto& item : list) addFromJson(item, depth + 1);
  } else if (type == "Replace") {
    std::string from = stringPattern(j, where + " (Replace)");
    if (from.empty()) throw TokenizerError(where + " (Replace): the pattern is empty");
    steps_.push_back({Step::Kind::Replace, std::move(from), requireString(j, "content", where + " (Replace)")});
  } else if (type == "ByteFallback") {
    steps_.push_back({Step::Kind::ByteFallback, "", ""});
    byteFallback_ = true;
  } else if (type == "Fuse") {
    steps_.push_back({Step::Kind::Fuse, "", ""});
  } else {
    throw TokenizerError(where + " type '" + type +
                         "' is not supported (supported: Replace, ByteFallback, Fuse, Sequence)");
  }
}

std::string TokenDecoder::decode(std::vector<std::string> tokens) const {
  for (const Step& s : steps_) {
    switch (s.kind) {
      case Step::Kind::Replace:
        for (std::string& t : tokens) t = replaceAll(t, s.from, s.to);
        break;
      case Step::Kind::ByteFallback: tokens = byteFallback(std::move(tokens)); break;
      case Step::Kind::Fuse: {
        std::string all;
        for (const std::string& t : tokens) all += t;
        tokens.assign(1, std::move(all));
        break;
      }
    }
  }
  std::string out;
  for (const std::string& t : tokens) out += t;
  return out;
}

bool TokenDecoder::joinsWithNext(std::string_view token) const {
  if (!byteFallback_) return false;
  // What ByteFallback will see: the token after the Replace steps that come before it.
  std::string t(token);
  for (const Step& s : steps_) {
    if (s.kind == Step::Kind::ByteFallback) break;
    if (s.kind == Step::Kind::Replace) t = replaceAll(t, s.from, s.to);
  }
  return byteOfToken(t).has_value();
}

}  // namespace gwb::text
