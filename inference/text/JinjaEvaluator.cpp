#include "inference/text/JinjaEvaluator.h"

#include "inference/text/JinjaBuiltins.h"
#include "inference/text/JinjaOperators.h"
#include "inference/text/JinjaStrings.h"

namespace gwb::text::jinja {
namespace {

constexpr int kMaxMacroDepth = 32;
constexpr size_t kMaxLoopIterations = 1'000'000;
constexpr int64_t kMaxRangeLength = 100'000;

struct Frame {
  Dict vars;
  Frame* parent = nullptr;
};

Value rangeFunction(CallArgs& a) {
  int64_t start = 0;
  int64_t stop = 0;
  int64_t step = 1;
  for (const Value& v : a.positional)
    if (v.kind() != Value::Kind::Int) throw EvalError("range() expects integers, got " + v.typeName());
  if (a.positional.size() == 1) {
    stop = a.positional[0].asInt();
  } else if (a.positional.size() == 2 || a.positional.size() == 3) {
    start = a.positional[0].asInt();
    stop = a.positional[1].asInt();
    if (a.positional.size() == 3) step = a.positional[2].asInt();
  } else {
    throw EvalError("range() expects 1 to 3 arguments");
  }
  if (step == 0) throw EvalError("range() step must not be zero");
  List out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
    if (static_cast<int64_t>(out.size()) >= kMaxRangeLength) throw EvalError("range() is too long");
    out.push_back(Value::integer(i));
  }
  return Value::list(std::move(out));
}

// The attributes of the `loop` variable inside a for loop.
Value loopInfo(const List& items, size_t i) {
  const auto n = static_cast<int64_t>(items.size());
  const auto idx = static_cast<int64_t>(i);
  Dict loop;
  loop.reserve(9);
  loop.append("index", Value::integer(idx + 1));
  loop.append("index0", Value::integer(idx));
  loop.append("revindex", Value::integer(n - idx));
  loop.append("revindex0", Value::integer(n - idx - 1));
  loop.append("first", Value::boolean(i == 0));
  loop.append("last", Value::boolean(idx == n - 1));
  loop.append("length", Value::integer(n));
  loop.append("previtem", i > 0 ? items[i - 1] : Value::undefined("loop.previtem of the first item"));
  loop.append("nextitem", idx + 1 < n ? items[i + 1] : Value::undefined("loop.nextitem of the last item"));
  return Value::dict(std::move(loop));
}

// Python slice index rules (negative counts from the end, out-of-range clamps).
List sliceItems(const List& items, const Value& startV, const Value& stopV, const Value& stepV) {
  auto intOr = [](const Value& v, int64_t fallback) {
    if (v.isUndefined() || v.isNone()) return fallback;
    if (v.kind() != Value::Kind::Int && v.kind() != Value::Kind::Bool)
      throw EvalError("slice indices must be integers, got " + v.typeName());
    return v.asInt();
  };
  const auto n = static_cast<int64_t>(items.size());
  const int64_t step = intOr(stepV, 1);
  if (step == 0) throw EvalError("slice step cannot be zero");
  const int64_t lower = step > 0 ? 0 : -1;
  const int64_t upper = step > 0 ? n : n - 1;
  auto adjust = [&](const Value& v, int64_t fallback) {
    int64_t i = intOr(v, fallback);
    if (v.isUndefined() || v.isNone()) return i;
    if (i < 0) i = std::max(i + n, lower);
    return std::min(i, upper);
  };
  const int64_t start = adjust(startV, step > 0 ? lower : upper);
  const int64_t stop = adjust(stopV, step > 0 ? upper : lower);
  List out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(items[static_cast<size_t>(i)]);
  return out;
}

class Evaluator {
 public:
  Evaluator(const Program& program, const Dict& globals) : program_(program) {
    root_.vars = globals;
    root_.vars.set("namespace", Value::function("namespace", [this](CallArgs& a) {
      Dict attributes;
      if (!a.positional.empty()) {
        if (a.positional.size() > 1 || !a.positional[0].isDict()) throw EvalError("namespace() takes one dict or keyword arguments");
        attributes = a.positional[0].asDict();
      }
      for (auto& [k, v] : a.named) attributes.set(k, v);
      namespaces_.push_back(Value::makeNamespace(std::move(attributes)));
      return namespaces_.back();
    }));
    root_.vars.set("dict", Value::function("dict", [](CallArgs& a) {
      if (!a.positional.empty()) throw EvalError("dict() takes keyword arguments only");
      Dict d;
      for (auto& [k, v] : a.named) d.set(k, v);
      return Value::dict(std::move(d));
    }));
    root_.vars.set("range", Value::function("range", rangeFunction));
    root_.vars.set("raise_exception", Value::function("raise_exception", [](CallArgs& a) -> Value {
      throw EvalError("template raised an error: " + (a.positional.empty() ? std::string() : a.positional[0].str()));
    }));
  }

