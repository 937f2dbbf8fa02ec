#pragma once
// Python str methods that chat templates call (strip, split, replace, upper...), with Python's
// semantics on UTF-8 strings: indexes and lengths count code points, not bytes.
//
// Case mapping and the default whitespace set are ASCII only (Python's are Unicode-wide); chat
// templates apply them to role names, type names and JSON-schema keywords, which are ASCII.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gwb::text::jinja {

// The code points of s, each as its UTF-8 bytes. A malformed byte becomes its own one-byte item.
std::vector<std::string> splitCodePoints(std::string_view s);

std::string asciiUpper(std::string_view s);
std::string asciiLower(std::string_view s);

// str.strip / lstrip / rstrip: chars unset strips whitespace, else any code point in chars.
std::string pythonStrip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right);

// str.split(sep, maxsplit): sep unset splits on whitespace runs and drops empty pieces.
// Throws EvalError for an empty separator, as Python raises ValueError.
std::vector<std::string> pythonSplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxSplit);

// str.replace(old, new, count); count < 0 replaces all. Throws EvalError if the result would
// exceed kMaxStringBytes.
std::string pythonReplace(std::string_view s, std::string_view from, std::string_view to, int64_t count);

}  // namespace gwb::text::jinja
