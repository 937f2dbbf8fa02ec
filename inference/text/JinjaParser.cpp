#include "inference/text/JinjaParser.h"

#include <charconv>
#include <cstdlib>

#include "inference/text/JinjaBuiltins.h"
#include "inference/text/JinjaLexer.h"

namespace gwb::text::jinja {
namespace {

// Deep nesting in a hostile template must end in an error, not a stack overflow.
constexpr int kMaxNesting = 100;

// Tags of full Jinja that chat templates occasionally use and this renderer does not run.
constexpr std::string_view kUnsupportedTags[] = {"raw", "call", "filter", "block", "extends", "include", "import",
                                                 "from", "with", "autoescape", "break", "continue", "do",
                                                 "endset", "generation"};

std::string describe(const Token& t) {
  switch (t.type) {
    case TokenType::Text: return "template text";
    case TokenType::VarBegin: return "'{{'";
    case TokenType::VarEnd: return "'}}'";
    case TokenType::BlockBegin: return "'{%'";
    case TokenType::BlockEnd: return "'%}'";
    case TokenType::String: return "string literal";
    case TokenType::End: return "end of template";
    default: return "'" + t.value + "'";
  }
}

ExprPtr makeExpr(Expr::Kind kind, SourcePos pos) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const std::string& origin) : toks_(std::move(tokens)), origin_(origin) {}

  Body parseAll() {
    std::string found;
    Body body = parseBody({}, found);
    return body;
  }

 private:
  // RAII nesting counter for the recursive descent.
  struct Nest {
    Nest(Parser& p, SourcePos pos) : parser(p) {
      if (++parser.depth_ > kMaxNesting) parser.fail(pos, "template is nested too deeply");
    }
    ~Nest() { --parser.depth_; }
    Parser& parser;
  };

  const Token& peek(size_t k = 0) const { return toks_[std::min(i_ + k, toks_.size() - 1)]; }
  const Token& next() {
    const Token& t = peek();
    if (i_ < toks_.size() - 1) ++i_;
    return t;
  }
  bool isOp(std::string_view op, size_t k = 0) const {
    return peek(k).type == TokenType::Operator && peek(k).value == op;
  }
  bool isName(std::string_view name, size_t k = 0) const {
    return peek(k).type == TokenType::Name && peek(k).value == name;
  }

  [[noreturn]] void fail(SourcePos pos, const std::string& message) const { throw TemplateError(origin_, pos, message); }

  void expectOp(std::string_view op, std::string_view context) {
    if (!isOp(op)) fail(peek().pos, "expected '" + std::string(op) + "' " + std::string(context) + ", found " + describe(peek()));
    next();
  }
  std::string expectName(std::string_view what) {
    if (peek().type != TokenType::Name) fail(peek().pos, "expected " + std::string(what) + ", found " + describe(peek()));
    return next().value;
  }
  void expectBlockEnd(std::string_view tag) {
    if (peek().type != TokenType::BlockEnd)
      fail(peek().pos, "expected '%}' to close the '" + std::string(tag) + "' tag, found " + describe(peek()));
    next();
  }

  // Parses statements until one of `terminators` opens a tag ({% name ...); consumes "{% name" and
  // stores name in `found`. At the end of the template `found` is left empty.
  Body parseBody(std::vector<std::string_view> terminators, std::string& found) {
    Nest nest(*this, peek().pos);
    Body body;
    found.clear();
    while (true) {
      const Token& t = peek();
      if (t.type == TokenType::End) return body;
      if (t.type == TokenType::Text) {
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::Kind::Text;
        s->pos = t.pos;
        s->text = next().value;
        body.push_back(std::move(s));
      } else if (t.type == TokenType::VarBegin) {
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::Kind::Output;
        s->pos = next().pos;
        s->expr = parseExpression();
        if (peek().type != TokenType::VarEnd) fail(peek().pos, "expected '}}', found " + describe(peek()));
        next();
        body.push_back(std::move(s));
      } else if (t.type == TokenType::BlockBegin) {
        const SourcePos tagPos = t.pos;
        if (peek(1).type != TokenType::Name) fail(peek(1).pos, "expected a tag name after '{%', found " + describe(peek(1)));
        const std::string name = peek(1).value;
        for (std::string_view term : terminators) {
          if (name == term) {
            next();
            next();
            found = name;
            return body;
          }
        }
        next();
        next();
        body.push_back(parseTag(name, tagPos));
      } else {
        fail(t.pos, "unexpected " + describe(t));
      }
    }
  }