  // {% set ns.self = ns %} makes a reference cycle that shared_ptr cannot free; emptying every
  // namespace at the end breaks all of them.
  ~Evaluator() {
    for (const Value& ns : namespaces_) ns.namespaceAttributes().clear();
  }
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  std::string run() {
    exec(program_.body);
    return std::move(out_);
  }

 private:
  struct Scope {  // makes `frame` the current scope until the end of the C++ block
    Scope(Evaluator& e, Frame* frame) : ev(e), saved(e.current_) { e.current_ = frame; }
    ~Scope() { ev.current_ = saved; }
    Evaluator& ev;
    Frame* saved;
  };

  [[noreturn]] void fail(SourcePos pos, const std::string& message) const {
    throw TemplateError(program_.origin, pos, message);
  }

  // Runs a built-in, turning its position-less EvalError into a TemplateError at `pos`.
  template <typename F>
  auto guarded(SourcePos pos, F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const EvalError& e) {
      fail(pos, e.what());
    }
  }

  void write(const std::string& s, SourcePos pos) {
    if (out_.size() + s.size() > kMaxStringBytes) fail(pos, "rendered text is too long");
    out_ += s;
  }

  Value lookup(const std::string& name) const {
    for (const Frame* f = current_; f; f = f->parent)
      if (const Value* v = f->vars.find(name)) return *v;
    return Value::undefined("'" + name + "' is undefined");
  }

  void exec(const Body& body) {
    for (const auto& s : body) execStmt(*s);
  }

  void execStmt(const Stmt& s) {
    switch (s.kind) {
      case Stmt::Kind::Text: write(s.text, s.pos); return;
      case Stmt::Kind::Output: write(eval(*s.expr).str(), s.pos); return;
      case Stmt::Kind::If:
        for (size_t i = 0; i < s.conditions.size(); ++i) {
          if (eval(*s.conditions[i]).truthy()) {
            exec(s.bodies[i]);
            return;
          }
        }
        if (s.bodies.size() > s.conditions.size()) exec(s.bodies.back());
        return;
      case Stmt::Kind::For: execFor(s); return;
      case Stmt::Kind::Set: execSet(s); return;
      case Stmt::Kind::Macro: {
        const Stmt* def = &s;
        current_->vars.set(s.name, Value::function(s.name, [this, def](CallArgs& a) { return callMacro(*def, a); }));
        return;
      }
    }
  }

  void bindTargets(const Stmt& s, Frame& frame, const Value& item) {
    if (s.targets.size() == 1) {
      frame.vars.set(s.targets[0], item);
      return;
    }
    if (!item.isList() || item.asList().size() != s.targets.size())
      fail(s.pos, "cannot unpack a " + item.typeName() + " value into " + std::to_string(s.targets.size()) +
                      " loop variables");
    for (size_t i = 0; i < s.targets.size(); ++i) frame.vars.set(s.targets[i], item.asList()[i]);
  }

  void execFor(const Stmt& s) {
    const Value iterable = eval(*s.expr);
    List items = guarded(s.expr->pos, [&] { return iterateValue(iterable); });
    Frame frame{{}, current_};
    Scope scope(*this, &frame);
    if (s.condition) {
      List kept;
      for (const Value& item : items) {
        bindTargets(s, frame, item);
        if (eval(*s.condition).truthy()) kept.push_back(item);
      }
      items = std::move(kept);
    }
    if (items.empty()) {
      if (s.bodies.size() > 1) exec(s.bodies[1]);
      return;
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (++loopIterations_ > kMaxLoopIterations) fail(s.pos, "template runs too long (over 1000000 loop iterations)");
      bindTargets(s, frame, items[i]);
      if (s.usesLoopVariable) frame.vars.set("loop", loopInfo(items, i));
      exec(s.bodies[0]);
    }
  }

