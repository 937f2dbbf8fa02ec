#pragma once
// The values a chat template computes with, modelled on the Python objects Jinja2 sees when
// Hugging Face renders a template: undefined, None, bool, int, float, str, list, dict, a
// namespace() object, and callables (macros and the few global functions).
//
// Lists, dicts and namespaces have reference semantics like Python objects (copies share the
// same container); only namespace attributes are ever mutated, by {% set ns.x = ... %}.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "inference/text/JinjaError.h"

namespace gwb::text::jinja {

class Value;
using List = std::vector<Value>;

class Dict;
struct CallArgs;

class Value {
 public:
  // Array is a Python list, Mapping a dict.
  enum class Kind { Undefined, None, Bool, Int, Float, String, Array, Mapping, Namespace, Function };
  using Function = std::function<Value(CallArgs&)>;

  Value() = default;  // undefined
  // An undefined value remembers why it is undefined ("'x' is undefined", "no key 'y'") so that a
  // later misuse can say what was missing.
  static Value undefined(std::string why);
  static Value none();
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value number(double d);
  static Value string(std::string s);
  // list() and dict() throw EvalError when the result would nest deeper than kMaxValueDepth.
  static Value list(List items);
  static Value dict(Dict d);
  static Value makeNamespace(Dict attributes);
  static Value function(std::string name, Function f);
  // JSON objects become dicts, arrays lists, and so on; integers stay integers. Throws
  // std::invalid_argument for JSON nested deeper than kMaxJsonDepth.
  static Value fromJson(const nlohmann::json& j, int depth = 0);

  Kind kind() const { return kind_; }
  bool isUndefined() const { return kind_ == Kind::Undefined; }
  bool isNone() const { return kind_ == Kind::None; }
  bool isString() const { return kind_ == Kind::String; }
  bool isList() const { return kind_ == Kind::Array; }
  bool isDict() const { return kind_ == Kind::Mapping; }
  bool isNumber() const { return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool; }

  bool asBool() const { return std::get<bool>(data_); }
  int64_t asInt() const;  // Bool or Int
  double asDouble() const;  // any number
  const std::string& asString() const { return std::get<std::string>(data_); }
  const std::string& undefinedReason() const { return std::get<std::string>(data_); }
  const List& asList() const { return *std::get<std::shared_ptr<List>>(data_); }
  // Dict and Namespace both hold a Dict; a namespace's is shared and mutable.
  const Dict& asDict() const { return *std::get<std::shared_ptr<Dict>>(data_); }
  Dict& namespaceAttributes() const { return *std::get<std::shared_ptr<Dict>>(data_); }
  const std::string& functionName() const;
  Value call(CallArgs& args) const;

  // Nesting depth of lists and dicts (0 for scalars, namespaces and functions). Capped at
  // kMaxValueDepth so that printing, comparing and freeing values cannot overflow the stack.
  int depth() const { return depth_; }

  // Python truthiness: undefined, None, False, 0, "", [] and {} are false.
  bool truthy() const;
  // What {{ value }} prints: Python's str() (undefined prints nothing).
  std::string str() const;
  // Python's repr(), used inside printed lists and dicts.
  std::string repr() const;
  // A short type name for error messages: "string", "list", "undefined"...
  std::string typeName() const;

  friend bool operator==(const Value& a, const Value& b);

 private:
  Kind kind_ = Kind::Undefined;
  int depth_ = 0;
  struct FunctionHolder {
    std::string name;
    Function fn;
  };
  std::variant<std::monostate, bool, int64_t, double, std::string, std::shared_ptr<List>, std::shared_ptr<Dict>,
               std::shared_ptr<FunctionHolder>>
      data_ = std::string();
};

// An insertion-ordered string-keyed map (Python dicts keep insertion order; JSON keys are strings).
class Dict {
 public:
  const Value* find(std::string_view key) const;
  void set(const std::string& key, Value value);
  // Adds a key known not to be present yet (building a fresh dict without set()'s search).
  void append(std::string key, Value value);
  void reserve(size_t n) { items_.reserve(n); }
  const std::vector<std::pair<std::string, Value>>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  // Drops all entries (the evaluator breaks namespace reference cycles with it).
  void clear() { items_.clear(); }

 private:
  std::vector<std::pair<std::string, Value>> items_;
};

// Arguments of a call: f(a, b, key=c). pos is where the call is, for error messages.
struct CallArgs {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> named;
  SourcePos pos;

  // The argument at position `index`, else the one named `name`; null when neither was given.
  const Value* get(size_t index, std::string_view name) const;
};

// Hostile templates must not exhaust memory or time: strings, lists and loop work are capped.
inline constexpr size_t kMaxStringBytes = 16u << 20;
inline constexpr size_t kMaxListItems = 1u << 20;
inline constexpr int kMaxJsonDepth = 256;
inline constexpr int kMaxValueDepth = 512;

// Python ordering for <, >, sorting: numbers with numbers, strings with strings (by code point),
// lists element-wise. Returns <0, 0, >0; throws EvalError for values that have no order.
int compareValues(const Value& a, const Value& b);

// Python's repr() of a float: shortest round-trip digits, "1.0" not "1", "1e+16" not "1e16".
std::string formatPythonFloat(double d);

}  // namespace gwb::text::jinja
