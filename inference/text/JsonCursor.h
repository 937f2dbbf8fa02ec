#pragma once
// A strict, pull-style JSON reader over a byte buffer, for the few huge arrays of a tokenizer.json
// (262k vocab entries, 515k merges) where building a DOM (nlohmann) costs more than the whole load.
// The caller walks the document in order:
//   c.beginObject(); while (c.nextKey(key)) { if (key == "x") c.readString(s); else c.skipValue(); }
// Every malformed input throws JsonCursor::Error naming the line, column and what was expected.
// Nesting is limited (kMaxDepth) so hostile input cannot overflow the stack.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gwb::text {

class JsonCursor {
 public:
  struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  enum class Kind { Object, Array, String, Number, Bool, Null };
  static constexpr int kMaxDepth = 128;

  // start: where reading begins (to come back to a value skipped earlier); errors still give
  // line and column within the whole document.
  explicit JsonCursor(std::string_view doc, size_t start = 0) : doc_(doc), pos_(start) {}

  // The kind of the next value (skips whitespace; throws at end of input or on a bad character).
  Kind peek();

  void beginObject();
  // Reads the next key of the innermost object into key; false (and the '}' consumed) at its end.
  bool nextKey(std::string& key);
  void beginArray();
  // True when the innermost array has another element (positioned on it); false after its ']'.
  bool nextElement();

  // String value, unescaped, checked to be valid UTF-8 (lone surrogate escapes are rejected).
  void readString(std::string& out);
  std::string readString();
  // An integer number (no fraction or exponent) that fits in int64.
  int64_t readInteger();
  bool readBool();
  void readNull();
  // Skips one whole value (validating it) and returns its raw text.
  std::string_view skipValue();
  // Throws unless only whitespace is left.
  void expectEnd();

  [[noreturn]] void fail(const std::string& what) const;

 private:
  void skipSpace();
  char next();  // consumes one byte; fails at end of input
  void expect(char c, const char* context);
  void skipNumber();
  void readLiteral(std::string_view word);
  void skipValueAt(int depth);
  void readEscape(std::string& out);
  uint32_t readHex4();

  std::string_view doc_;
  size_t pos_ = 0;
  // One entry per open object/array: whether an element was already read (so ',' comes next).
  std::vector<bool> hasElement_;
};

}  // namespace gwb::text