  void execSet(const Stmt& s) {
    Value v = eval(*s.expr);
    if (s.targets.size() == 1) {
      current_->vars.set(s.targets[0], std::move(v));
      return;
    }
    const Value ns = lookup(s.targets[0]);
    if (ns.kind() != Value::Kind::Namespace)
      fail(s.pos, "cannot set attribute '" + s.targets[1] + "' of '" + s.targets[0] + "', a " + ns.typeName() +
                      " value: only namespace() objects can be assigned to");
    ns.namespaceAttributes().set(s.targets[1], std::move(v));
  }

  Value callMacro(const Stmt& def, CallArgs& a) {
    if (macroDepth_ >= kMaxMacroDepth)
      fail(a.pos, "macro '" + def.name + "' nested more than " + std::to_string(kMaxMacroDepth) + " calls deep (endless recursion?)");
    if (a.positional.size() > def.params.size())
      fail(a.pos, "macro '" + def.name + "' takes " + std::to_string(def.params.size()) + " arguments, got " +
                      std::to_string(a.positional.size()));
    Frame frame{{}, &root_};
    std::vector<bool> given(def.params.size(), false);
    for (size_t i = 0; i < a.positional.size(); ++i) {
      frame.vars.set(def.params[i].name, a.positional[i]);
      given[i] = true;
    }
    for (const auto& [key, value] : a.named) {
      size_t i = 0;
      while (i < def.params.size() && def.params[i].name != key) ++i;
      if (i == def.params.size()) fail(a.pos, "macro '" + def.name + "' has no parameter named '" + key + "'");
      if (given[i]) fail(a.pos, "macro '" + def.name + "' got two values for parameter '" + key + "'");
      frame.vars.set(key, value);
      given[i] = true;
    }
    ++macroDepth_;
    Scope scope(*this, &frame);
    for (size_t i = 0; i < def.params.size(); ++i) {
      if (given[i]) continue;
      const MacroParam& p = def.params[i];
      frame.vars.set(p.name, p.defaultValue ? eval(*p.defaultValue)
                                            : Value::undefined("macro parameter '" + p.name + "' was not given"));
    }
    std::string callerOutput;
    std::swap(out_, callerOutput);
    exec(def.bodies[0]);
    std::string result;
    std::swap(out_, result);
    out_ = std::move(callerOutput);
    --macroDepth_;
    return Value::string(std::move(result));
  }

  CallArgs evalArgs(const Expr& e) {
    CallArgs a;
    a.pos = e.pos;
    for (const auto& arg : e.args) a.positional.push_back(eval(*arg));
    for (const auto& [k, v] : e.kwargs) a.named.emplace_back(k, eval(*v));
    return a;
  }

  Value attribute(const Value& object, const std::string& name, SourcePos pos) {
    if (object.isUndefined())
      fail(pos, "cannot read attribute '" + name + "' of an undefined value (" + object.undefinedReason() + ")");
    if (object.isDict() || object.kind() == Value::Kind::Namespace) {
      const Value* v = object.asDict().find(name);
      return v ? *v : Value::undefined("no key '" + name + "'");
    }
    return Value::undefined("a " + object.typeName() + " value has no attribute '" + name + "'");
  }

  // Jinja's getitem: a missing key or index gives an undefined value, not an error.
  Value item(const Value& object, const Value& key, SourcePos pos) {
    if (object.isUndefined()) fail(pos, "cannot subscript an undefined value (" + object.undefinedReason() + ")");
    if ((object.isDict() || object.kind() == Value::Kind::Namespace) && key.isString())
      return attribute(object, key.asString(), pos);
    const bool intKey = key.kind() == Value::Kind::Int || key.kind() == Value::Kind::Bool;
    if (intKey && (object.isList() || object.isString())) {
      const List items = object.isList() ? object.asList() : iterateValue(object);
      int64_t i = key.asInt();
      if (i < 0) i += static_cast<int64_t>(items.size());
      if (i < 0 || i >= static_cast<int64_t>(items.size()))
        return Value::undefined("index " + std::to_string(key.asInt()) + " is out of range");
      return items[static_cast<size_t>(i)];
    }
    return Value::undefined("a " + object.typeName() + " value has no item " + key.repr());
  }

