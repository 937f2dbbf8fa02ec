// The Jinja filters (JinjaBuiltins.h): Jinja2's built-ins that chat templates use, plus Hugging
// Face's tojson.
#include <algorithm>
#include <array>

#include "inference/text/JinjaBuiltins.h"
#include "inference/text/JinjaStrings.h"

namespace gwb::text::jinja {
namespace {

constexpr std::array<std::string_view, 18> kFilters = {
    "default", "d",     "upper", "lower", "trim",   "dictsort", "items",   "map",  "list",
    "length",  "count", "join",  "first", "last",   "tojson",   "string",  "replace", "capitalize"};

std::optional<std::string> optionalString(const Value* v, std::string_view filter, std::string_view param) {
  if (!v || v->isNone()) return std::nullopt;
  if (!v->isString())
    throw EvalError(std::string(filter) + ": '" + std::string(param) + "' must be a string, got " + v->typeName());
  return v->asString();
}

int64_t optionalInt(const Value* v, int64_t fallback, std::string_view filter, std::string_view param) {
  if (!v || v->isNone()) return fallback;
  if (v->kind() != Value::Kind::Int)
    throw EvalError(std::string(filter) + ": '" + std::string(param) + "' must be an integer, got " + v->typeName());
  return v->asInt();
}

const Dict& requireDict(const Value& v, std::string_view filter) {
  if (!v.isDict()) throw EvalError(std::string(filter) + " expects a dict, got " + v.typeName());
  return v.asDict();
}

Value pair(const std::string& key, const Value& value) { return Value::list({Value::string(key), value}); }

Value dictsort(const Value& input, const CallArgs& args) {
  const Dict& d = requireDict(input, "dictsort");
  const bool caseSensitive = args.get(0, "case_sensitive") && args.get(0, "case_sensitive")->truthy();
  const std::string by = optionalString(args.get(1, "by"), "dictsort", "by").value_or("key");
  const bool reverse = args.get(2, "reverse") && args.get(2, "reverse")->truthy();
  if (by != "key" && by != "value") throw EvalError("dictsort: 'by' must be 'key' or 'value', got '" + by + "'");
  // Jinja sorts case-insensitively by default: the sort key of a string is its lower-case form.
  auto sortKey = [&](const std::string& key, const Value& value) {
    const Value& k = by == "key" ? Value::string(key) : value;
    return (!caseSensitive && k.isString()) ? Value::string(asciiLower(k.asString())) : k;
  };
  std::vector<std::pair<Value, Value>> keyed;
  for (const auto& [k, v] : d.items()) keyed.emplace_back(sortKey(k, v), pair(k, v));
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    const int c = compareValues(a.first, b.first);
    return reverse ? c > 0 : c < 0;
  });
  List out;
  for (auto& kv : keyed) out.push_back(std::move(kv.second));
  return Value::list(std::move(out));
}

Value mapFilter(const Value& input, const CallArgs& args) {
  List out;
  if (const Value* attribute = args.get(99, "attribute")) {
    const std::optional<std::string> name = optionalString(attribute, "map", "attribute");
    const Value* fallback = args.get(99, "default");
    for (const Value& item : iterateValue(input)) {
      const Value* found = item.isDict() && name ? item.asDict().find(*name) : nullptr;
      out.push_back(found ? *found : (fallback ? *fallback : Value::undefined("no attribute '" + name.value_or("") + "'")));
    }
    return Value::list(std::move(out));
  }
  if (args.positional.empty() || !args.positional[0].isString())
    throw EvalError("map: expects a filter name or attribute=");
  const std::string filter = args.positional[0].asString();
  if (!isKnownFilter(filter) || filter == "map") throw EvalError("map: unknown filter '" + filter + "'");
  CallArgs rest;
  rest.positional.assign(args.positional.begin() + 1, args.positional.end());
  rest.named = args.named;
  for (const Value& item : iterateValue(input)) out.push_back(applyFilter(filter, item, rest));
  return Value::list(std::move(out));
}

Value join(const Value& input, const CallArgs& args) {
  const std::string sep = optionalString(args.get(0, "d"), "join", "d").value_or("");
  const std::optional<std::string> attribute = optionalString(args.get(1, "attribute"), "join", "attribute");
  std::string out;
  bool first = true;
  for (const Value& item : iterateValue(input)) {
    const Value* v = &item;
    if (attribute) v = item.isDict() ? item.asDict().find(*attribute) : nullptr;
    const std::string piece = v ? v->str() : "";
    if (out.size() + sep.size() + piece.size() > kMaxStringBytes) throw EvalError("join: result is too long");
    if (!first) out += sep;
    out += piece;
    first = false;
  }
  return Value::string(std::move(out));
}

void appendJsonString(const std::string& s, std::string& out) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);  // ensure_ascii=False keeps UTF-8 as is
        }
    }
  }
  out += '"';
}

