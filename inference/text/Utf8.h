#pragma once
// UTF-8 helpers shared by the tokenizer, its JSON loader and the streaming decoder.
#include <cstddef>
#include <string>
#include <string_view>

namespace gwb::text {

// Length (1..4) of the well-formed UTF-8 character that starts at s[pos], or 0 if the bytes there
// are not one (stray continuation byte, overlong form, surrogate, > U+10FFFF, or cut off by the end).
size_t utf8CharLength(std::string_view s, size_t pos);

// True when the whole of s is well-formed UTF-8.
bool isValidUtf8(std::string_view s);

// Appends code point cp (must be <= 0x10FFFF and not a surrogate) as UTF-8.
void appendUtf8(std::string& out, char32_t cp);

// U+FFFD REPLACEMENT CHARACTER, as the HF ByteFallback decoder emits for invalid byte runs.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

}  // namespace gwb::text
