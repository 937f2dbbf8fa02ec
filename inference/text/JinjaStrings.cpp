#include "inference/text/JinjaStrings.h"

#include "inference/text/JinjaError.h"
#include "inference/text/JinjaValue.h"
#include "inference/text/Utf8.h"

namespace gwb::text::jinja {
namespace {

bool isAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

std::vector<std::string> splitCodePoints(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8CharLength(s, i);
    if (len == 0) len = 1;
    out.emplace_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string asciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string pythonStrip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right) {
  if (!chars) {
    size_t b = 0;
    size_t e = s.size();
    if (left)
      while (b < e && isAsciiSpace(s[b])) ++b;
    if (right)
      while (e > b && isAsciiSpace(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
  }
  const std::vector<std::string> set = splitCodePoints(*chars);
  auto inSet = [&](const std::string& cp) {
    for (const auto& c : set)
      if (c == cp) return true;
    return false;
  };
  const std::vector<std::string> cps = splitCodePoints(s);
  size_t b = 0;
  size_t e = cps.size();
  if (left)
    while (b < e && inSet(cps[b])) ++b;
  if (right)
    while (e > b && inSet(cps[e - 1])) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) out += cps[i];
  return out;
}

std::vector<std::string> pythonSplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxSplit) {
  std::vector<std::string> out;
  if (!sep) {
    size_t i = 0;
    while (true) {
      while (i < s.size() && isAsciiSpace(s[i])) ++i;
      if (i >= s.size()) break;
      if (maxSplit >= 0 && static_cast<int64_t>(out.size()) == maxSplit) {
        size_t e = s.size();
        while (e > i && isAsciiSpace(s[e - 1])) --e;
        out.emplace_back(s.substr(i, e - i));
        break;
      }
      size_t j = i;
      while (j < s.size() && !isAsciiSpace(s[j])) ++j;
      out.emplace_back(s.substr(i, j - i));
      i = j;
    }
    return out;
  }
  if (sep->empty()) throw EvalError("split: empty separator");
  size_t start = 0;
  while (maxSplit < 0 || static_cast<int64_t>(out.size()) < maxSplit) {
    const size_t at = s.find(*sep, start);
    if (at == std::string_view::npos) break;
    out.emplace_back(s.substr(start, at - start));
    start = at + sep->size();
  }
  out.emplace_back(s.substr(start));
  return out;
}

std::string pythonReplace(std::string_view s, std::string_view from, std::string_view to, int64_t count) {
  // Python inserts `to` before every code point and at the end when `from` is empty.
  std::vector<std::string> pieces;
  if (from.empty()) {
    pieces = splitCodePoints(s);
    pieces.insert(pieces.begin(), "");
    pieces.emplace_back();
  } else {
    size_t start = 0;
    while (count < 0 || static_cast<int64_t>(pieces.size()) < count) {
      const size_t at = s.find(from, start);
      if (at == std::string_view::npos) break;
      pieces.emplace_back(s.substr(start, at - start));
      start = at + from.size();
    }
    pieces.emplace_back(s.substr(start));
  }
  size_t replacements = pieces.size() - 1;
  if (from.empty() && count >= 0 && static_cast<size_t>(count) < replacements) replacements = static_cast<size_t>(count);
  size_t total = 0;
  for (const auto& p : pieces) total += p.size();
  if (total + replacements * to.size() > kMaxStringBytes) throw EvalError("replace: result is too long");
  std::string out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0 && i <= replacements) out += to;
    out += pieces[i];
  }
  return out;
}

}  // namespace gwb::text::jinja
