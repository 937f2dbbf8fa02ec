#pragma once
// The syntax tree of a parsed chat template: expressions and statements, each with the source
// position it came from so the evaluator can name the place of a runtime error.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inference/text/JinjaError.h"
#include "inference/text/JinjaValue.h"

namespace gwb::text::jinja {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    Literal,      // value
    ListLiteral,  // items: [a, b] and tuples (a, b)
    DictLiteral,  // items as key, value pairs: {k: v}
    Name,         // name
    Attribute,    // object.name
    Index,        // object[args[0]]
    Slice,        // object[args[0]:args[1]:args[2]], null for an omitted part
    Call,         // object(args, kwargs)
    Filter,       // object | name(args, kwargs)
    Test,         // object is [not] name(args)  (negated)
    Not,          // not object
    Negate,       // -object
    Binary,       // args[0] name args[1]: or and == != < > <= >= in "not in" + - * / // % ~ **
    Conditional,  // args[1] if args[0] else args[2] (args[2] may be null)
  };
  Kind kind;
  SourcePos pos;
  Value value;
  std::string name;
  ExprPtr object;
  std::vector<ExprPtr> args;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  bool negated = false;
};

struct Stmt;
using Body = std::vector<std::unique_ptr<Stmt>>;

struct MacroParam {
  std::string name;
  ExprPtr defaultValue;  // null: required
};

struct Stmt {
  enum class Kind {
    Text,    // text
    Output,  // {{ expr }}
    If,      // conditions[i] guards bodies[i]; a trailing extra body is the else branch
    For,     // for targets in expr [if condition]: bodies[0] [else: bodies[1]]
    Set,     // set target[.attribute] = expr
    Macro,   // macro name(params): bodies[0]
  };
  Kind kind;
  SourcePos pos;
  std::string text;
  ExprPtr expr;
  std::vector<ExprPtr> conditions;
  std::vector<Body> bodies;
  std::vector<std::string> targets;  // For: loop variables; Set: {name} or {name, attribute}
  ExprPtr condition;                 // For: optional inline filter
  bool usesLoopVariable = false;     // For: the body or filter mentions `loop` (else it is not built)
  std::string name;                  // Macro
  std::vector<MacroParam> params;    // Macro
};

// A parsed template: its statements and the name used in error messages.
struct Program {
  std::string origin;
  Body body;
};

}  // namespace gwb::text::jinja
