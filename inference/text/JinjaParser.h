#pragma once
// Parses chat template source into a Program (see JinjaAst.h). Supported: text, {{ expr }},
// {% if/elif/else/endif %}, {% for a[, b] in expr [if cond] %}...{% else %}...{% endfor %},
// {% set name = expr %}, {% set ns.attr = expr %}, {% macro name(p, q=default) %}...{% endmacro %},
// and Jinja's expression grammar (literals, lists, dicts, attribute/subscript/slice, calls with
// keyword arguments, filters, "is" tests, not/and/or, comparisons, in, + - * / // % ~ **, and
// "a if c else b"). Anything else fails with a TemplateError naming its line and column.
#include <string>
#include <string_view>

#include "inference/text/JinjaAst.h"

namespace gwb::text::jinja {

// origin names the template in error messages (e.g. the file path).
Program parseTemplate(std::string_view source, std::string origin);

}  // namespace gwb::text::jinja
