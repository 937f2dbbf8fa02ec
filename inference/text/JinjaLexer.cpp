#include "inference/text/JinjaLexer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "inference/text/Utf8.h"

namespace gwb::text::jinja {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string describeChar(char c) {
  if (std::isprint(static_cast<unsigned char>(c))) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(c));
  return buf;
}

class Lexer {
 public:
  Lexer(std::string_view source, const std::string& origin) : origin_(origin) {
    // Jinja turns every \r\n and \r into \n before lexing, so a template saved with Windows
    // line endings renders the same.
    normalized_.reserve(source.size());
    for (size_t i = 0; i < source.size(); ++i) {
      if (source[i] == '\r') {
        normalized_ += '\n';
        if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
      } else {
        normalized_ += source[i];
      }
    }
    src_ = normalized_;
    lineStarts_.push_back(0);
    for (size_t i = 0; i < src_.size(); ++i)
      if (src_[i] == '\n') lineStarts_.push_back(i + 1);
    // keep_trailing_newline=False: Jinja drops one newline at the very end of the template.
    if (src_.ends_with('\n')) src_.remove_suffix(1);
  }

  std::vector<Token> run() {
    bool lineStarting = true;  // the next text begins a line (lstrip_blocks looks at this)
    while (pos_ < src_.size()) {
      const size_t tag = findTagStart(pos_);
      std::string_view text = src_.substr(pos_, tag - pos_);
      const size_t textStart = pos_;
      if (tag < src_.size()) {
        const char kind = src_[tag + 1];
        const char modifier = tag + 2 < src_.size() ? src_[tag + 2] : '\0';
        if (modifier == '-') {
          while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
        } else if (modifier != '+' && kind != '{') {
          // lstrip_blocks: drop the indentation before a block/comment tag that starts a line.
          const size_t nl = text.rfind('\n');
          const size_t lineStart = nl == std::string_view::npos ? 0 : nl + 1;
          const bool onlyIndent = text.find_first_not_of(" \t", lineStart) == std::string_view::npos;
          if ((nl != std::string_view::npos || lineStarting) && onlyIndent) text = text.substr(0, lineStart);
        }
      }
      if (!text.empty()) emit(TokenType::Text, std::string(text), textStart);
      if (tag >= src_.size()) break;
      lexTag(tag);
      lineStarting = pos_ == 0 || src_[pos_ - 1] == '\n';
    }
    emit(TokenType::End, "", src_.size());
    return std::move(tokens_);
  }

