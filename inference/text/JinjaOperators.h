#pragma once
// The binary operators of Jinja expressions with Python semantics (== != < > <= >= in, not in,
// + - * / // % ** ~). "and"/"or" short-circuit, so the evaluator handles them itself.
#include <string_view>

#include "inference/text/JinjaValue.h"

namespace gwb::text::jinja {

// Throws EvalError for operand types Python would reject (e.g. "a" + 1), division by zero,
// integer overflow, or a result longer than kMaxStringBytes / kMaxListItems.
Value applyBinaryOperator(std::string_view op, const Value& lhs, const Value& rhs);

}  // namespace gwb::text::jinja
