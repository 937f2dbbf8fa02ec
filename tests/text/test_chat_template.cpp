// The chat template renderer (inference/text/ChatTemplate.h and its Jinja interpreter):
//  - Gemma 4's own template renders every conversation of
//    ../shared/fixtures/templates/reference_renderings.json (rendered by transformers 5.17's
//    apply_chat_template) to exactly the same string, and — with the Gemma-4-style tokenizer
//    from scripts/fetch-test-data — to exactly the same ids;
//  - loading from a model folder (chat_template.jinja, tokenizer_config.json fallback);
//  - errors: broken templates fail with the line and column; hostile ones stop at the limits;
//  - the Jinja semantics HF templates rely on (whitespace control, scoping, filters, printing).
// The test FAILS if the reference file is missing.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>

#include "TokenizerTestSupport.h"
#include "inference/text/ChatTemplate.h"
#include "inference/text/ConversationJson.h"
#include "inference/text/Tokenizer.h"

using gwb::text::ChatTemplate;
using gwb::text::RenderOptions;
using gwb::text::jinja::TemplateError;
using nlohmann::json;
using namespace gwb::text::test;

namespace {

// reference_renderings.json records only `"tools": true` for its tool cases, not the declaration
// itself. This is the declaration transformers was given (its rendering, checked below, shows
// every field: name, description, one required string parameter "city").
const json kWeatherTools = json::parse(R"([{
  "type": "function",
  "function": {
    "name": "get_weather",
    "description": "Gets the weather.",
    "parameters": {
      "type": "object",
      "properties": {"city": {"type": "string", "description": "The city"}},
      "required": ["city"]
    }
  }
}])");

std::string gemmaTemplatePath() { return sharedFixture("templates/gemma4-chat-template.jinja"); }

RenderOptions optionsFor(const json& c) {
  RenderOptions o;
  o.addGenerationPrompt = true;
  o.enableThinking = c.at("enable_thinking").get<bool>();
  return o;
}

json toolsFor(const json& c) { return c.at("tools").get<bool>() ? kWeatherTools : json(nullptr); }

// Renders `source` with the given messages (HF JSON) and default options.
std::string renderSnippet(const std::string& source, const json& messages = json::array()) {
  return ChatTemplate::fromString(source, "snippet").renderJson(messages, nullptr, RenderOptions{});
}

// Runs f, which must throw TemplateError; returns it.
std::optional<TemplateError> templateErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const TemplateError& e) {
    return e;
  }
  return std::nullopt;
}

void writeFile(const QString& path, const std::string& text) {
  std::ofstream(path.toStdString(), std::ios::binary) << text;
}

}  // namespace

class TestChatTemplate : public QObject {
  Q_OBJECT

 private:
  json reference_;
  std::optional<ChatTemplate> gemma_;

  const json& referenceCase(int i) const { return reference_.at("cases").at(static_cast<size_t>(i)); }

  void expectError(const std::string& source, const QString& expectedText, int line, int column) {
    const auto err = templateErrorOf([&] { renderSnippet(source); });
    QVERIFY2(err.has_value(), ("no error for template: " + source).c_str());
    QVERIFY2(QString::fromStdString(err->what()).contains(expectedText), err->what());
    QCOMPARE(err->pos().line, line);
    QCOMPARE(err->pos().column, column);
    // The full message names the origin and the place, for people reading logs.
    QVERIFY2(QString::fromStdString(err->what()).startsWith(QString("snippet:%1:%2: ").arg(line).arg(column)), err->what());
  }

 private slots:
  void initTestCase() {
    const std::string refPath = sharedFixture("templates/reference_renderings.json");
    QVERIFY2(fileExists(refPath), ("missing reference file " + refPath).c_str());
    reference_ = json::parse(readFile(refPath));
    QCOMPARE(reference_.at("cases").size(), size_t{18});
    QVERIFY2(fileExists(gemmaTemplatePath()), ("missing " + gemmaTemplatePath()).c_str());
    gemma_ = ChatTemplate::fromString(readFile(gemmaTemplatePath()), gemmaTemplatePath());
  }

