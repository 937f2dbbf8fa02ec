#include "inference/text/LenientJson.h"

#include <cstdint>
#include <optional>

namespace gwb::text {
namespace {

bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view doc, size_t pos) : doc_(doc), pos_(pos) {}

  std::optional<LenientValue> value(int depth) {
    skipSpace();
    if (atEnd()) return fail("input ends where a value should start");
    if (depth > kLenientMaxDepth) return fail("values are nested too deeply");
    const char c = doc_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"' || c == '\'') return string();
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (isIdentStart(c)) return literal();
    return fail(std::string("unexpected character '") + c + "'");
  }

  size_t pos() const { return pos_; }
  const std::string& error() const { return error_; }

 private:
  bool atEnd() const { return pos_ >= doc_.size(); }
  void skipSpace() {
    while (!atEnd() && (doc_[pos_] == ' ' || doc_[pos_] == '\n' || doc_[pos_] == '\r' || doc_[pos_] == '\t'))
      ++pos_;
  }
  // Records the first problem only: it is the one that stopped reading.
  std::nullopt_t fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(pos_);
    return std::nullopt;
  }
  LenientValue incomplete(LenientValue v, const char* what) {
    if (what) fail(what);
    v.complete = false;
    return v;
  }

  LenientValue array(int depth) {
    LenientValue v;
    v.kind = LenientValue::Kind::Array;
    ++pos_;
    for (;;) {
      skipSpace();
      if (atEnd()) return incomplete(std::move(v), "input ends inside a list");
      if (doc_[pos_] == ']') {
        ++pos_;
        return v;
      }
      if (doc_[pos_] == ',') {  // also skips trailing and doubled commas
        ++pos_;
        continue;
      }
      std::optional<LenientValue> item = value(depth + 1);
      if (!item) return incomplete(std::move(v), nullptr);
      const bool whole = item->complete;
      v.items.push_back(std::move(*item));
      if (!whole) return incomplete(std::move(v), nullptr);
    }
  }

  LenientValue object(int depth) {
    LenientValue v;
    v.kind = LenientValue::Kind::Object;
    ++pos_;
    for (;;) {
      skipSpace();
      if (atEnd()) return incomplete(std::move(v), "input ends inside an object");
      const char c = doc_[pos_];
      if (c == '}') {
        ++pos_;
        return v;
      }
      if (c == ',') {
        ++pos_;
        continue;
      }
      std::string key;
      if (c == '"' || c == '\'') {
        LenientValue k = string();
        if (!k.complete) return incomplete(std::move(v), nullptr);
        key = std::move(k.text);
      } else if (isIdentStart(c)) {
        const size_t begin = pos_;
        while (!atEnd() && isIdentChar(doc_[pos_])) ++pos_;
        key = std::string(doc_.substr(begin, pos_ - begin));
      } else {
        return incomplete(std::move(v), "expected a key");
      }
      skipSpace();
      if (atEnd()) return incomplete(std::move(v), "input ends after a key");
      if (doc_[pos_] != ':') return incomplete(std::move(v), "expected ':' after a key");
      ++pos_;
      std::optional<LenientValue> member = value(depth + 1);
      if (!member) return incomplete(std::move(v), nullptr);
      const bool whole = member->complete;
      v.members.push_back({std::move(key), std::move(*member)});
      if (!whole) return incomplete(std::move(v), nullptr);
    }
  }

  LenientValue string() {
    LenientValue v;
    v.kind = LenientValue::Kind::String;
    const char quote = doc_[pos_++];
    while (!atEnd()) {
      const char c = doc_[pos_++];
      if (c == quote) return v;
      if (c != '\\') {
        v.text += c;
        continue;
      }
      if (atEnd()) break;
      const char e = doc_[pos_++];
      switch (e) {
        case 'n': v.text += '\n'; break;
        case 't': v.text += '\t'; break;
        case 'r': v.text += '\r'; break;
        case 'b': v.text += '\b'; break;
        case 'f': v.text += '\f'; break;
        case 'u': appendUtf8(v.text, unicodeEscape()); break;
        default: v.text += e; break;  // \" \\ \/ \' and anything unknown: the character itself
      }
    }
    return incomplete(std::move(v), "input ends inside a string");
  }

  // After "\u": four hex digits, combined with a following low surrogate escape when there is
  // one. Anything malformed becomes U+FFFD rather than an error: it is only a label.
  uint32_t unicodeEscape() {
    const auto hex4 = [this](uint32_t& out) {
      if (doc_.size() - pos_ < 4) return false;
      out = 0;
      for (int i = 0; i < 4; ++i) {
        const char h = doc_[pos_ + size_t(i)];
        out <<= 4;
        if (h >= '0' && h <= '9') out |= uint32_t(h - '0');
        else if (h >= 'a' && h <= 'f') out |= uint32_t(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') out |= uint32_t(h - 'A' + 10);
        else return false;
      }
      pos_ += 4;
      return true;
    };
    uint32_t hi = 0;
    if (!hex4(hi)) return 0xFFFD;
    if (hi < 0xD800 || hi > 0xDFFF) return hi;
    if (hi >= 0xDC00) return 0xFFFD;
    uint32_t lo = 0;
    if (doc_.substr(pos_, 2) != "\\u") return 0xFFFD;
    pos_ += 2;
    if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return 0xFFFD;
    return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
  }

  // The characters of a number, kept as written; the caller converts and judges them.
  LenientValue number() {
    LenientValue v;
    v.kind = LenientValue::Kind::Number;
    const size_t begin = pos_;
    while (!atEnd()) {
      const char c = doc_[pos_];
      if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) break;
      ++pos_;
    }
    v.text = std::string(doc_.substr(begin, pos_ - begin));
    // A number at the very end may have lost digits: "12" could have been "125".
    if (atEnd()) return incomplete(std::move(v), "input ends inside a number");
    return v;
  }

  std::optional<LenientValue> literal() {
    const size_t begin = pos_;
    while (!atEnd() && isIdentChar(doc_[pos_])) ++pos_;
    const std::string_view word = doc_.substr(begin, pos_ - begin);
    LenientValue v;
    if (word == "true" || word == "True" || word == "false" || word == "False") {
      v.kind = LenientValue::Kind::Bool;
      v.text = std::string(word);
      return v;
    }
    if (word == "null" || word == "None") return v;
    pos_ = begin;
    return fail("unexpected word '" + std::string(word.substr(0, 32)) + "'");
  }

  std::string_view doc_;
  size_t pos_;
  std::string error_;
};

}  // namespace

LenientParse parseLenientJson(std::string_view doc, size_t start) {
  Parser p(doc, start);
  LenientParse out;
  std::optional<LenientValue> v = p.value(0);
  out.found = v.has_value();
  if (v) out.value = std::move(*v);
  out.end = p.pos();
  out.error = p.error();
  return out;
}

}  // namespace gwb::text
