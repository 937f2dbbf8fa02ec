#pragma once
// Splits a chat template into tokens: literal text, the delimiters of {{ }} and {% %}, and the
// names, literals and operators inside them. Comments {# #} are dropped here.
//
// Whitespace follows Hugging Face's apply_chat_template environment, which is what checkpoint
// templates are written for: trim_blocks (the first newline after a block or comment tag is
// dropped), lstrip_blocks (spaces and tabs before a block or comment tag at the start of a line
// are dropped), "-" on a delimiter strips all whitespace on that side, "+" turns both rules off,
// and a single trailing newline at the end of the template is dropped (keep_trailing_newline off).
#include <string>
#include <string_view>
#include <vector>

#include "inference/text/JinjaError.h"

namespace gwb::text::jinja {

enum class TokenType {
  Text,        // literal template text (value)
  VarBegin,    // {{
  VarEnd,      // }}
  BlockBegin,  // {%
  BlockEnd,    // %}
  Name,        // identifier or keyword (value)
  String,      // string literal, escapes already decoded (value)
  Integer,     // value holds the digits
  Float,       // value holds the literal
  Operator,    // punctuation or operator (value), e.g. "==", "(", "|"
  End,         // end of the template
};

struct Token {
  TokenType type;
  std::string value;
  SourcePos pos;
};

// Throws TemplateError (prefixed with origin) on an unterminated tag, comment or string, or a
// character that cannot start a token.
std::vector<Token> tokenize(std::string_view source, const std::string& origin);

}  // namespace gwb::text::jinja
