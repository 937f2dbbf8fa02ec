// Python str and dict methods callable from a template (JinjaBuiltins.h). Lists have none here:
// HF renders in an immutable sandbox, so list.append and friends are refused there too.
#include <array>

#include "inference/text/JinjaBuiltins.h"
#include "inference/text/JinjaStrings.h"

namespace gwb::text::jinja {
namespace {

constexpr std::array<std::string_view, 9> kStringMethods = {"upper", "lower",      "strip",    "lstrip", "rstrip",
                                                             "split", "startswith", "endswith", "replace"};
constexpr std::array<std::string_view, 4> kDictMethods = {"items", "keys", "values", "get"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

std::optional<std::string> optionalString(const Value* v, std::string_view method) {
  if (!v || v->isNone()) return std::nullopt;
  if (!v->isString()) throw EvalError(std::string(method) + "(): expects a string argument, got " + v->typeName());
  return v->asString();
}

std::string requireString(const Value* v, std::string_view method) {
  std::optional<std::string> s = optionalString(v, method);
  if (!s) throw EvalError(std::string(method) + "(): missing string argument");
  return *s;
}

int64_t optionalInt(const Value* v, std::string_view method) {
  if (!v || v->isNone()) return -1;
  if (v->kind() != Value::Kind::Int) throw EvalError(std::string(method) + "(): expects an integer count, got " + v->typeName());
  return v->asInt();
}

// startswith/endswith take one string or a list (tuple) of strings.
bool affixMatches(const std::string& s, const Value* affix, bool prefix, std::string_view method) {
  if (affix && affix->isList()) {
    for (const Value& a : affix->asList())
      if (affixMatches(s, &a, prefix, method)) return true;
    return false;
  }
  const std::string a = requireString(affix, method);
  return prefix ? s.starts_with(a) : s.ends_with(a);
}

Value stringMethod(const std::string& s, std::string_view name, const CallArgs& args) {
  if (name == "upper") return Value::string(asciiUpper(s));
  if (name == "lower") return Value::string(asciiLower(s));
  if (name == "strip" || name == "lstrip" || name == "rstrip") {
    const bool left = name != "rstrip";
    const bool right = name != "lstrip";
    return Value::string(pythonStrip(s, optionalString(args.get(0, "chars"), name), left, right));
  }
  if (name == "split") {
    List out;
    for (auto& piece : pythonSplit(s, optionalString(args.get(0, "sep"), name), optionalInt(args.get(1, "maxsplit"), name)))
      out.push_back(Value::string(std::move(piece)));
    return Value::list(std::move(out));
  }
  if (name == "startswith") return Value::boolean(affixMatches(s, args.get(0, "prefix"), true, name));
  if (name == "endswith") return Value::boolean(affixMatches(s, args.get(0, "suffix"), false, name));
  return Value::string(pythonReplace(s, requireString(args.get(0, "old"), name), requireString(args.get(1, "new"), name),
                                     optionalInt(args.get(2, "count"), name)));
}

Value dictMethod(const Dict& d, std::string_view name, const CallArgs& args) {
  List out;
  if (name == "get") {
    const std::string key = requireString(args.get(0, "key"), name);
    const Value* fallback = args.get(1, "default");
    const Value* found = d.find(key);
    return found ? *found : (fallback ? *fallback : Value::none());
  }
  for (const auto& [k, v] : d.items()) {
    if (name == "items") out.push_back(Value::list({Value::string(k), v}));
    else if (name == "keys") out.push_back(Value::string(k));
    else out.push_back(v);
  }
  return Value::list(std::move(out));
}

}  // namespace

bool hasMethod(const Value& object, std::string_view name) {
  if (object.isString()) return contains(kStringMethods, name);
  if (object.isDict()) return contains(kDictMethods, name);
  return false;
}

Value callMethod(const Value& object, std::string_view name, const CallArgs& args) {
  if (object.isString() && contains(kStringMethods, name)) return stringMethod(object.asString(), name, args);
  if (object.isDict() && contains(kDictMethods, name)) return dictMethod(object.asDict(), name, args);
  throw EvalError("a " + object.typeName() + " value has no method '" + std::string(name) + "'");
}

}  // namespace gwb::text::jinja
