#include "inference/text/JsonCursor.h"

#include <cstdio>
#include <limits>

#include "inference/text/Utf8.h"

namespace gwb::text {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string describe(std::string_view doc, size_t pos) {
  if (pos >= doc.size()) return "end of input";
  const auto c = static_cast<unsigned char>(doc[pos]);
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

}  // namespace

void JsonCursor::fail(const std::string& what) const {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < pos_ && i < doc_.size(); ++i) {
    if (doc_[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  throw Error("invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) +
              ": " + what + " (found " + describe(doc_, pos_) + ")");
}

void JsonCursor::skipSpace() {
  while (pos_ < doc_.size()) {
    const char c = doc_[pos_];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
    ++pos_;
  }
}

char JsonCursor::next() {
  if (pos_ >= doc_.size()) fail("unexpected end of input");
  return doc_[pos_++];
}

void JsonCursor::expect(char c, const char* context) {
  skipSpace();
  if (pos_ >= doc_.size() || doc_[pos_] != c) fail(std::string("expected '") + c + "' " + context);
  ++pos_;
}

JsonCursor::Kind JsonCursor::peek() {
  skipSpace();
  if (pos_ >= doc_.size()) fail("expected a value");
  switch (doc_[pos_]) {
    case '{': return Kind::Object;
    case '[': return Kind::Array;
    case '"': return Kind::String;
    case 't':
    case 'f': return Kind::Bool;
    case 'n': return Kind::Null;
    default:
      if (doc_[pos_] == '-' || isDigit(doc_[pos_])) return Kind::Number;
      fail("expected a value");
  }
}

void JsonCursor::beginObject() {
  if (hasElement_.size() >= static_cast<size_t>(kMaxDepth)) fail("nesting deeper than 128 levels");
  expect('{', "to open an object");
  hasElement_.push_back(false);
}

bool JsonCursor::nextKey(std::string& key) {
  skipSpace();
  if (pos_ < doc_.size() && doc_[pos_] == '}') {
    ++pos_;
    hasElement_.pop_back();
    return false;
  }
  if (hasElement_.back()) {
    expect(',', "or '}' after an object member");
    skipSpace();
  }
  if (pos_ >= doc_.size() || doc_[pos_] != '"') fail("expected a string key");
  readString(key);
  expect(':', "after an object key");
  hasElement_.back() = true;
  return true;
}

void JsonCursor::beginArray() {
  if (hasElement_.size() >= static_cast<size_t>(kMaxDepth)) fail("nesting deeper than 128 levels");
  expect('[', "to open an array");
  hasElement_.push_back(false);
}

bool JsonCursor::nextElement() {
  skipSpace();
  if (pos_ < doc_.size() && doc_[pos_] == ']') {
    ++pos_;
    hasElement_.pop_back();
    return false;
  }
  if (hasElement_.back()) expect(',', "or ']' after an array element");
  hasElement_.back() = true;
  return true;
}

uint32_t JsonCursor::readHex4() {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = next();
    v <<= 4;
    if (isDigit(c)) {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      --pos_;
      fail("expected 4 hex digits after \\u");
    }
  }
  return v;
}

void JsonCursor::readEscape(std::string& out) {
  const char c = next();
  switch (c) {
    case '"': out += '"'; return;
    case '\\': out += '\\'; return;
    case '/': out += '/'; return;
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case 'u': break;
    default: --pos_; fail("unknown escape sequence");
  }
  uint32_t cp = readHex4();
  if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone low surrogate in \\u escape");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    // A high surrogate must be followed by \uDC00..\uDFFF; together they name one code point.
    if (pos_ + 2 > doc_.size() || doc_[pos_] != '\\' || doc_[pos_ + 1] != 'u') {
      fail("high surrogate \\u escape not followed by a low surrogate");
    }
    pos_ += 2;
    const uint32_t lo = readHex4();
    if (lo < 0xDC00 || lo > 0xDFFF) fail("high surrogate \\u escape not followed by a low surrogate");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  }
  appendUtf8(out, cp);
}

void JsonCursor::readString(std::string& out) {
  out.clear();
  expect('"', "to open a string");
  while (true) {
    // Copy the run of plain bytes up to the next quote, backslash, control or non-ASCII byte.
    const size_t start = pos_;
    while (pos_ < doc_.size()) {
      const auto c = static_cast<unsigned char>(doc_[pos_]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++pos_;
    }
    out.append(doc_.data() + start, pos_ - start);
    if (pos_ >= doc_.size()) fail("unterminated string");
    const auto c = static_cast<unsigned char>(doc_[pos_]);
    if (c == '"') {
      ++pos_;
      return;
    }
    if (c == '\\') {
      ++pos_;
      readEscape(out);
    } else if (c < 0x20) {
      fail("control character inside a string (must be escaped)");
    } else {
      const size_t n = utf8CharLength(doc_, pos_);
      if (n == 0) fail("invalid UTF-8 inside a string");
      out.append(doc_.data() + pos_, n);
      pos_ += n;
    }
  }
}

std::string JsonCursor::readString() {
  std::string s;
  readString(s);
  return s;
}

void JsonCursor::skipNumber() {
  if (pos_ < doc_.size() && doc_[pos_] == '-') ++pos_;
  if (pos_ >= doc_.size() || !isDigit(doc_[pos_])) fail("expected a digit");
  if (doc_[pos_] == '0') {
    ++pos_;
  } else {
    while (pos_ < doc_.size() && isDigit(doc_[pos_])) ++pos_;
  }
  if (pos_ < doc_.size() && doc_[pos_] == '.') {
    ++pos_;
    if (pos_ >= doc_.size() || !isDigit(doc_[pos_])) fail("expected a digit after '.'");
    while (pos_ < doc_.size() && isDigit(doc_[pos_])) ++pos_;
  }
  if (pos_ < doc_.size() && (doc_[pos_] == 'e' || doc_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < doc_.size() && (doc_[pos_] == '+' || doc_[pos_] == '-')) ++pos_;
    if (pos_ >= doc_.size() || !isDigit(doc_[pos_])) fail("expected a digit in the exponent");
    while (pos_ < doc_.size() && isDigit(doc_[pos_])) ++pos_;
  }
}

int64_t JsonCursor::readInteger() {
  if (peek() != Kind::Number) fail("expected an integer");
  const size_t start = pos_;
  skipNumber();
  const std::string_view text = doc_.substr(start, pos_ - start);
  if (text.find_first_of(".eE") != std::string_view::npos) {
    pos_ = start;
    fail("expected an integer, not a fraction");
  }
  const bool negative = text[0] == '-';
  uint64_t v = 0;
  for (size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    const auto d = static_cast<uint64_t>(text[i] - '0');
    if (v > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - d) / 10) {
      pos_ = start;
      fail("integer out of range");
    }
    v = v * 10 + d;
  }
  return negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
}

void JsonCursor::readLiteral(std::string_view word) {
  if (doc_.substr(pos_, word.size()) != word) fail("expected '" + std::string(word) + "'");
  pos_ += word.size();
}

bool JsonCursor::readBool() {
  if (peek() != Kind::Bool) fail("expected true or false");
  if (doc_[pos_] == 't') {
    readLiteral("true");
    return true;
  }
  readLiteral("false");
  return false;
}

void JsonCursor::readNull() {
  if (peek() != Kind::Null) fail("expected null");
  readLiteral("null");
}

void JsonCursor::skipValueAt(int depth) {
  if (depth > kMaxDepth) fail("nesting deeper than 128 levels");
  std::string scratch;
  switch (peek()) {
    case Kind::Object:
      beginObject();
      while (nextKey(scratch)) skipValueAt(depth + 1);
      return;
    case Kind::Array:
      beginArray();
      while (nextElement()) skipValueAt(depth + 1);
      return;
    case Kind::String: readString(scratch); return;
    case Kind::Number: skipNumber(); return;
    case Kind::Bool: readBool(); return;
    case Kind::Null: readNull(); return;
  }
}

std::string_view JsonCursor::skipValue() {
  skipSpace();
  const size_t start = pos_;
  skipValueAt(static_cast<int>(hasElement_.size()));
  return doc_.substr(start, pos_ - start);
}

void JsonCursor::expectEnd() {
  skipSpace();
  if (pos_ != doc_.size()) fail("unexpected data after the end of the document");
}

}  // namespace gwb::text