 private:
  size_t findTagStart(size_t from) const {
    for (size_t i = from; i + 1 < src_.size(); ++i)
      if (src_[i] == '{' && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#')) return i;
    return src_.size();
  }

  SourcePos posAt(size_t offset) const {
    auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
    const size_t line = static_cast<size_t>(it - lineStarts_.begin());  // >= 1: lineStarts_[0] == 0
    return {static_cast<int>(line), static_cast<int>(offset - lineStarts_[line - 1] + 1)};
  }

  [[noreturn]] void fail(size_t offset, const std::string& message) const {
    throw TemplateError(origin_, posAt(offset), message);
  }

  void emit(TokenType type, std::string value, size_t offset) {
    tokens_.push_back({type, std::move(value), posAt(offset)});
  }

  // After a closing delimiter: "-" eats all following whitespace; otherwise trim_blocks eats one
  // newline after block and comment tags (not after {{ }}), unless the delimiter has "+".
  void afterClose(char closeModifier, bool isBlockOrComment) {
    if (closeModifier == '-') {
      while (pos_ < src_.size() && isSpace(src_[pos_])) ++pos_;
    } else if (closeModifier != '+' && isBlockOrComment) {
      if (pos_ < src_.size() && src_[pos_] == '\n') ++pos_;
    }
  }

  void lexTag(size_t tag) {
    const char kind = src_[tag + 1];
    size_t i = tag + 2;
    if (i < src_.size() && (src_[i] == '-' || src_[i] == '+')) ++i;
    if (kind == '#') {
      const size_t end = src_.find("#}", i);
      if (end == std::string_view::npos) fail(tag, "unterminated comment: '{#' without a closing '#}'");
      const char closeModifier = end > i && (src_[end - 1] == '-' || src_[end - 1] == '+') ? src_[end - 1] : '\0';
      pos_ = end + 2;
      afterClose(closeModifier, true);
      return;
    }
    const bool isBlock = kind == '%';
    emit(isBlock ? TokenType::BlockBegin : TokenType::VarBegin, isBlock ? "{%" : "{{", tag);
    const std::string_view closer = isBlock ? "%}" : "}}";
    int depth = 0;  // open brackets: "}}" inside {{ {'a': {}} }} closes a dict, not the tag
    while (true) {
      while (i < src_.size() && isSpace(src_[i])) ++i;
      if (i >= src_.size())
        fail(tag, std::string("unterminated tag: '") + (isBlock ? "{%" : "{{") + "' without a closing '" +
                      std::string(closer) + "'");
      const std::string_view rest = src_.substr(i);
      if (depth == 0) {
        char closeModifier = '\0';
        size_t closeLen = 0;
        if (rest.starts_with(closer)) closeLen = 2;
        else if ((rest[0] == '-' || rest[0] == '+') && rest.substr(1).starts_with(closer)) {
          closeModifier = rest[0];
          closeLen = 3;
        }
        if (closeLen) {
          emit(isBlock ? TokenType::BlockEnd : TokenType::VarEnd, std::string(closer), i);
          pos_ = i + closeLen;
          afterClose(closeModifier, isBlock);
          return;
        }
      }
      const char c = rest[0];
      if (isNameStart(c)) {
        size_t j = i;
        while (j < src_.size() && isNameChar(src_[j])) ++j;
        emit(TokenType::Name, std::string(src_.substr(i, j - i)), i);
        i = j;
      } else if (isDigit(c)) {
        i = lexNumber(i);
      } else if (c == '\'' || c == '"') {
        i = lexString(i);
      } else {
        i = lexOperator(i, depth);
      }
    }
  }

  size_t lexNumber(size_t start) {
    size_t j = start;
    while (j < src_.size() && isDigit(src_[j])) ++j;
    bool isFloat = false;
    if (j + 1 < src_.size() && src_[j] == '.' && isDigit(src_[j + 1])) {
      isFloat = true;
      ++j;
      while (j < src_.size() && isDigit(src_[j])) ++j;
    }
    if (j < src_.size() && (src_[j] == 'e' || src_[j] == 'E')) {
      size_t k = j + 1;
      if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
      if (k < src_.size() && isDigit(src_[k])) {
        isFloat = true;
        j = k;
        while (j < src_.size() && isDigit(src_[j])) ++j;
      }
    }
    emit(isFloat ? TokenType::Float : TokenType::Integer, std::string(src_.substr(start, j - start)), start);
    return j;
  }

  // Python string literal escapes; an unknown escape keeps its backslash, as Python does.
  size_t lexString(size_t start) {
    const char quote = src_[start];
    std::string value;
    size_t j = start + 1;
    while (true) {
      if (j >= src_.size()) fail(start, "unterminated string literal");
      const char c = src_[j];
      if (c == quote) break;
      if (c != '\\') {
        value += c;
        ++j;
        continue;
      }
      if (j + 1 >= src_.size()) fail(start, "unterminated string literal");
      const char e = src_[j + 1];
      j += 2;
      switch (e) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case '0': value += '\0'; break;
        case '\\': value += '\\'; break;
        case '\'': value += '\''; break;
        case '"': value += '"'; break;
        case '\n': break;  // line continuation
        case 'x': case 'u': case 'U': {
          const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          char32_t cp = 0;
          for (size_t k = 0; k < digits; ++k) {
            const int h = j + k < src_.size() ? hexValue(src_[j + k]) : -1;
            if (h < 0) fail(j - 2, std::string("bad \\") + e + " escape in string literal");
            cp = cp * 16 + static_cast<char32_t>(h);
          }
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail(j - 2, "string escape is not a Unicode scalar value");
          appendUtf8(value, cp);
          j += digits;
          break;
        }
        default: value += '\\'; value += e; break;
      }
    }
    emit(TokenType::String, std::move(value), start);
    return j + 1;
  }

  size_t lexOperator(size_t i, int& depth) {
    static constexpr std::string_view kTwoChar[] = {"==", "!=", "<=", ">=", "//", "**"};
    const std::string_view rest = src_.substr(i);
    for (std::string_view op : kTwoChar) {
      if (rest.starts_with(op)) {
        emit(TokenType::Operator, std::string(op), i);
        return i + 2;
      }
    }
    const char c = rest[0];
    if (std::string_view("+-*/%~|.,:()[]{}=<>").find(c) == std::string_view::npos)
      fail(i, "unexpected character " + describeChar(c) + " inside a tag");
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    emit(TokenType::Operator, std::string(1, c), i);
    return i + 1;
  }

  std::string normalized_;
  std::string_view src_;  // normalized_ without the trailing newline
  const std::string& origin_;
  std::vector<size_t> lineStarts_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, const std::string& origin) {
  return Lexer(source, origin).run();
}

}  // namespace gwb::text::jinja
