#include "inference/text/JinjaValue.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace gwb::text::jinja {

const Value* Dict::find(std::string_view key) const {
  for (const auto& [k, v] : items_)
    if (k == key) return &v;
  return nullptr;
}

void Dict::set(const std::string& key, Value value) {
  for (auto& [k, v] : items_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  items_.emplace_back(key, std::move(value));
}

const Value* CallArgs::get(size_t index, std::string_view name) const {
  if (index < positional.size()) return &positional[index];
  for (const auto& [k, v] : named)
    if (k == name) return &v;
  return nullptr;
}

void Dict::append(std::string key, Value value) { items_.emplace_back(std::move(key), std::move(value)); }

Value Value::undefined(std::string why) {
  Value v;
  v.data_ = std::move(why);
  return v;
}

Value Value::none() {
  Value v;
  v.kind_ = Kind::None;
  return v;
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.data_ = b;
  return v;
}

Value Value::integer(int64_t i) {
  Value v;
  v.kind_ = Kind::Int;
  v.data_ = i;
  return v;
}

Value Value::number(double d) {
  Value v;
  v.kind_ = Kind::Float;
  v.data_ = d;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  v.data_ = std::move(s);
  return v;
}

namespace {

int checkedDepth(int deepestItem) {
  if (deepestItem + 1 > kMaxValueDepth)
    throw EvalError("lists or dicts nested deeper than " + std::to_string(kMaxValueDepth) + " levels");
  return deepestItem + 1;
}

}  // namespace

Value Value::list(List items) {
  int deepest = 0;
  for (const Value& item : items) deepest = std::max(deepest, item.depth_);
  Value v;
  v.kind_ = Kind::Array;
  v.depth_ = checkedDepth(deepest);
  v.data_ = std::make_shared<List>(std::move(items));
  return v;
}

Value Value::dict(Dict d) {
  int deepest = 0;
  for (const auto& item : d.items()) deepest = std::max(deepest, item.second.depth_);
  Value v;
  v.kind_ = Kind::Mapping;
  v.depth_ = checkedDepth(deepest);
  v.data_ = std::make_shared<Dict>(std::move(d));
  return v;
}

// A namespace is opaque to printing, comparison and JSON, so its attributes do not count toward
// its depth; it may even end up containing itself (the evaluator breaks such cycles).
Value Value::makeNamespace(Dict attributes) {
  Value v;
  v.kind_ = Kind::Namespace;
  v.data_ = std::make_shared<Dict>(std::move(attributes));
  return v;
}

Value Value::function(std::string name, Function f) {
  Value v;
  v.kind_ = Kind::Function;
  v.data_ = std::make_shared<FunctionHolder>(FunctionHolder{std::move(name), std::move(f)});
  return v;
}

Value Value::fromJson(const nlohmann::json& j, int depth) {
  if (depth > kMaxJsonDepth)
    throw std::invalid_argument("JSON passed to the chat template is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  switch (j.type()) {
    case nlohmann::json::value_t::null: return none();
    case nlohmann::json::value_t::boolean: return boolean(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return integer(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      const auto u = j.get<uint64_t>();
      // Python ints are unbounded; beyond int64 a double is the closest we keep.
      return u <= static_cast<uint64_t>(INT64_MAX) ? integer(static_cast<int64_t>(u)) : number(static_cast<double>(u));
    }
    case nlohmann::json::value_t::number_float: return number(j.get<double>());
    case nlohmann::json::value_t::string: return string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      List items;
      items.reserve(j.size());
      for (const auto& e : j) items.push_back(fromJson(e, depth + 1));
      return list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Dict d;
      for (const auto& [k, e] : j.items()) d.set(k, fromJson(e, depth + 1));
      return dict(std::move(d));
    }
    default: return none();  // binary / discarded: not produced by the JSON parser
  }
}

int64_t Value::asInt() const { return kind_ == Kind::Bool ? (asBool() ? 1 : 0) : std::get<int64_t>(data_); }

double Value::asDouble() const {
  return kind_ == Kind::Float ? std::get<double>(data_) : static_cast<double>(asInt());
}

const std::string& Value::functionName() const { return std::get<std::shared_ptr<FunctionHolder>>(data_)->name; }

Value Value::call(CallArgs& args) const { return std::get<std::shared_ptr<FunctionHolder>>(data_)->fn(args); }

bool Value::truthy() const {
  switch (kind_) {
    case Kind::Undefined:
    case Kind::None: return false;
    case Kind::Bool: return asBool();
    case Kind::Int: return asInt() != 0;
    case Kind::Float: return asDouble() != 0.0;
    case Kind::String: return !asString().empty();
    case Kind::Array: return !asList().empty();
    case Kind::Mapping: return asDict().size() != 0;
    case Kind::Namespace:
    case Kind::Function: return true;
  }
  return false;
}

std::string formatPythonFloat(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));  // e.g. "-2.15e+01"
  const size_t ePos = sci.find('e');
  std::string sign;
  std::string digits;
  for (char c : sci.substr(0, ePos)) {
    if (c == '-') sign = "-";
    else if (c != '.') digits += c;
  }
  const int exp = std::atoi(std::string(sci.substr(ePos + 1)).c_str());
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return sign + "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    const size_t intLen = static_cast<size_t>(exp) + 1;
    if (digits.size() < intLen) digits.append(intLen - digits.size(), '0');
    const std::string frac = digits.substr(intLen);
    return sign + digits.substr(0, intLen) + "." + (frac.empty() ? "0" : frac);
  }
  std::string out = sign + digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  const int absExp = exp < 0 ? -exp : exp;
  out += exp < 0 ? "e-" : "e+";
  if (absExp < 10) out += '0';
  return out + std::to_string(absExp);
}

