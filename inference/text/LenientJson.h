#pragma once
// A forgiving JSON reader for what a language model writes when asked for JSON: it accepts
// trailing commas, single-quoted strings, bare identifier keys and Python's True/False/None, and
// when the text stops early (generation cut off) or turns into prose it keeps everything read so
// far instead of failing. Values that ended early are marked incomplete, so a caller can tell a
// whole item from half of one. Strict parsing of trusted files lives in JsonCursor.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gwb::text {

struct LenientMember;

struct LenientValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  std::string text;  // the unescaped string, or the number's digits as written
  std::vector<LenientValue> items;                              // Array
  std::vector<LenientMember> members;  // Object, in order written
  bool complete = true;  // false when the input ended or broke inside this value
};

struct LenientMember {
  std::string key;
  LenientValue value;
};

struct LenientParse {
  LenientValue value;
  bool found = false;   // false when no value starts at the position given
  size_t end = 0;       // where reading stopped
  std::string error;    // empty, or why the value is incomplete ("input ends inside a string")
};

// Reads one value starting at doc[start] (leading whitespace skipped). Never throws; nesting
// deeper than kMaxDepth stops reading like any other syntax error.
LenientParse parseLenientJson(std::string_view doc, size_t start);
inline constexpr int kLenientMaxDepth = 64;

}  // namespace gwb::text
