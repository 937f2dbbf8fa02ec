#pragma once
// Runs a parsed template (JinjaParser.h) against its global variables and returns the text.
//
// Scoping follows Jinja2: a for loop body and a macro body get their own scope, so {% set %}
// inside them does not leak out (templates use namespace() objects for that); if-blocks share
// the enclosing scope. Macros see the template's top-level names, not their caller's.
#include <string>

#include "inference/text/JinjaAst.h"

namespace gwb::text::jinja {

// Besides `globals`, every template sees namespace(), range(), dict() and raise_exception(msg).
// Throws TemplateError, naming the line and column, for any runtime error, including the limits
// that stop hostile templates (output size, macro recursion depth, total loop iterations).
std::string renderProgram(const Program& program, const Dict& globals);

}  // namespace gwb::text::jinja