  Value slice(const Expr& e) {
    const Value object = eval(*e.object);
    Value parts[3];
    for (size_t i = 0; i < 3; ++i)
      if (e.args[i]) parts[i] = eval(*e.args[i]);
    if (object.isUndefined()) fail(e.pos, "cannot slice an undefined value (" + object.undefinedReason() + ")");
    if (!object.isList() && !object.isString()) return Value::undefined("a " + object.typeName() + " value cannot be sliced");
    const List items = guarded(e.pos, [&] { return sliceItems(iterateValue(object), parts[0], parts[1], parts[2]); });
    if (object.isList()) return Value::list(items);
    std::string s;
    for (const Value& c : items) s += c.asString();
    return Value::string(std::move(s));
  }

  Value call(const Expr& e) {
    Value callee;
    if (e.object->kind == Expr::Kind::Attribute) {
      const Value self = eval(*e.object->object);
      if (hasMethod(self, e.object->name)) {
        const CallArgs args = evalArgs(e);
        return guarded(e.pos, [&] { return callMethod(self, e.object->name, args); });
      }
      callee = attribute(self, e.object->name, e.object->pos);
    } else {
      callee = eval(*e.object);
    }
    if (callee.kind() != Value::Kind::Function) {
      if (callee.isUndefined()) fail(e.pos, "cannot call an undefined value (" + callee.undefinedReason() + ")");
      fail(e.pos, "a " + callee.typeName() + " value is not callable");
    }
    CallArgs args = evalArgs(e);
    return guarded(e.pos, [&] { return callee.call(args); });
  }

  Value binary(const Expr& e) {
    const Value lhs = eval(*e.args[0]);
    if (e.name == "and") return lhs.truthy() ? eval(*e.args[1]) : lhs;
    if (e.name == "or") return lhs.truthy() ? lhs : eval(*e.args[1]);
    const Value rhs = eval(*e.args[1]);
    return guarded(e.pos, [&] { return applyBinaryOperator(e.name, lhs, rhs); });
  }

  Value eval(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Literal: return e.value;
      case Expr::Kind::ListLiteral: {
        List items;
        for (const auto& a : e.args) items.push_back(eval(*a));
        return guarded(e.pos, [&] { return Value::list(std::move(items)); });
      }
      case Expr::Kind::DictLiteral: {
        Dict d;
        for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
          const Value key = eval(*e.args[i]);
          if (!key.isString()) fail(e.args[i]->pos, "dict keys must be strings here, got a " + key.typeName());
          d.set(key.asString(), eval(*e.args[i + 1]));
        }
        return guarded(e.pos, [&] { return Value::dict(std::move(d)); });
      }
      case Expr::Kind::Name: return lookup(e.name);
      case Expr::Kind::Attribute: return attribute(eval(*e.object), e.name, e.pos);
      case Expr::Kind::Index: {
        const Value object = eval(*e.object);
        return item(object, eval(*e.args[0]), e.pos);
      }
      case Expr::Kind::Slice: return slice(e);
      case Expr::Kind::Call: return call(e);
      case Expr::Kind::Filter: {
        const Value input = eval(*e.object);
        const CallArgs args = evalArgs(e);
        return guarded(e.pos, [&] { return applyFilter(e.name, input, args); });
      }
      case Expr::Kind::Test: {
        const Value input = eval(*e.object);
        const CallArgs args = evalArgs(e);
        return Value::boolean(e.negated != guarded(e.pos, [&] { return applyTest(e.name, input, args); }));
      }
      case Expr::Kind::Not: return Value::boolean(!eval(*e.object).truthy());
      case Expr::Kind::Negate: {
        const Value v = eval(*e.object);
        return guarded(e.pos, [&] { return applyBinaryOperator("-", Value::integer(0), v); });
      }
      case Expr::Kind::Binary: return binary(e);
      case Expr::Kind::Conditional:
        if (eval(*e.args[0]).truthy()) return eval(*e.args[1]);
        return e.args[2] ? eval(*e.args[2]) : Value::undefined("conditional expression without 'else'");
    }
    return {};
  }

  const Program& program_;
  Frame root_;
  Frame* current_ = &root_;
  std::string out_;
  int macroDepth_ = 0;
  size_t loopIterations_ = 0;
  std::vector<Value> namespaces_;  // every namespace() made, to break cycles at the end
};

}  // namespace

std::string renderProgram(const Program& program, const Dict& globals) {
  return Evaluator(program, globals).run();
}

}  // namespace gwb::text::jinja