  void rendersReferenceCases_data() {
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < reference_.at("cases").size(); ++i) {
      const json& c = reference_["cases"][i];
      const std::string tag = c.at("name").get<std::string>() + (c.at("enable_thinking").get<bool>() ? "/thinking" : "/plain");
      QTest::newRow(tag.c_str()) << static_cast<int>(i);
    }
  }

  // Through the Conversation model: JSON -> Conversation -> template variables -> text.
  void rendersReferenceCases() {
    QFETCH(int, index);
    const json& c = referenceCase(index);
    const auto conversation = gwb::text::conversationFromJson(c.at("messages"), toolsFor(c));
    const std::string rendered = gemma_->render(conversation, optionsFor(c));
    QCOMPARE(QString::fromStdString(rendered), QString::fromStdString(c.at("rendered").get<std::string>()));
  }

  void rendersReferenceCasesFromJson_data() { rendersReferenceCases_data(); }

  // The case's JSON handed to the template unchanged, as apply_chat_template does.
  void rendersReferenceCasesFromJson() {
    QFETCH(int, index);
    const json& c = referenceCase(index);
    const std::string rendered = gemma_->renderJson(c.at("messages"), toolsFor(c), optionsFor(c));
    QCOMPARE(QString::fromStdString(rendered), QString::fromStdString(c.at("rendered").get<std::string>()));
  }

  void referenceIdsMatch_data() { rendersReferenceCases_data(); }

  void referenceIdsMatch() {
    QFETCH(int, index);
    const std::string tokPath = realTokenizerPath("gemma4");
    if (!fileExists(tokPath)) QFAIL(("no Gemma-4-style tokenizer at " + tokPath + " (run scripts/fetch-test-data)").c_str());
    static const gwb::text::Tokenizer tok = gwb::text::Tokenizer::fromFile(tokPath);
    const json& c = referenceCase(index);
    const auto conversation = gwb::text::conversationFromJson(c.at("messages"), toolsFor(c));
    // The template writes <bos> itself, so the tokenizer must not add another.
    const std::vector<int32_t> ids = tok.encode(gemma_->render(conversation, optionsFor(c)), false);
    const auto expected = c.at("gemma4_ids").get<std::vector<int32_t>>();
    QCOMPARE(idsToString(ids), idsToString(expected));
  }

  void conversationBuiltInCode() {
    // The way the runtime builds a request: media first, then text, thinking on.
    gwb::text::Conversation conv;
    gwb::text::Message m;
    m.role = gwb::text::Role::User;
    m.content = {gwb::text::ContentPart::image(), gwb::text::ContentPart::makeText("Describe.")};
    conv.messages.push_back(m);
    RenderOptions o;
    o.enableThinking = true;
    QCOMPARE(QString::fromStdString(gemma_->render(conv, o)),
             QString("<bos><|turn>system\n<|think|><turn|>\n<|turn>user\n\n\n<|image|>\n\nDescribe.<turn|>\n<|turn>model\n"));
    // Without the generation prompt the text ends after the last turn.
    o.addGenerationPrompt = false;
    QCOMPARE(QString::fromStdString(gemma_->render(conv, o)),
             QString("<bos><|turn>system\n<|think|><turn|>\n<|turn>user\n\n\n<|image|>\n\nDescribe.<turn|>\n"));
  }

  void loadsFromTinyModelDir() {
    const ChatTemplate t = ChatTemplate::fromModelDir(sharedFixture("tiny-s1"));
    const json& c = referenceCase(static_cast<int>(reference_["cases"].size()) - 1);  // tool call, thinking on
    QCOMPARE(QString::fromStdString(t.renderJson(c.at("messages"), toolsFor(c), optionsFor(c))),
             QString::fromStdString(c.at("rendered").get<std::string>()));
  }

  void fallsBackToTokenizerConfig() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath("tokenizer_config.json"), json{{"chat_template", "{{ bos_token }}{{ messages[0].content }}"}}.dump());
    const json messages = json::parse(R"([{"role": "user", "content": "hi"}])");
    QCOMPARE(QString::fromStdString(ChatTemplate::fromModelDir(dir.path().toStdString()).renderJson(messages, nullptr, {})),
             QString("<bos>hi"));
    // HF's list form: the entry named "default" is the chat template.
    writeFile(dir.filePath("tokenizer_config.json"),
              R"({"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]})");
    QCOMPARE(QString::fromStdString(ChatTemplate::fromModelDir(dir.path().toStdString()).renderJson(messages, nullptr, {})),
             QString("D"));
  }

  void missingOrBrokenModelDirFiles() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    try {
      ChatTemplate::fromModelDir(dir.path().toStdString());
      QFAIL("an empty folder has no chat template");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("no chat template"), e.what());
    }
    writeFile(dir.filePath("tokenizer_config.json"), "{\"chat_template\": ");
    try {
      ChatTemplate::fromModelDir(dir.path().toStdString());
      QFAIL("truncated tokenizer_config.json accepted");
    } catch (const std::runtime_error& e) {
      QVERIFY2(QString(e.what()).contains("tokenizer_config.json: not valid JSON"), e.what());
    }
    // A syntax error in chat_template.jinja names the file, line and column.
    writeFile(dir.filePath("chat_template.jinja"), "ok\n{% for m in messages %}{{ m }}");
    const auto err = templateErrorOf([&] { ChatTemplate::fromModelDir(dir.path().toStdString()); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("chat_template.jinja:2:1: unterminated 'for' block"), err->what());
  }

  void errorUnterminatedTags() {
    expectError("Hello\n{{ name ", "unterminated tag: '{{' without a closing '}}'", 2, 1);
    expectError("a {% if true %}b", "unterminated 'if' block: no '{% endif %}'", 1, 3);
    expectError("x\n\n  {# note", "unterminated comment", 3, 3);
    expectError("{{ 'abc }}", "unterminated string literal", 1, 4);
    expectError("{% endif %}", "unexpected '{% endif %}' with no matching open block", 1, 1);
  }

  void errorUnknownFilterAndTest() {
    expectError("line one\n  {{ x | frobnicate }}", "unknown filter 'frobnicate'", 2, 10);
    expectError("{% if x is shiny %}{% endif %}", "unknown test 'shiny'", 1, 12);
    // Found at load time even in a branch that would never run.
    expectError("{% if false %}{{ x | nope }}{% endif %}", "unknown filter 'nope'", 1, 22);
  }

  void errorUnsupportedSyntax() {
    expectError("{% raw %}x{% endraw %}", "the 'raw' tag is not supported", 1, 1);
    expectError("{% set x %}y{% endset %}", "block assignments", 1, 10);
    expectError("{{ a ?? b }}", "unexpected character '?'", 1, 6);
    expectError("{{ f(a=1, 2) }}", "positional argument after a keyword argument", 1, 11);
  }

  void errorAtRunTime() {
    const json messages = json::parse(R"([{"role": "user", "content": "hi"}])");
    auto renderWith = [&](const std::string& src) { return renderSnippet(src, messages); };
    auto err = templateErrorOf([&] { renderWith("\n{{ messages[0]['content'] + 1 }}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("snippet:2:27: unsupported operand types for +: string and integer"), err->what());
    err = templateErrorOf([&] { renderWith("{{ raise_exception('Roles must alternate') }}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("template raised an error: Roles must alternate"), err->what());
    err = templateErrorOf([&] { renderWith("{{ nothing.here }}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("cannot read attribute 'here' of an undefined value ('nothing' is undefined)"), err->what());
    err = templateErrorOf([&] { renderWith("{% for a, b in messages %}{% endfor %}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("cannot unpack a dict value into 2 loop variables"), err->what());
    err = templateErrorOf([&] { renderWith("{% set s = 'x' %}{% set s.y = 1 %}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("only namespace() objects"), err->what());
    err = templateErrorOf([&] { renderWith("{% macro m(a) %}{% endmacro %}{{ m(b=1) }}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("macro 'm' has no parameter named 'b'"), err->what());
  }

  void hostileTemplatesStopAtLimits() {
    auto err = templateErrorOf([] { renderSnippet("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("endless recursion"), err->what());
    err = templateErrorOf([] {
      renderSnippet("{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}");
    });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("too long"), err->what());
    err = templateErrorOf([] { renderSnippet("{% for i in range(5000) %}{% for j in range(5000) %}{% endfor %}{% endfor %}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("loop iterations"), err->what());
    err = templateErrorOf([] {
      renderSnippet("{% set ns = namespace(l=[]) %}{% for i in range(1000) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l }}");
    });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("nested deeper than 512 levels"), err->what());
    // A namespace holding itself is a reference cycle; it must render (and, under LSan, not leak).
    QCOMPARE(QString::fromStdString(renderSnippet("{% set ns = namespace() %}{% set ns.me = ns %}{% set ns.l = [ns] %}ok")),
             QString("ok"));
    err = templateErrorOf([] { renderSnippet("{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}"); });
    QVERIFY(err.has_value());
    QVERIFY2(QString(err->what()).contains("nested too deeply"), err->what());
  }

  void badConversationJson() {
    auto message = [](const json& messages, const json& tools) -> QString {
      try {
        gwb::text::conversationFromJson(messages, tools);
      } catch (const std::invalid_argument& e) {
        return e.what();
      }
      return "accepted";
    };
    QCOMPARE(message(json::parse(R"({"role": "user"})"), nullptr), QString("messages: expected an array, got object"));
    QCOMPARE(message(json::parse(R"([{"role": "wizard", "content": "x"}])"), nullptr),
             QString("messages[0].role: unknown role 'wizard' (expected system, user, assistant or tool)"));
    QCOMPARE(message(json::parse(R"([{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "gif"}]}])"), nullptr),
             QString("messages[0].content[1]: unknown content type 'gif' (expected text, image, audio or video)"));
    QCOMPARE(message(json::parse(R"([{"role": "user", "content": [{"type": "text"}]}])"), nullptr),
             QString("messages[0].content[0]: missing \"text\""));
    QCOMPARE(message(json::array(), json::parse(R"([{"type": "function", "function": {"description": "x"}}])")),
             QString("tools[0].function: missing \"name\""));
  }

  // HF renders with trim_blocks and lstrip_blocks on; templates are written for that.
  void whitespaceControl() {
    QCOMPARE(QString::fromStdString(renderSnippet("  {% if true %}\nA\n  {% endif %}\nB")), QString("A\nB"));
    QCOMPARE(QString::fromStdString(renderSnippet("a  {%- if true -%}  \n b {%+ if true %}c{% endif +%}\nd\n{%- endif %}")),
             QString("ab c\nd"));
    QCOMPARE(QString::fromStdString(renderSnippet("x\n    {# comment #}\ny {{ 'v' }}\nz")), QString("x\ny v\nz"));
    // Windows line endings are read as "\n", as Jinja does.
    QCOMPARE(QString::fromStdString(renderSnippet("{% if true %}\r\nA\r\n{% endif %}\r\nB\r\n")), QString("A\nB"));
  }

  void scopingAndLoops() {
    QCOMPARE(QString::fromStdString(renderSnippet("{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}{% endfor %}{{ x }}")),
             QString("1"));
    QCOMPARE(QString::fromStdString(renderSnippet(
                 "{% set ns = namespace(x=1) %}{% for i in [1, 2] %}{% set ns.x = ns.x + i %}{% endfor %}{{ ns.x }}")),
             QString("4"));
    QCOMPARE(QString::fromStdString(renderSnippet(
                 "{% for k, v in {'b': 1, 'A': 2, 'c': 3} | dictsort %}{{ loop.index }}{{ k }}={{ v }}"
                 "{{ ',' if not loop.last }}{% endfor %}")),
             QString("1A=2,2b=1,3c=3"));
    QCOMPARE(QString::fromStdString(renderSnippet("{% for x in [1, 2, 3, 4] if x is not none and x > 2 %}{{ x }}"
                                                  "{{ loop.length }}{% else %}none{% endfor %}{% for y in [] %}{% else %}E{% endfor %}")),
             QString("3242E"));
    QCOMPARE(QString::fromStdString(renderSnippet(
                 "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ greet(punct='?', name='B') }}")),
             QString("Hi A! Hi B?"));
  }

  void valuesPrintLikePython() {
    QCOMPARE(QString::fromStdString(renderSnippet("{{ [1, 'a', none, true, 1.5, 2.0, 1e20] }} {{ undefined_name }}|{{ none }}")),
             QString("[1, 'a', None, True, 1.5, 2.0, 1e+20] |None"));
    QCOMPARE(QString::fromStdString(renderSnippet("{{ {'a': [1, 2.0, \"x\\\"y\"], 'b': none} | tojson }}")),
             QString("{\"a\": [1, 2.0, \"x\\\"y\"], \"b\": null}"));
    QCOMPARE(QString::fromStdString(renderSnippet("{{ ' a b '.strip().split(' ') }}{{ 'hello'[::-1] }}{{ [1, 2, 3, 4][1:] }}")),
             QString("['a', 'b']olleh[2, 3, 4]"));
    QCOMPARE(QString::fromStdString(renderSnippet("{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 'ab' * 2 }} {{ 1 ~ 'x' }}")),
             QString("3 -4 2 3.5 abab 1x"));
    QCOMPARE(QString::fromStdString(renderSnippet("{{ ['a', 'b'] | map('upper') | list | join('-') }} {{ 'x' in 'xyz' }} "
                                                  "{{ 'q' not in ['a'] }} {{ x | default('d') }} {{ 'é€😀' | length }}")),
             QString("A-B True True d 3"));
  }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