  std::unique_ptr<Stmt> parseTag(const std::string& name, SourcePos pos) {
    if (name == "if") return parseIf(pos);
    if (name == "for") return parseFor(pos);
    if (name == "set") return parseSet(pos);
    if (name == "macro") return parseMacro(pos);
    if (name == "elif" || name == "else" || name.starts_with("end"))
      fail(pos, "unexpected '{% " + name + " %}' with no matching open block");
    for (std::string_view unsupported : kUnsupportedTags)
      if (name == unsupported) fail(pos, "the '" + name + "' tag is not supported by this chat template renderer");
    fail(pos, "unknown tag '" + name + "'");
  }

  [[noreturn]] void failUnclosed(std::string_view tag, std::string_view endTag, SourcePos pos) {
    fail(pos, "unterminated '" + std::string(tag) + "' block: no '{% " + std::string(endTag) + " %}' before the end of the template");
  }

  std::unique_ptr<Stmt> parseIf(SourcePos pos) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::If;
    s->pos = pos;
    s->conditions.push_back(parseExpression());
    expectBlockEnd("if");
    std::string found;
    while (true) {
      s->bodies.push_back(parseBody({"elif", "else", "endif"}, found));
      if (found.empty()) failUnclosed("if", "endif", pos);
      if (found == "elif") {
        s->conditions.push_back(parseExpression());
        expectBlockEnd("elif");
        continue;
      }
      expectBlockEnd(found);
      if (found == "else") {
        s->bodies.push_back(parseBody({"endif"}, found));
        if (found.empty()) failUnclosed("if", "endif", pos);
        expectBlockEnd("endif");
      }
      return s;
    }
  }

  std::unique_ptr<Stmt> parseFor(SourcePos pos) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::For;
    s->pos = pos;
    s->targets.push_back(expectName("a loop variable name"));
    while (isOp(",")) {
      next();
      s->targets.push_back(expectName("a loop variable name"));
    }
    if (!isName("in")) fail(peek().pos, "expected 'in' in the 'for' tag, found " + describe(peek()));
    next();
    s->expr = parseOr();  // not a conditional: "for x in xs if cond" filters the loop
    const int loopMentionsBefore = loopMentions_;
    if (isName("if")) {
      next();
      s->condition = parseExpression();
    }
    if (isName("recursive")) fail(peek().pos, "recursive for loops are not supported by this chat template renderer");
    expectBlockEnd("for");
    std::string found;
    s->bodies.push_back(parseBody({"else", "endfor"}, found));
    if (found.empty()) failUnclosed("for", "endfor", pos);
    expectBlockEnd(found);
    if (found == "else") {
      s->bodies.push_back(parseBody({"endfor"}, found));
      if (found.empty()) failUnclosed("for", "endfor", pos);
      expectBlockEnd("endfor");
    }
    s->usesLoopVariable = loopMentions_ != loopMentionsBefore;  // nested loops count too: harmless
    return s;
  }

  std::unique_ptr<Stmt> parseSet(SourcePos pos) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::Set;
    s->pos = pos;
    s->targets.push_back(expectName("a variable name after 'set'"));
    if (isOp(".")) {
      next();
      s->targets.push_back(expectName("an attribute name"));
    }
    if (peek().type == TokenType::BlockEnd)
      fail(peek().pos, "block assignments ({% set x %}...{% endset %}) are not supported by this chat template renderer");
    if (isOp(",")) fail(peek().pos, "unpacking assignments (set a, b = ...) are not supported by this chat template renderer");
    expectOp("=", "in the 'set' tag");
    s->expr = parseExpression();
    expectBlockEnd("set");
    return s;
  }

  std::unique_ptr<Stmt> parseMacro(SourcePos pos) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::Macro;
    s->pos = pos;
    s->name = expectName("a macro name");
    expectOp("(", "after the macro name");
    while (!isOp(")")) {
      MacroParam p;
      p.name = expectName("a macro parameter name");
      if (isOp("=")) {
        next();
        p.defaultValue = parseExpression();
      }
      s->params.push_back(std::move(p));
      if (!isOp(",")) break;
      next();
    }
    expectOp(")", "to close the macro parameters");
    expectBlockEnd("macro");
    std::string found;
    s->bodies.push_back(parseBody({"endmacro"}, found));
    if (found.empty()) failUnclosed("macro", "endmacro", pos);
    if (peek().type == TokenType::Name) next();  // {% endmacro name %} is allowed
    expectBlockEnd("endmacro");
    return s;
  }

  // ---- expressions, lowest precedence first (same grammar as Jinja2's parser) ----

  ExprPtr parseExpression() {
    Nest nest(*this, peek().pos);
    ExprPtr e = parseOr();
    while (isName("if")) {
      auto c = makeExpr(Expr::Kind::Conditional, next().pos);
      c->args.push_back(parseOr());       // condition
      c->args.push_back(std::move(e));    // value when true
      if (isName("else")) {
        next();
        c->args.push_back(parseExpression());
      } else {
        c->args.push_back(nullptr);
      }
      e = std::move(c);
    }
    return e;
  }

  ExprPtr binary(std::string op, SourcePos pos, ExprPtr lhs, ExprPtr rhs) {
    auto b = makeExpr(Expr::Kind::Binary, pos);
    b->name = std::move(op);
    b->args.push_back(std::move(lhs));
    b->args.push_back(std::move(rhs));
    return b;
  }

  ExprPtr parseOr() {
    ExprPtr e = parseAnd();
    while (isName("or")) {
      const SourcePos pos = next().pos;
      e = binary("or", pos, std::move(e), parseAnd());
    }
    return e;
  }

  ExprPtr parseAnd() {
    ExprPtr e = parseNot();
    while (isName("and")) {
      const SourcePos pos = next().pos;
      e = binary("and", pos, std::move(e), parseNot());
    }
    return e;
  }

  ExprPtr parseNot() {
    if (isName("not")) {
      Nest nest(*this, peek().pos);
      auto n = makeExpr(Expr::Kind::Not, next().pos);
      n->object = parseNot();
      return n;
    }
    return parseCompare();
  }

  ExprPtr parseCompare() {
    ExprPtr e = parseMath1();
    while (true) {
      const SourcePos pos = peek().pos;
      std::string op;
      if (peek().type == TokenType::Operator &&
          (peek().value == "==" || peek().value == "!=" || peek().value == "<" || peek().value == ">" ||
           peek().value == "<=" || peek().value == ">=")) {
        op = next().value;
      } else if (isName("in")) {
        next();
        op = "in";
      } else if (isName("not") && isName("in", 1)) {
        next();
        next();
        op = "not in";
      } else {
        return e;
      }
      e = binary(op, pos, std::move(e), parseMath1());
    }
  }

  ExprPtr parseMath1() {
    ExprPtr e = parseConcat();
    while (isOp("+") || isOp("-")) {
      const Token& t = next();
      e = binary(t.value, t.pos, std::move(e), parseConcat());
    }
    return e;
  }

  ExprPtr parseConcat() {
    ExprPtr e = parseMath2();
    while (isOp("~")) {
      const SourcePos pos = next().pos;
      e = binary("~", pos, std::move(e), parseMath2());
    }
    return e;
  }

  ExprPtr parseMath2() {
    ExprPtr e = parsePow();
    while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
      const Token& t = next();
      e = binary(t.value, t.pos, std::move(e), parsePow());
    }
    return e;
  }

  ExprPtr parsePow() {
    ExprPtr e = parseUnary(true);
    while (isOp("**")) {
      const SourcePos pos = next().pos;
      e = binary("**", pos, std::move(e), parseUnary(true));
    }
    return e;
  }

  ExprPtr parseUnary(bool withFilters) {
    Nest nest(*this, peek().pos);
    ExprPtr e;
    if (isOp("-")) {
      e = makeExpr(Expr::Kind::Negate, next().pos);
      e->object = parseUnary(false);
    } else if (isOp("+")) {
      next();
      e = parseUnary(false);
    } else {
      e = parsePrimary();
    }
    e = parsePostfix(std::move(e));
    if (withFilters) e = parseFiltersAndTests(std::move(e));
    return e;
  }

  ExprPtr parsePrimary() {
    const Token& t = peek();
    switch (t.type) {
      case TokenType::Name: {
        next();
        if (t.value == "true" || t.value == "True") return literal(Value::boolean(true), t.pos);
        if (t.value == "false" || t.value == "False") return literal(Value::boolean(false), t.pos);
        if (t.value == "none" || t.value == "None") return literal(Value::none(), t.pos);
        if (t.value == "loop") ++loopMentions_;
        auto n = makeExpr(Expr::Kind::Name, t.pos);
        n->name = t.value;
        return n;
      }
      case TokenType::String: {
        const SourcePos pos = t.pos;
        std::string s;
        while (peek().type == TokenType::String) s += next().value;  // "a" "b" == "ab"
        return literal(Value::string(std::move(s)), pos);
      }
      case TokenType::Integer: {
        next();
        int64_t v = 0;
        const auto r = std::from_chars(t.value.data(), t.value.data() + t.value.size(), v);
        if (r.ec != std::errc()) fail(t.pos, "integer literal " + t.value + " is too large");
        return literal(Value::integer(v), t.pos);
      }
      case TokenType::Float:
        next();
        return literal(Value::number(std::strtod(t.value.c_str(), nullptr)), t.pos);
      case TokenType::Operator:
        if (t.value == "(") return parseParenthesized();
        if (t.value == "[") return parseListLiteral();
        if (t.value == "{") return parseDictLiteral();
        break;
      default: break;
    }
    fail(t.pos, "expected an expression, found " + describe(t));
  }

  static ExprPtr literal(Value v, SourcePos pos) {
    auto e = makeExpr(Expr::Kind::Literal, pos);
    e->value = std::move(v);
    return e;
  }

  // (expr) or a tuple (a, b), which behaves like a list here.
  ExprPtr parseParenthesized() {
    const SourcePos pos = next().pos;
    if (isOp(")")) {
      next();
      return makeExpr(Expr::Kind::ListLiteral, pos);
    }
    ExprPtr first = parseExpression();
    if (!isOp(",")) {
      expectOp(")", "to close '('");
      return first;
    }
    auto tuple = makeExpr(Expr::Kind::ListLiteral, pos);
    tuple->args.push_back(std::move(first));
    while (isOp(",")) {
      next();
      if (isOp(")")) break;
      tuple->args.push_back(parseExpression());
    }
    expectOp(")", "to close the tuple");
    return tuple;
  }

  ExprPtr parseListLiteral() {
    auto list = makeExpr(Expr::Kind::ListLiteral, next().pos);
    while (!isOp("]")) {
      list->args.push_back(parseExpression());
      if (!isOp(",")) break;
      next();
    }
    expectOp("]", "to close the list");
    return list;
  }

  ExprPtr parseDictLiteral() {
    auto dict = makeExpr(Expr::Kind::DictLiteral, next().pos);
    while (!isOp("}")) {
      dict->args.push_back(parseExpression());
      expectOp(":", "between a dict key and its value");
      dict->args.push_back(parseExpression());
      if (!isOp(",")) break;
      next();
    }
    expectOp("}", "to close the dict");
    return dict;
  }

  ExprPtr parsePostfix(ExprPtr e) {
    while (true) {
      if (isOp(".")) {
        const SourcePos pos = next().pos;
        if (peek().type == TokenType::Integer) {  // x.0 is x[0]
          auto idx = makeExpr(Expr::Kind::Index, pos);
          idx->object = std::move(e);
          idx->args.push_back(parsePrimary());
          e = std::move(idx);
          continue;
        }
        auto a = makeExpr(Expr::Kind::Attribute, pos);
        a->name = expectName("an attribute name after '.'");
        a->object = std::move(e);
        e = std::move(a);
      } else if (isOp("[")) {
        e = parseSubscript(std::move(e));
      } else if (isOp("(")) {
        e = parseCall(std::move(e), Expr::Kind::Call, "");
      } else {
        return e;
      }
    }
  }

  ExprPtr parseSubscript(ExprPtr object) {
    const SourcePos pos = next().pos;
    ExprPtr start = isOp(":") ? nullptr : parseExpression();
    if (!isOp(":")) {
      expectOp("]", "to close the subscript");
      auto idx = makeExpr(Expr::Kind::Index, pos);
      idx->object = std::move(object);
      idx->args.push_back(std::move(start));
      return idx;
    }
    next();
    auto slice = makeExpr(Expr::Kind::Slice, pos);
    slice->object = std::move(object);
    slice->args.push_back(std::move(start));
    slice->args.push_back(isOp("]") || isOp(":") ? nullptr : parseExpression());
    ExprPtr step;
    if (isOp(":")) {
      next();
      if (!isOp("]")) step = parseExpression();
    }
    slice->args.push_back(std::move(step));
    expectOp("]", "to close the slice");
    return slice;
  }

  // Parses "(a, b, key=c)" into a Call or Filter node applied to `object`.
  ExprPtr parseCall(ExprPtr object, Expr::Kind kind, std::string name) {
    auto call = makeExpr(kind, next().pos);
    call->object = std::move(object);
    call->name = std::move(name);
    parseArguments(*call);
    return call;
  }

  void parseArguments(Expr& call) {
    while (!isOp(")")) {
      if (peek().type == TokenType::Name && isOp("=", 1)) {
        std::string key = next().value;
        next();
        call.kwargs.emplace_back(std::move(key), parseExpression());
      } else {
        if (!call.kwargs.empty()) fail(peek().pos, "positional argument after a keyword argument");
        call.args.push_back(parseExpression());
      }
      if (!isOp(",")) break;
      next();
    }
    expectOp(")", "to close the argument list");
  }

  ExprPtr parseFiltersAndTests(ExprPtr e) {
    while (true) {
      if (isOp("|")) {
        const SourcePos pos = next().pos;
        auto f = makeExpr(Expr::Kind::Filter, pos);
        const SourcePos namePos = peek().pos;
        f->name = expectName("a filter name after '|'");
        if (!isKnownFilter(f->name)) fail(namePos, "unknown filter '" + f->name + "'");
        f->object = std::move(e);
        if (isOp("(")) {
          next();
          parseArguments(*f);
        }
        e = std::move(f);
      } else if (isName("is")) {
        const SourcePos pos = next().pos;
        auto t = makeExpr(Expr::Kind::Test, pos);
        if (isName("not")) {
          next();
          t->negated = true;
        }
        const SourcePos namePos = peek().pos;
        t->name = expectName("a test name after 'is'");
        if (!isKnownTest(t->name)) fail(namePos, "unknown test '" + t->name + "'");
        t->object = std::move(e);
        if (isOp("(")) {
          next();
          parseArguments(*t);
        } else if (startsBareTestArgument()) {
          t->args.push_back(parsePostfix(parsePrimary()));  // e.g. "x is divisibleby 3"
        }
        e = std::move(t);
      } else if (isOp("(")) {
        e = parseCall(std::move(e), Expr::Kind::Call, "");
      } else {
        return e;
      }
    }
  }

  bool startsBareTestArgument() const {
    const Token& t = peek();
    if (t.type == TokenType::Name)
      return t.value != "else" && t.value != "or" && t.value != "and" && t.value != "if" && t.value != "is" &&
             t.value != "in" && t.value != "not";
    return t.type == TokenType::String || t.type == TokenType::Integer || t.type == TokenType::Float ||
           isOp("[") || isOp("{");
  }

  std::vector<Token> toks_;
  size_t i_ = 0;
  const std::string& origin_;
  int depth_ = 0;
  int loopMentions_ = 0;  // how many times the name `loop` has been read so far
};

}  // namespace

Program parseTemplate(std::string_view source, std::string origin) {
  Program program;
  program.origin = std::move(origin);
  Parser parser(tokenize(source, program.origin), program.origin);
  program.body = parser.parseAll();
  return program;
}

}  // namespace gwb::text::jinja
