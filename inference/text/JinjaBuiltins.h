#pragma once
// The filters ({{ x | upper }}), tests ({% if x is mapping %}) and str/dict methods
// ({{ s.split(',') }}) that the interpreter provides: the ones Hugging Face chat templates use,
// with Jinja2 / Python semantics. Each throws EvalError (no position; the evaluator adds it) on
// bad arguments.
#include <string_view>

#include "inference/text/JinjaValue.h"

namespace gwb::text::jinja {

// Known names are checked when the template is parsed, so a typo fails at load time.
bool isKnownFilter(std::string_view name);
bool isKnownTest(std::string_view name);

Value applyFilter(std::string_view name, const Value& input, const CallArgs& args);
bool applyTest(std::string_view name, const Value& input, const CallArgs& args);

// True when `object` (a string, dict or list) has a method `name`.
bool hasMethod(const Value& object, std::string_view name);
Value callMethod(const Value& object, std::string_view name, const CallArgs& args);

// The items a for loop or a filter iterates: list items, dict keys, the code points of a string;
// nothing for an undefined value (as Jinja's Undefined is an empty iterable).
List iterateValue(const Value& v);

// Python's json.dumps(value, ensure_ascii=False, indent=indent), which HF installs as tojson.
// indent < 0 means None (one line, ", " and ": " separators).
std::string toPythonJson(const Value& value, int indent);

}  // namespace gwb::text::jinja