namespace {

std::string pythonStringRepr(const std::string& s) {
  const bool useDouble = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
  const char quote = useDouble ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c == quote) out += '\\';
        out += c;
    }
  }
  return out + quote;
}

}  // namespace

std::string Value::str() const {
  switch (kind_) {
    case Kind::Undefined: return "";
    case Kind::String: return asString();
    default: return repr();
  }
}

std::string Value::repr() const {
  switch (kind_) {
    case Kind::Undefined: return "";
    case Kind::None: return "None";
    case Kind::Bool: return asBool() ? "True" : "False";
    case Kind::Int: return std::to_string(asInt());
    case Kind::Float: return formatPythonFloat(asDouble());
    case Kind::String: return pythonStringRepr(asString());
    case Kind::Array: {
      std::string out = "[";
      for (size_t i = 0; i < asList().size(); ++i) out += (i ? ", " : "") + asList()[i].repr();
      return out + "]";
    }
    case Kind::Mapping: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, v] : asDict().items()) {
        out += (first ? "" : ", ") + pythonStringRepr(k) + ": " + v.repr();
        first = false;
      }
      return out + "}";
    }
    case Kind::Namespace: return "<Namespace>";
    case Kind::Function: return "<function " + functionName() + ">";
  }
  return "";
}

std::string Value::typeName() const {
  switch (kind_) {
    case Kind::Undefined: return "undefined";
    case Kind::None: return "none";
    case Kind::Bool: return "boolean";
    case Kind::Int: return "integer";
    case Kind::Float: return "float";
    case Kind::String: return "string";
    case Kind::Array: return "list";
    case Kind::Mapping: return "dict";
    case Kind::Namespace: return "namespace";
    case Kind::Function: return "function";
  }
  return "?";
}

bool operator==(const Value& a, const Value& b) {
  if (a.isNumber() && b.isNumber()) {
    if (a.kind() == Value::Kind::Float || b.kind() == Value::Kind::Float) return a.asDouble() == b.asDouble();
    return a.asInt() == b.asInt();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Undefined:
    case Value::Kind::None: return true;
    case Value::Kind::String: return a.asString() == b.asString();
    case Value::Kind::Array: return a.asList() == b.asList();
    case Value::Kind::Mapping: {
      if (a.asDict().size() != b.asDict().size()) return false;
      for (const auto& [k, v] : a.asDict().items()) {
        const Value* other = b.asDict().find(k);
        if (!other || !(*other == v)) return false;
      }
      return true;
    }
    default:  // namespaces and functions compare by identity
      return a.data_ == b.data_;
  }
}

int compareValues(const Value& a, const Value& b) {
  if (a.isNumber() && b.isNumber()) {
    const double x = a.asDouble();
    const double y = b.asDouble();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.isString() && b.isString()) return a.asString().compare(b.asString());  // UTF-8 bytes sort as code points
  if (a.isList() && b.isList()) {
    const List& x = a.asList();
    const List& y = b.asList();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i)
      if (int c = compareValues(x[i], y[i]); c != 0) return c;
    return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
  }
  throw EvalError("cannot compare " + a.typeName() + " with " + b.typeName());
}

}  // namespace gwb::text::jinja
