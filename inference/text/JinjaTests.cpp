// The Jinja "is" tests (JinjaBuiltins.h), with Jinja2's definitions in terms of Python types.
#include "inference/text/JinjaBuiltins.h"

#include <array>

namespace gwb::text::jinja {
namespace {

constexpr std::array<std::string_view, 17> kTests = {
    "defined", "undefined", "none",  "string", "mapping", "sequence", "iterable", "boolean", "number",
    "integer", "float",     "true",  "false",  "callable", "eq",      "ne",       "in"};

}  // namespace

bool isKnownTest(std::string_view name) {
  for (std::string_view t : kTests)
    if (t == name) return true;
  return false;
}

bool applyTest(std::string_view name, const Value& v, const CallArgs& args) {
  using K = Value::Kind;
  const K k = v.kind();
  if (name == "defined") return k != K::Undefined;
  if (name == "undefined") return k == K::Undefined;
  if (name == "none") return k == K::None;
  if (name == "string") return k == K::String;
  if (name == "mapping") return k == K::Mapping;
  // Python: anything with len() and [] (str, list, dict); an undefined value is not.
  if (name == "sequence") return k == K::String || k == K::Array || k == K::Mapping;
  if (name == "iterable") return k == K::String || k == K::Array || k == K::Mapping || k == K::Undefined;
  if (name == "boolean") return k == K::Bool;
  if (name == "number") return k == K::Int || k == K::Float || k == K::Bool;  // bool is an int in Python
  if (name == "integer") return k == K::Int;
  if (name == "float") return k == K::Float;
  if (name == "true") return k == K::Bool && v.asBool();
  if (name == "false") return k == K::Bool && !v.asBool();
  if (name == "callable") return k == K::Function;
  const Value* other = args.get(0, "other");
  if (!other) throw EvalError("test '" + std::string(name) + "' needs an argument");
  if (name == "eq") return v == *other;
  if (name == "ne") return !(v == *other);
  if (name == "in") {
    if (other->isString()) return v.isString() && other->asString().find(v.asString()) != std::string::npos;
    if (other->isList()) {
      for (const Value& item : other->asList())
        if (item == v) return true;
      return false;
    }
    if (other->isDict()) return v.isString() && other->asDict().find(v.asString()) != nullptr;
    throw EvalError("test 'in' needs a string, list or dict, got " + other->typeName());
  }
  throw EvalError("unknown test '" + std::string(name) + "'");
}

}  // namespace gwb::text::jinja