void dumpJson(const Value& v, int indent, int level, std::string& out) {
  if (out.size() > kMaxStringBytes) throw EvalError("tojson: result is too long");
  auto newline = [&](int lvl) {
    out += '\n';
    out.append(static_cast<size_t>(indent) * static_cast<size_t>(lvl), ' ');
  };
  const std::string itemSep = indent < 0 ? ", " : ",";
  switch (v.kind()) {
    case Value::Kind::None: out += "null"; return;
    case Value::Kind::Bool: out += v.asBool() ? "true" : "false"; return;
    case Value::Kind::Int: out += std::to_string(v.asInt()); return;
    case Value::Kind::Float: {
      const std::string f = formatPythonFloat(v.asDouble());
      out += f == "nan" ? "NaN" : f == "inf" ? "Infinity" : f == "-inf" ? "-Infinity" : f;
      return;
    }
    case Value::Kind::String: appendJsonString(v.asString(), out); return;
    case Value::Kind::Array: {
      if (v.asList().empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const Value& item : v.asList()) {
        if (!first) out += itemSep;
        if (indent >= 0) newline(level + 1);
        dumpJson(item, indent, level + 1, out);
        first = false;
      }
      if (indent >= 0) newline(level);
      out += ']';
      return;
    }
    case Value::Kind::Mapping: {
      if (v.asDict().size() == 0) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [k, item] : v.asDict().items()) {
        if (!first) out += itemSep;
        if (indent >= 0) newline(level + 1);
        appendJsonString(k, out);
        out += ": ";
        dumpJson(item, indent, level + 1, out);
        first = false;
      }
      if (indent >= 0) newline(level);
      out += '}';
      return;
    }
    default: throw EvalError("tojson: a " + v.typeName() + " value cannot be written as JSON");
  }
}

}  // namespace

bool isKnownFilter(std::string_view name) {
  for (std::string_view f : kFilters)
    if (f == name) return true;
  return false;
}

List iterateValue(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Undefined: return {};
    case Value::Kind::Array: return v.asList();
    case Value::Kind::Mapping: {
      List keys;
      for (const auto& item : v.asDict().items()) keys.push_back(Value::string(item.first));
      return keys;
    }
    case Value::Kind::String: {
      List chars;
      for (auto& cp : splitCodePoints(v.asString())) chars.push_back(Value::string(std::move(cp)));
      return chars;
    }
    default: throw EvalError("cannot iterate over a " + v.typeName() + " value");
  }
}

std::string toPythonJson(const Value& value, int indent) {
  std::string out;
  dumpJson(value, indent, 0, out);
  return out;
}

Value applyFilter(std::string_view name, const Value& input, const CallArgs& args) {
  if (name == "default" || name == "d") {
    const Value* fallback = args.get(0, "default_value");
    const bool boolean = args.get(1, "boolean") && args.get(1, "boolean")->truthy();
    const bool useFallback = input.isUndefined() || (boolean && !input.truthy());
    return useFallback ? (fallback ? *fallback : Value::string("")) : input;
  }
  if (name == "upper") return Value::string(asciiUpper(input.str()));
  if (name == "lower") return Value::string(asciiLower(input.str()));
  if (name == "capitalize") {
    const std::string lower = asciiLower(input.str());
    return Value::string(asciiUpper(lower.substr(0, 1)) + lower.substr(lower.empty() ? 0 : 1));
  }
  if (name == "trim") return Value::string(pythonStrip(input.str(), optionalString(args.get(0, "chars"), "trim", "chars"), true, true));
  if (name == "dictsort") return dictsort(input, args);
  if (name == "items") {
    if (input.isUndefined()) return Value::list({});
    List out;
    for (const auto& [k, v] : requireDict(input, "items").items()) out.push_back(pair(k, v));
    return Value::list(std::move(out));
  }
  if (name == "map") return mapFilter(input, args);
  if (name == "list") return Value::list(iterateValue(input));
  if (name == "length" || name == "count") {
    if (input.isString()) return Value::integer(static_cast<int64_t>(splitCodePoints(input.asString()).size()));
    if (input.isList()) return Value::integer(static_cast<int64_t>(input.asList().size()));
    if (input.isDict()) return Value::integer(static_cast<int64_t>(input.asDict().size()));
    if (input.isUndefined()) return Value::integer(0);
    throw EvalError("length: a " + input.typeName() + " value has no length");
  }
  if (name == "join") return join(input, args);
  if (name == "first" || name == "last") {
    const List items = iterateValue(input);
    if (items.empty()) return Value::undefined(std::string(name) + " of an empty sequence");
    return name == "first" ? items.front() : items.back();
  }
  if (name == "tojson") {
    const int64_t indent = optionalInt(args.get(0, "indent"), -1, "tojson", "indent");
    if (indent > 64) throw EvalError("tojson: indent " + std::to_string(indent) + " is too large");
    return Value::string(toPythonJson(input, static_cast<int>(indent)));
  }
  if (name == "string") return Value::string(input.str());
  if (name == "replace") {
    const std::optional<std::string> from = optionalString(args.get(0, "old"), "replace", "old");
    const std::optional<std::string> to = optionalString(args.get(1, "new"), "replace", "new");
    if (!from || !to) throw EvalError("replace: needs the old and the new string");
    return Value::string(pythonReplace(input.str(), *from, *to, optionalInt(args.get(2, "count"), -1, "replace", "count")));
  }
  throw EvalError("unknown filter '" + std::string(name) + "'");
}

}  // namespace gwb::text::jinja
