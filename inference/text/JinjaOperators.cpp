#include "inference/text/JinjaOperators.h"

#include <cmath>

namespace gwb::text::jinja {
namespace {

bool contains(const Value& container, const Value& item) {
  switch (container.kind()) {
    case Value::Kind::String:
      if (!item.isString()) throw EvalError("'in <string>' needs a string on the left, got " + item.typeName());
      return container.asString().find(item.asString()) != std::string::npos;
    case Value::Kind::Array:
      for (const Value& v : container.asList())
        if (v == item) return true;
      return false;
    case Value::Kind::Mapping: return item.isString() && container.asDict().find(item.asString()) != nullptr;
    case Value::Kind::Undefined: return false;  // Jinja's Undefined is an empty iterable
    default: throw EvalError("'in' needs a string, list or dict on the right, got " + container.typeName());
  }
}

std::string repeatString(const std::string& s, int64_t times) {
  if (times <= 0 || s.empty()) return "";
  if (s.size() * static_cast<uint64_t>(times) > kMaxStringBytes) throw EvalError("string repetition is too long");
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(times));
  for (int64_t i = 0; i < times; ++i) out += s;
  return out;
}

List repeatList(const List& l, int64_t times) {
  if (times <= 0 || l.empty()) return {};
  if (l.size() * static_cast<uint64_t>(times) > kMaxListItems) throw EvalError("list repetition is too long");
  List out;
  for (int64_t i = 0; i < times; ++i) out.insert(out.end(), l.begin(), l.end());
  return out;
}

bool isInt(const Value& v) { return v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Bool; }

// Runs one of the __builtin_*_overflow functions and returns its result, or throws.
template <typename Op>
int64_t checked(Op op, int64_t x, int64_t y) {
  int64_t r = 0;
  if (op(x, y, &r)) throw EvalError("integer overflow");
  return r;
}

bool addOverflows(int64_t x, int64_t y, int64_t* r) { return __builtin_add_overflow(x, y, r); }
bool subOverflows(int64_t x, int64_t y, int64_t* r) { return __builtin_sub_overflow(x, y, r); }
bool mulOverflows(int64_t x, int64_t y, int64_t* r) { return __builtin_mul_overflow(x, y, r); }

Value arithmetic(std::string_view op, const Value& a, const Value& b) {
  if (!a.isNumber() || !b.isNumber())
    throw EvalError("unsupported operand types for " + std::string(op) + ": " + a.typeName() + " and " + b.typeName());
  const bool ints = isInt(a) && isInt(b);
  if (ints) {
    const int64_t x = a.asInt();
    const int64_t y = b.asInt();
    if (op == "+") return Value::integer(checked(addOverflows, x, y));
    if (op == "-") return Value::integer(checked(subOverflows, x, y));
    if (op == "*") return Value::integer(checked(mulOverflows, x, y));
    if (op == "//" || op == "%") {
      if (y == 0) throw EvalError("integer division or modulo by zero");
      if (x == INT64_MIN && y == -1) throw EvalError("integer overflow");
      int64_t q = x / y;
      int64_t m = x % y;
      if (m != 0 && ((m < 0) != (y < 0))) {  // Python floors toward negative infinity
        --q;
        m += y;
      }
      return Value::integer(op == "//" ? q : m);
    }
    if (op == "**" && y >= 0) {
      int64_t result = 1;
      for (int64_t i = 0; i < y; ++i) {
        result = checked(mulOverflows, result, x);
        if (result == 0 || result == 1) break;
      }
      return Value::integer(result);
    }
  }
  const double x = a.asDouble();
  const double y = b.asDouble();
  if (op == "+") return Value::number(x + y);
  if (op == "-") return Value::number(x - y);
  if (op == "*") return Value::number(x * y);
  if (op == "**") return Value::number(std::pow(x, y));
  if (y == 0) throw EvalError("float division by zero");
  if (op == "/") return Value::number(x / y);
  if (op == "//") return Value::number(std::floor(x / y));
  const double m = std::fmod(x, y);
  return Value::number(m != 0 && ((m < 0) != (y < 0)) ? m + y : m);
}

}  // namespace

Value applyBinaryOperator(std::string_view op, const Value& a, const Value& b) {
  if (op == "==") return Value::boolean(a == b);
  if (op == "!=") return Value::boolean(!(a == b));
  if (op == "<") return Value::boolean(compareValues(a, b) < 0);
  if (op == ">") return Value::boolean(compareValues(a, b) > 0);
  if (op == "<=") return Value::boolean(compareValues(a, b) <= 0);
  if (op == ">=") return Value::boolean(compareValues(a, b) >= 0);
  if (op == "in") return Value::boolean(contains(b, a));
  if (op == "not in") return Value::boolean(!contains(b, a));
  if (op == "~") {
    std::string s = a.str() + b.str();
    if (s.size() > kMaxStringBytes) throw EvalError("string concatenation is too long");
    return Value::string(std::move(s));
  }
  if (a.isUndefined() || b.isUndefined())
    throw EvalError("cannot use an undefined value with '" + std::string(op) + "' (" +
                    (a.isUndefined() ? a : b).undefinedReason() + ")");
  if (op == "+" && a.isString() && b.isString()) {
    if (a.asString().size() + b.asString().size() > kMaxStringBytes) throw EvalError("string concatenation is too long");
    return Value::string(a.asString() + b.asString());
  }
  if (op == "+" && a.isList() && b.isList()) {
    if (a.asList().size() + b.asList().size() > kMaxListItems) throw EvalError("list concatenation is too long");
    List out = a.asList();
    out.insert(out.end(), b.asList().begin(), b.asList().end());
    return Value::list(std::move(out));
  }
  if (op == "*") {
    if (a.isString() && isInt(b)) return Value::string(repeatString(a.asString(), b.asInt()));
    if (b.isString() && isInt(a)) return Value::string(repeatString(b.asString(), a.asInt()));
    if (a.isList() && isInt(b)) return Value::list(repeatList(a.asList(), b.asInt()));
    if (b.isList() && isInt(a)) return Value::list(repeatList(b.asList(), a.asInt()));
  }
  if (op == "%" && a.isString()) throw EvalError("printf-style string formatting ('%') is not supported");
  return arithmetic(op, a, b);
}

}  // namespace gwb::text::jinja
