// The tokenizer.json loader: bad files are rejected with a TokenizerError that says what is wrong
// (never a crash or another exception), and the less common parts of the format that Gemma's
// files do not exercise (merge order ties, <unk> fusion, pre-tokenizer split behaviours, Prepend,
// normalized added tokens, old-style merges, escapes, key order) behave as HF tokenizers does.
// The small tokenizers here are written by hand; their expected ids follow from HF's rules.
#include <QtTest>

#include <nlohmann/json.hpp>

#include <random>

#include "TokenizerTestSupport.h"
#include "inference/text/Tokenizer.h"

using gwb::text::Tokenizer;
using gwb::text::TokenizerError;
using nlohmann::ordered_json;
using namespace gwb::text::test;

namespace {

// A merges array [["a", "b"], ...] (a braced list of pairs would become a JSON object).
ordered_json mergeList(const std::vector<std::pair<std::string, std::string>>& pairs) {
  ordered_json out = ordered_json::array();
  for (const auto& [l, r] : pairs) out.push_back(ordered_json::array({l, r}));
  return out;
}

// A small valid tokenizer.json in Gemma's shape. Ids: <pad>0 <eos>1 <bos>2 <unk>3 a4 b5 c6 ▁7
// ab8 bc9 abc10 ▁a11 aa12 " "13 " a"14 "a "15 <0x41>16 ("A"). Merges a+b, b+c, ab+c, ▁+a, a+a.
ordered_json baseTokenizer() {
  ordered_json vocab = ordered_json::object();
  const char* tokens[] = {"<pad>", "<eos>", "<bos>", "<unk>", "a", "b", "c", "\xE2\x96\x81", "ab", "bc", "abc",
                          "\xE2\x96\x81" "a", "aa", " ", " a", "a ", "<0x41>"};
  for (int i = 0; i < static_cast<int>(std::size(tokens)); ++i) vocab[tokens[i]] = i;
  ordered_json added = ordered_json::array();
  for (int i = 0; i < 4; ++i) {
    added.push_back({{"id", i}, {"content", tokens[i]}, {"single_word", false}, {"lstrip", false},
                     {"rstrip", false}, {"normalized", false}, {"special", true}});
  }
  ordered_json t;
  t["version"] = "1.0";
  t["added_tokens"] = added;
  t["normalizer"] = {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}};
  t["pre_tokenizer"] = nullptr;
  t["post_processor"] = {
      {"type", "TemplateProcessing"},
      {"single", {{{"SpecialToken", {{"id", "<bos>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
      {"special_tokens", {{"<bos>", {{"id", "<bos>"}, {"ids", {2}}, {"tokens", {"<bos>"}}}}}}};
  t["decoder"] = {{"type", "Sequence"},
                  {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", "\xE2\x96\x81"}}}, {"content", " "}},
                                {{"type", "ByteFallback"}},
                                {{"type", "Fuse"}}}}};
  t["model"] = {{"type", "BPE"},   {"dropout", nullptr},   {"unk_token", "<unk>"},
                {"fuse_unk", true}, {"byte_fallback", true}, {"vocab", vocab},
                {"merges", mergeList({{"a", "b"}, {"b", "c"}, {"ab", "c"}, {"\xE2\x96\x81", "a"}, {"a", "a"}})}};
  return t;
}

Tokenizer load(const ordered_json& j) { return Tokenizer::fromJson(j.dump(), "test.json"); }

// The TokenizerError message for json, or "" if it loaded. Other exceptions propagate (and fail).
QString loadError(const std::string& json) {
  try {
    Tokenizer::fromJson(json, "test.json");
    return {};
  } catch (const TokenizerError& e) {
    return QString::fromUtf8(e.what());
  }
}

// Vocab keys written with JSON escapes: \u00e9 (é), a surrogate pair (😀), and the short escapes.
const char* const kEscapesJson =
    "{\"model\": {\"type\": \"BPE\", \"merges\": [], \"vocab\": "
    "{\"\\u00e9\": 0, \"\\ud83d\\ude00\": 1, \"q\\\"\\\\\\/\\n\\t\": 2}}}";

QString ids(const Tokenizer& t, const std::string& text) { return idsToString(t.encode(text, false)); }

}  // namespace

class TestTokenizerFiles : public QObject {
  Q_OBJECT

 private slots:
  void baseTokenizerWorks() {
    const Tokenizer t = load(baseTokenizer());
    QCOMPARE(t.vocabSize(), size_t{17});
    QCOMPARE(ids(t, "abc"), QString("10"));           // a+b (rank 0), then ab+c
    QCOMPARE(ids(t, "aaa"), QString("12 4"));         // equal ranks: leftmost pair first
    QCOMPARE(ids(t, "c a"), QString("6 11"));         // " " -> ▁, then ▁+a
    QCOMPARE(idsToString(t.encode("ab", true)), QString("2 8"));
    QCOMPARE(t.decode(t.encode("abc a", false)), std::string("abc a"));
  }

  void mergeRankDecides() {
    ordered_json j = baseTokenizer();
    j["model"]["merges"] = mergeList({{"b", "c"}, {"a", "b"}, {"ab", "c"}});  // b+c now wins over a+b
    QCOMPARE(ids(load(j), "abc"), QString("4 9"));
  }

  void unknownCharacters() {
    ordered_json j = baseTokenizer();
    j["model"]["byte_fallback"] = false;
    QCOMPARE(ids(load(j), "axyb"), QString("4 3 5"));  // fuse_unk: one <unk> for "xy"
    j["model"]["fuse_unk"] = false;
    QCOMPARE(ids(load(j), "axyb"), QString("4 3 3 5"));
    j["model"]["byte_fallback"] = true;  // "A" has its byte token <0x41>, "x" has none -> <unk>
    QCOMPARE(ids(load(j), "Ax"), QString("16 3"));
    j["model"].erase("unk_token");  // no <unk> at all: HF drops the character, and the
    QCOMPARE(ids(load(j), "axb"), QString("8"));  // a and b left beside each other then merge
    QCOMPARE(ids(load(j), "axc"), QString("4 6"));
  }

  void splitBehaviours_data() {
    QTest::addColumn<QString>("behavior");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    // Merges here: " "+a (rank 0) and a+" " (rank 1), with no normalizer.
    QTest::newRow("none") << "" << "a a" << "4 14";
    QTest::newRow("MergedWithPrevious") << "MergedWithPrevious" << "a a" << "15 4";
    QTest::newRow("MergedWithNext") << "MergedWithNext" << "a a" << "4 14";
    QTest::newRow("Isolated") << "Isolated" << "a a" << "4 13 4";
    QTest::newRow("Removed") << "Removed" << "a a" << "4 4";
    QTest::newRow("Contiguous") << "Contiguous" << "a  a" << "4 13 13 4";
  }

  void splitBehaviours() {
    QFETCH(QString, behavior);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    ordered_json j = baseTokenizer();
    j["normalizer"] = nullptr;
    j["model"]["merges"] = mergeList({{" ", "a"}, {"a", " "}});
    if (!behavior.isEmpty()) {
      j["pre_tokenizer"] = {{"type", "Sequence"},
                            {"pretokenizers", {{{"type", "Split"}, {"pattern", {{"String", " "}}},
                                                {"behavior", behavior.toStdString()}, {"invert", false}}}}};
    }
    QCOMPARE(ids(load(j), text.toStdString()), expected);
  }

  void prependNormalizer() {
    ordered_json j = baseTokenizer();
    j["normalizer"] = {{"type", "Sequence"},
                       {"normalizers", {{{"type", "Prepend"}, {"prepend", "\xE2\x96\x81"}},
                                        {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}}}}};
    const Tokenizer t = load(j);
    QCOMPARE(ids(t, "a a"), QString("11 11"));
    QCOMPARE(ids(t, "<bos>a"), QString("2 11"));  // each stretch after an added token gets the prefix
    QCOMPARE(ids(t, ""), QString(""));
  }

  void addedTokenMatching() {
    ordered_json j = baseTokenizer();
    j["added_tokens"].push_back({{"id", 17}, {"content", "c c"}, {"normalized", true}, {"special", false}});
    j["added_tokens"].push_back({{"id", 18}, {"content", "<b"}, {"normalized", false}, {"special", false}});
    j["added_tokens"].push_back({{"id", 19}, {"content", "<bo"}, {"normalized", false}, {"special", false}});
    const Tokenizer t = load(j);
    QCOMPARE(t.vocabSize(), size_t{20});
    QCOMPARE(ids(t, "ac cb"), QString("4 17 5"));     // matched as "c▁c" after normalization
    QCOMPARE(ids(t, "<bos><bo<b"), QString("2 19 18"));  // leftmost-longest
    QCOMPARE(t.tokenText(17), std::string("c c"));
    QCOMPARE(t.decode(t.encode("ac cb<bos>", false)), std::string("ac cb<bos>"));
    QCOMPARE(t.decode(t.encode("ac cb<bos>", false), true), std::string("ac cb"));
  }

  void keyOrderAndMergeFormats() {
    // nlohmann's plain json sorts keys, so "merges" comes before "vocab": the deferred path.
    const ordered_json base = baseTokenizer();
    const nlohmann::json sorted = nlohmann::json::parse(base.dump());
    const Tokenizer a = Tokenizer::fromJson(sorted.dump(), "sorted.json");
    QCOMPARE(ids(a, "abc c a"), ids(load(base), "abc c a"));
    // Old-style "left right" merge strings.
    ordered_json old = base;
    old["model"]["merges"] = ordered_json::array({"a b", "b c", "ab c", "\xE2\x96\x81 a", "a a"});
    QCOMPARE(ids(load(old), "abc c a"), ids(load(base), "abc c a"));
  }

  void jsonEscapes() {
    const Tokenizer t = Tokenizer::fromJson(kEscapesJson);
    QCOMPARE(t.tokenId("\xC3\xA9"), std::optional<int32_t>(0));
    QCOMPARE(t.tokenId("\xF0\x9F\x98\x80"), std::optional<int32_t>(1));
    QCOMPARE(t.tokenId("q\"\\/\n\t"), std::optional<int32_t>(2));
    QCOMPARE(t.bosId(), std::optional<int32_t>());  // no <bos>, no post-processor
  }

  void missingFile() {
    try {
      Tokenizer::fromFile("/nonexistent/dir/tokenizer.json");
      QFAIL("no exception");
    } catch (const TokenizerError& e) {
      QVERIFY2(QString(e.what()).contains("cannot open tokenizer file '/nonexistent/dir/tokenizer.json'"), e.what());
    }
    try {
      Tokenizer::fromFile(sharedFixture("tiny-s1"));
      QFAIL("no exception for a folder");
    } catch (const TokenizerError& e) {
      QVERIFY2(QString(e.what()).contains("is a folder; expected the path of a tokenizer.json"), e.what());
    }
  }

  void badFiles_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, const ordered_json& j, const char* expected) {
      QTest::newRow(name) << QByteArray::fromStdString(j.dump()) << QString(expected);
    };
    const auto rawRow = [](const char* name, const std::string& text, const char* expected) {
      QTest::newRow(name) << QByteArray::fromStdString(text) << QString(expected);
    };
    const std::string good = baseTokenizer().dump();
    rawRow("truncated", good.substr(0, good.size() / 2), "invalid JSON at line 1");
    rawRow("empty file", "", "expected a value");
    rawRow("top-level array", "[1, 2]", "must be a JSON object");
    rawRow("trailing data", good + " {}", "unexpected data after the end");
    rawRow("trailing comma", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0,}, \"merges\": []}}", "expected a string key");
    rawRow("invalid UTF-8", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"\xFF\": 0}, \"merges\": []}}", "invalid UTF-8");
    rawRow("lone surrogate", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"\\ud800x\": 0}, \"merges\": []}}", "surrogate");
    rawRow("raw newline in string", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\nb\": 0}, \"merges\": []}}", "control character");
    rawRow("deep nesting", "{\"junk\": " + std::string(5000, '[') + std::string(5000, ']') + "}", "nesting deeper than 128");
    rawRow("no model", "{\"version\": \"1.0\"}", "no \"model\" section");

    ordered_json j = baseTokenizer();
    j["model"]["type"] = "WordPiece";
    row("wrong model type", j, "model type 'WordPiece' is not supported (only BPE)");
    j = baseTokenizer();
    j["model"].erase("type");
    row("no model type", j, "model has no \"type\"");
    j = baseTokenizer();
    j["model"].erase("vocab");
    row("missing vocab", j, "model has no \"vocab\"");
    j = baseTokenizer();
    j["model"].erase("merges");
    row("missing merges", j, "model has no \"merges\"");
    j = baseTokenizer();
    j["model"]["vocab"] = ordered_json::array({"a"});
    row("vocab not an object", j, "model.vocab must be an object");
    j = baseTokenizer();
    j["model"]["vocab"]["zz"] = 1.5;
    row("fractional id", j, "expected an integer");
    j = baseTokenizer();
    j["model"]["vocab"]["zz"] = -1;
    row("negative id", j, "model.vocab: token 'zz' has id -1, outside 0..");
    j = baseTokenizer();
    j["model"]["vocab"]["zz"] = 4000000000LL;
    row("huge id", j, "has id 4000000000, outside");
    j = baseTokenizer();
    j["model"]["vocab"]["zz"] = 4;
    row("duplicate id", j, "id 4 is given to both 'a' and 'zz'");
    j = baseTokenizer();
    j["model"]["merges"][1] = ordered_json::array({"b", "q"});
    row("merge of unknown token", j, "model.merges[1]: token 'q' is not in the vocab");
    j = baseTokenizer();
    j["model"]["merges"][2] = ordered_json::array({"c", "c"});
    row("merge result unknown", j, "model.merges[2]: merged token 'cc' is not in the vocab");
    j = baseTokenizer();
    j["model"]["merges"][0] = ordered_json::array({"a", "b", "c"});
    row("merge of three", j, "model.merges[0] has more than two tokens");
    j = baseTokenizer();
    j["model"]["merges"][0] = "ab";
    row("merge string without space", j, "model.merges[0]: \"ab\" is not two tokens");
    j = baseTokenizer();
    j["model"]["unk_token"] = "<nope>";
    row("unk not in vocab", j, "model.unk_token '<nope>' is not in the vocab");
    j = baseTokenizer();
    j["model"]["dropout"] = 0.1;
    row("dropout", j, "model.dropout 0.1 is not supported");
    j = baseTokenizer();
    j["added_tokens"][1]["lstrip"] = true;
    row("added lstrip", j, "added_tokens[1] ('<eos>'): lstrip=true is not supported");
    j = baseTokenizer();
    j["added_tokens"][2].erase("content");
    row("added without content", j, "added_tokens[2] has no \"content\"");
    j = baseTokenizer();
    j["added_tokens"][2]["id"] = "2";
    row("added id not a number", j, "added_tokens[2].id must be an integer");
    j = baseTokenizer();
    j["added_tokens"][3]["content"] = "<pad>";
    row("added twice", j, "added token '<pad>' appears twice (ids 0 and 3)");
    j = baseTokenizer();
    j["normalizer"] = {{"type", "NFKC"}};
    row("unsupported normalizer", j, "normalizer type 'NFKC' is not supported");
    j = baseTokenizer();
    j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "\\s+"}}}, {"behavior", "Isolated"}};
    row("regex split", j, "Regex patterns are not supported");
    j = baseTokenizer();
    j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "Sideways"}};
    row("bad behavior", j, "unknown behavior 'Sideways'");
    j = baseTokenizer();
    j["decoder"]["decoders"][2] = {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}};
    row("unsupported decoder", j, "decoder type 'Strip' is not supported");
    j = baseTokenizer();
    j["post_processor"]["special_tokens"] = ordered_json::object();
    row("template names unknown special", j, "post_processor.special_tokens[\"<bos>\"] is missing");
    j = baseTokenizer();
    j["post_processor"]["special_tokens"]["<bos>"]["ids"] = {99};
    row("template id not a token", j, "post_processor adds id 99, which is not a token");
    j = baseTokenizer();
    j["post_processor"] = {{"type", "BertProcessing"}};
    row("unsupported post_processor", j, "post_processor type 'BertProcessing' is not supported");
    j = baseTokenizer();
    j["normalizer"] = {{"type", "Replace"}, {"pattern", {{"String", " "}}}};
    row("replace without content", j, "normalizer (Replace) has no \"content\"");
  }

  void badFiles() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString error = loadError(json.toStdString());
    QVERIFY2(!error.isEmpty(), "loaded without error");
    QVERIFY2(error.startsWith("test.json: "), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable("message was: " + error));
  }

  void everyTruncationIsRejected() {
    const std::string good = baseTokenizer().dump();
    QVERIFY(loadError(good).isEmpty());
    for (size_t n = 0; n < good.size(); ++n) {
      const QString error = loadError(good.substr(0, n));
      QVERIFY2(error.contains("invalid JSON") || error.contains("expected"),
               qPrintable(QString("cut at %1: %2").arg(n).arg(error)));
    }
  }

  void randomMutationsNeverCrash() {
    // Flipped bytes in the tiny model's real tokenizer.json: each either still loads or gives a
    // TokenizerError; anything else (another exception, a crash) fails the test.
    const std::string original = readFile(sharedFixture("tiny-s1/tokenizer.json"));
    QVERIFY(original.size() > 1000);
    std::mt19937 rng(31337);
    int rejected = 0;
    for (int i = 0; i < 150; ++i) {
      std::string m = original;
      const int flips = std::uniform_int_distribution<int>(1, 4)(rng);
      for (int f = 0; f < flips; ++f) {
        const size_t pos = std::uniform_int_distribution<size_t>(0, m.size() - 1)(rng);
        m[pos] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
      }
      try {
        const Tokenizer t = Tokenizer::fromJson(m, "mutated.json");
        (void)t.decode(t.encode("hello <|turn> world \xE6\x97\xA5", true));
      } catch (const TokenizerError&) {
        ++rejected;
      } catch (const std::exception& e) {
        QFAIL(qPrintable(QString("mutation %1 threw a non-TokenizerError: %2").arg(i).arg(e.what())));
      }
    }
    QVERIFY2(rejected > 50, "most random mutations should be rejected");
  }
};

QTEST_GUILESS_MAIN(TestTokenizerFiles)
#include "test_tokenizer_files.moc"
