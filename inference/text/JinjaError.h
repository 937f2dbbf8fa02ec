#pragma once
// The one exception type of the Jinja-subset interpreter that runs chat templates. Every error,
// from the lexer, the parser or the evaluator, names where in the template it happened, e.g.
//   "chat_template.jinja:12:5: unknown filter 'frobnicate'".
#include <stdexcept>
#include <string>

namespace gwb::text::jinja {

// 1-based line and column (in bytes) inside the template source.
struct SourcePos {
  int line = 1;
  int column = 1;
};

class TemplateError : public std::runtime_error {
 public:
  TemplateError(const std::string& origin, SourcePos pos, const std::string& message)
      : std::runtime_error(origin + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) +
                           ": " + message),
        pos_(pos), message_(message) {}

  SourcePos pos() const { return pos_; }
  // The message without the "origin:line:column: " prefix.
  const std::string& message() const { return message_; }

 private:
  SourcePos pos_;
  std::string message_;
};

// An error raised by a built-in (filter, test, method, global function) that does not know where
// in the template it was called; the evaluator rethrows it as a TemplateError at the call site.
struct EvalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace gwb::text::jinja
