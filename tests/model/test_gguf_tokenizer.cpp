// The tokenizer rebuilt from GGUF metadata gives exactly what tokenizer.json gives: for the tiny
// fixture's tokenizer and the real Gemma 4 vocabulary (262,144 tokens, 514,906 merges), every id has
// the same text and special flag, and every reference string encodes (with and without <bos>) and
// decodes the same. The metadata is written the way llama.cpp's converter writes it
// (GgufTokenizerMetadata.h) and read back through a real GGUF file.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "ModelTestSupport.h"
#include "inference/model/GgufFile.h"
#include "inference/model/GgufTokenizerMetadata.h"
#include "inference/model/GgufWriter.h"
#include "inference/text/GgufTokenizer.h"
#include "inference/text/TokenizerError.h"

using namespace gwb;
using namespace gwb::model;

namespace {

std::filesystem::path gemma4Dir() { return std::filesystem::path(GWB_TEST_DATA_DIR) / "tokenizers" / "gemma4"; }

std::vector<std::string> referenceTexts() {
  const auto j = nlohmann::json::parse(model::test::readFile(model::test::sharedDir() / "fixtures" / "tokenizer" / "reference_encodings.json"));
  std::vector<std::string> out;
  for (const auto& c : j.at("cases")) out.push_back(c.at("text").get<std::string>());
  // Added tokens inside text, byte fallback, newline runs, an unknown-looking tag.
  out.push_back("<bos><|turn>user\nSay hello in one short sentence.<turn|>\n<|turn>model\n");
  out.push_back("<|channel>thought<channel|> <|tool_call>call:f{a:<|\"|>x<|\"|>}<tool_call|>");
  out.push_back("\xF0\x9F\x98\x80 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\n\n\n  tabs\there <unused3> <unk> <mask>");
  return out;
}

void compareTokenizers(const std::filesystem::path& modelDir) {
  const text::Tokenizer want = text::Tokenizer::fromFile((modelDir / "tokenizer.json").string());
  QTemporaryDir tmp;
  const auto path = std::filesystem::path(tmp.path().toStdString()) / "tok.gguf";
  GgufWriter w;
  w.set("general.architecture", GgufValue::string("gemma4"));
  writeGemma4TokenizerMetadata(w, modelDir);
  w.write(path);
  const GgufFile f(path);
  const text::Tokenizer got = text::tokenizerFromGguf(ggufVocabOf(f), path.string());

  QCOMPARE(got.vocabSize(), want.vocabSize());
  for (int32_t id = 0; id < int32_t(want.vocabSize()); ++id) {
    // llama.cpp writes Gemma 4's 7 tool/channel markers as USER_DEFINED, losing their special flag;
    // they are read back as special (transformers 5.17's tokenizer, the tiny fixture's), which
    // other tokenizer.json revisions (the test vocabulary) do not mark. Ids are unaffected.
    const bool flagKnown = !text::isGemma4VisibleSpecial(want.tokenText(id));
    if (got.tokenText(id) != want.tokenText(id) || (flagKnown && got.isSpecial(id) != want.isSpecial(id))) {
      QFAIL(("id " + std::to_string(id) + ": '" + got.tokenText(id) + "' special " + std::to_string(got.isSpecial(id)) +
             " vs '" + want.tokenText(id) + "' special " + std::to_string(want.isSpecial(id)))
                .c_str());
    }
  }
  QCOMPARE(got.bosId(), want.bosId());
  QCOMPARE(got.eosId(), want.eosId());
  QCOMPARE(got.padId(), want.padId());
  for (const std::string& s : referenceTexts()) {
    const auto ids = want.encode(s, false);
    QCOMPARE(got.encode(s, false), ids);
    QCOMPARE(got.encode(s, true), want.encode(s, true));
    QCOMPARE(got.decode(ids), want.decode(ids));
    if (s.find("<|channel>") == std::string::npos) QCOMPARE(got.decode(ids, true), want.decode(ids, true));
  }
}

}  // namespace

class TestGgufTokenizer : public QObject {
  Q_OBJECT
 private slots:
  void tinyFixtureTokenizer() { compareTokenizers(model::test::tinyDir()); }

  void realGemma4Vocabulary() {
    if (!std::filesystem::exists(gemma4Dir() / "tokenizer.json")) {
      QFAIL("the Gemma 4 tokenizer is missing: run scripts/fetch-test-data");
    }
    compareTokenizers(gemma4Dir());
  }

  // The design doc's test vector (design/gemma4-text.md §7.2), through the GGUF path.
  void referenceIdsOfRealVocab() {
    QTemporaryDir tmp;
    const auto path = std::filesystem::path(tmp.path().toStdString()) / "tok.gguf";
    GgufWriter w;
    writeGemma4TokenizerMetadata(w, gemma4Dir());
    w.write(path);
    const text::Tokenizer t = text::tokenizerFromGguf(ggufVocabOf(GgufFile(path)), path.string());
    const std::vector<int32_t> want = {2, 105, 2364, 107, 37889, 29104, 528, 886, 2822, 13315, 236761, 106, 107, 105, 4368, 107};
    QCOMPARE(t.encode("<bos><|turn>user\nSay hello in one short sentence.<turn|>\n<|turn>model\n", false), want);
  }

  void badVocabsAreRejected() {
    text::GgufVocab v;
    v.model = "llama";
    v.tokens = {"a"};
    QVERIFY_THROWS_EXCEPTION(text::TokenizerError, text::tokenizerFromGguf(v, "x.gguf"));
    v.model = "gemma4";
    v.tokens = {"a", "b", "ab"};
    v.merges = {"a  b"};
    QVERIFY_THROWS_EXCEPTION(text::TokenizerError, text::tokenizerFromGguf(v, "x.gguf"));
    v.merges = {"a c"};
    QVERIFY_THROWS_EXCEPTION(text::TokenizerError, text::tokenizerFromGguf(v, "x.gguf"));
    v.merges = {"a b"};
    v.bosId = 7;
    QVERIFY_THROWS_EXCEPTION(text::TokenizerError, text::tokenizerFromGguf(v, "x.gguf"));
    v.bosId.reset();
    v.types = {1, 1};
    QVERIFY_THROWS_EXCEPTION(text::TokenizerError, text::tokenizerFromGguf(v, "x.gguf"));
    v.types = {1, 1, 1};
    v.tokens = {"a", "a", "ab"};
    QVERIFY_THROWS_EXCEPTION(text::TokenizerError, text::tokenizerFromGguf(v, "x.gguf"));
  }
};

QTEST_GUILESS_MAIN(TestGgufTokenizer)
#include "test_gguf_tokenizer.moc"
