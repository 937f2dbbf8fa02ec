// The tokenizer against Hugging Face tokenizers' own output:
//  - the real Gemma 3 vocabulary and the Gemma-4-style one derived from it (made by
//    scripts/testdata.d/10-gemma-tokenizers): all 262 strings of
//    ../shared/fixtures/tokenizer/reference_encodings.json (ids, with_bos, decoded) and the
//    published Gemma 4 test vector;
//  - the tiny model's tokenizer (../shared/fixtures/tiny-s1): special ids from its config.json,
//    round trips of random text (byte fallback for most characters) and of random bytes;
//  - StreamingDecoder: never emits broken UTF-8, and its pieces add up to decode().
// Without the real vocabularies the tests that need them FAIL (run scripts/fetch-test-data).
#include <QElapsedTimer>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <optional>

#include "TokenizerTestSupport.h"
#include "inference/text/StreamingDecoder.h"
#include "inference/text/Tokenizer.h"
#include "inference/text/Utf8.h"

using gwb::text::StreamingDecoder;
using gwb::text::Tokenizer;
using namespace gwb::text::test;

namespace {

// Decodes ids through a StreamingDecoder one at a time. Returns the concatenated pieces, or an
// error message if any piece was not valid UTF-8.
struct StreamResult {
  std::string text;
  QString error;
};

StreamResult streamDecode(const Tokenizer& tok, const std::vector<int32_t>& ids, bool skipSpecial) {
  StreamingDecoder dec(tok, skipSpecial);
  StreamResult r;
  for (size_t i = 0; i <= ids.size(); ++i) {
    const std::string piece = i < ids.size() ? dec.push(ids[i]) : dec.finish();
    if (!gwb::text::isValidUtf8(piece) && r.error.isEmpty()) {
      r.error = QString("piece after id #%1 is not valid UTF-8").arg(i);
    }
    r.text += piece;
  }
  return r;
}

// The added tokens' contents, to splice into random text.
std::vector<std::string> addedTokenTexts(const Tokenizer& tok, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const std::string& n : names) {
    if (tok.tokenId(n)) out.push_back(n);
  }
  return out;
}

}  // namespace

class TestTokenizer : public QObject {
  Q_OBJECT

 private:
  std::optional<Tokenizer> gemma3_, gemma4_, tiny_;
  nlohmann::json reference_;

  // Whether both real vocabularies were found; tests that need them QFAIL with missingMessage().
  bool haveReal() const { return gemma3_ && gemma4_; }
  static QString missingMessage() {
    QStringList missing;
    for (const char* name : {"gemma3", "gemma4"}) {
      if (!fileExists(realTokenizerPath(name))) missing << QString::fromStdString(realTokenizerPath(name));
    }
    return QString("missing %1 — run scripts/fetch-test-data (it runs scripts/testdata.d/10-gemma-tokenizers)")
        .arg(missing.join(" and "));
  }

  static std::optional<Tokenizer> loadTimed(const std::string& path, const char* label) {
    if (!fileExists(path)) return std::nullopt;
    QElapsedTimer timer;
    timer.start();
    Tokenizer t = Tokenizer::fromFile(path);
    qInfo("%s: loaded %s (%zu ids) in %lld ms", label, path.c_str(), t.vocabSize(), timer.elapsed());
    return t;
  }

 private slots:
  void initTestCase() {
    reference_ = nlohmann::json::parse(readFile(sharedFixture("tokenizer/reference_encodings.json")));
    QVERIFY(reference_.contains("cases"));
    gemma3_ = loadTimed(realTokenizerPath("gemma3"), "gemma3");
    gemma4_ = loadTimed(realTokenizerPath("gemma4"), "gemma4");
    tiny_ = loadTimed(sharedFixture("tiny-s1/tokenizer.json"), "tiny-s1");
    QVERIFY(tiny_.has_value());
  }

  void referenceEncodings_data() {
    QTest::addColumn<QString>("key");
    QTest::newRow("gemma3") << "gemma3";
    QTest::newRow("gemma4-derived") << "gemma4-derived";
  }

  void referenceEncodings() {
    QFETCH(QString, key);
    if (!haveReal()) QFAIL(qPrintable(missingMessage()));
    const Tokenizer& tok = key == "gemma3" ? *gemma3_ : *gemma4_;
    const auto& cases = reference_["cases"];
    QCOMPARE(cases.size(), size_t{262});
    for (size_t i = 0; i < cases.size(); ++i) {
      const std::string text = cases[i]["text"];
      const auto& want = cases[i][key.toStdString()];
      const auto wantIds = want["ids"].get<std::vector<int32_t>>();
      const auto wantWithBos = want["with_bos"].get<std::vector<int32_t>>();
      const QString where = QString("case %1 %2").arg(i).arg(QString::fromStdString(nlohmann::json(text).dump()));
      QVERIFY2(idsToString(tok.encode(text, false)) == idsToString(wantIds),
               qPrintable(where + ": ids " + idsToString(tok.encode(text, false)) + " != " + idsToString(wantIds)));
      QVERIFY2(idsToString(tok.encode(text, true)) == idsToString(wantWithBos), qPrintable(where + ": with_bos"));
      QVERIFY2(tok.decode(wantIds) == want["decoded"].get<std::string>(), qPrintable(where + ": decoded"));
    }
  }

  void publishedGemma4Vector() {
    if (!haveReal()) QFAIL(qPrintable(missingMessage()));
    // gemma4-text.md §7.2: HF tokenizers on the E2B tokenizer.json.
    const std::string prompt = "<bos><|turn>user\nSay hello in one short sentence.<turn|>\n<|turn>model\n";
    const std::vector<int32_t> want = {2, 105, 2364, 107, 37889, 29104, 528, 886, 2822, 13315, 236761, 106, 107, 105, 4368, 107};
    QCOMPARE(idsToString(gemma4_->encode(prompt, false)), idsToString(want));
    QCOMPARE(gemma4_->decode(want), prompt);
    QCOMPARE(gemma4_->decode(want, true), std::string("user\nSay hello in one short sentence.\nmodel\n"));
  }

  void realSpecialTokens() {
    if (!haveReal()) QFAIL(qPrintable(missingMessage()));
    const Tokenizer& g4 = *gemma4_;
    QCOMPARE(g4.vocabSize(), size_t{262144});
    QCOMPARE(gemma3_->vocabSize(), size_t{262145});  // + <image_soft_token>, an added token
    QCOMPARE(g4.bosId(), std::optional<int32_t>(2));
    QCOMPARE(g4.eosId(), std::optional<int32_t>(1));
    QCOMPARE(g4.padId(), std::optional<int32_t>(0));
    const std::pair<const char*, int32_t> control[] = {
        {"<|turn>", 105}, {"<turn|>", 106}, {"<|think|>", 98}, {"<|channel>", 100}, {"<channel|>", 101},
        {"<|image>", 255999}, {"<|audio>", 256000}, {"<|image|>", 258880}, {"<|audio|>", 258881},
        {"<image|>", 258882}, {"<audio|>", 258883}, {"<|video|>", 258884}, {"<|tool_call>", 48}};
    for (const auto& [text, id] : control) {
      QCOMPARE(g4.tokenId(text), std::optional<int32_t>(id));
      QCOMPARE(g4.tokenText(id), std::string(text));
      QCOMPARE(idsToString(g4.encode(text, false)), QString::number(id));
    }
    QVERIFY(g4.isSpecial(105));
    QVERIFY(!g4.isSpecial(107));  // "\n" is an added token but not special
    QCOMPARE(g4.tokenText(107), std::string("\n"));
    QCOMPARE(g4.tokenText(236761), std::string("."));
    QCOMPARE(g4.tokenText(1902), std::string("\xE2\x96\x81world"));  // "▁world"
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, g4.tokenText(262144));
    QVERIFY(!g4.tokenId("no such token").has_value());
  }

  void realRoundTripsRandomText() {
    if (!haveReal()) QFAIL(qPrintable(missingMessage()));
    std::mt19937 rng(20261122);
    const auto pieces = addedTokenTexts(*gemma4_, {"<|turn>", "<turn|>", "<bos>", "<|image|>", "<unused7>", "\n\n\n"});
    QElapsedTimer timer;
    timer.start();
    size_t bytes = 0;
    for (int i = 0; i < 300; ++i) {
      const std::string text = randomText(rng, 200, pieces);
      bytes += text.size();
      const auto ids = gemma4_->encode(text, false);
      QVERIFY2(gemma4_->decode(ids) == text, qPrintable(QString("round trip %1 failed").arg(i)));
      const StreamResult s = streamDecode(*gemma4_, ids, false);
      QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
      QVERIFY(s.text == text);
    }
    qInfo("gemma4: %zu random bytes encoded + decoded + streamed in %lld ms", bytes, timer.elapsed());
  }

  void realEncodeLongText() {
    if (!haveReal()) QFAIL(qPrintable(missingMessage()));
    // One long stretch with no added token in it (BPE over ~200 kB at once), then timed.
    std::mt19937 rng(7);
    std::string text;
    while (text.size() < 200000) text += randomText(rng, 50, {}) + " ";
    std::erase(text, '\n');
    QElapsedTimer timer;
    timer.start();
    const auto ids = gemma4_->encode(text, true);
    const qint64 ms = timer.elapsed();
    QCOMPARE(ids.front(), 2);
    QVERIFY(gemma4_->decode(std::span(ids).subspan(1)) == text);
    qInfo("gemma4: encoded %zu bytes into %zu ids in %lld ms", text.size(), ids.size(), ms);
  }

  void tinySpecialIdsMatchConfig() {
    const Tokenizer& tok = *tiny_;
    const auto config = nlohmann::json::parse(readFile(sharedFixture("tiny-s1/config.json")));
    const auto& text = config["text_config"];
    QCOMPARE(tok.vocabSize(), text["vocab_size"].get<size_t>());
    QCOMPARE(tok.bosId(), std::optional<int32_t>(text["bos_token_id"].get<int32_t>()));
    QCOMPARE(tok.eosId(), std::optional<int32_t>(text["eos_token_id"].get<int32_t>()));
    QCOMPARE(tok.padId(), std::optional<int32_t>(text["pad_token_id"].get<int32_t>()));
    const std::pair<const char*, const char*> media[] = {
        {"<|image>", "boi_token_id"},    {"<image|>", "eoi_token_id"},     {"<|image|>", "image_token_id"},
        {"<|audio>", "boa_token_id"},    {"<audio|>", "eoa_token_index"},  {"<|audio|>", "audio_token_id"},
        {"<|video|>", "video_token_id"}};
    for (const auto& [token, key] : media) {
      const int32_t id = config[key].get<int32_t>();
      QCOMPARE(tok.tokenId(token), std::optional<int32_t>(id));
      QVERIFY(tok.isSpecial(id));
      const std::string s = std::string("a") + token + "b";
      const auto ids = tok.encode(s, false);
      QCOMPARE(ids.size(), size_t{3});
      QCOMPARE(ids[1], id);
    }
    // with_bos puts the configured bos in front, once.
    const auto ids = tok.encode("hello world", true);
    QCOMPARE(ids.front(), text["bos_token_id"].get<int32_t>());
    QCOMPARE(tok.decode(std::span(ids).subspan(1)), std::string("hello world"));
  }

  void tinyRoundTripsRandomText() {
    const Tokenizer& tok = *tiny_;
    std::mt19937 rng(12345);
    const auto pieces = addedTokenTexts(tok, {"<|turn>", "<turn|>", "<bos>", "<eos>", "<|image|>", "<|\"|>", "<unused3>"});
    QVERIFY(pieces.size() >= 5);
    size_t byteTokens = 0;
    for (int i = 0; i < 2000; ++i) {
      const std::string text = randomText(rng, 60, pieces);
      const auto ids = tok.encode(text, false);
      for (int32_t id : ids) {
        QVERIFY(id >= 0 && static_cast<size_t>(id) < tok.vocabSize());
        if (tok.joinsWithNext(id)) ++byteTokens;
      }
      QVERIFY2(tok.decode(ids) == text,
               qPrintable(QString("round trip %1 failed for %2").arg(i).arg(QString::fromStdString(nlohmann::json(text).dump()))));
    }
    QVERIFY2(byteTokens > 1000, "random text should exercise byte fallback");
  }

  void tinyRandomBytesAreLossless() {
    // Invalid UTF-8 goes through byte fallback byte by byte: the ids keep every input byte.
    const Tokenizer& tok = *tiny_;
    std::mt19937 rng(99);
    for (int i = 0; i < 1000; ++i) {
      const std::string bytes = randomBytes(rng, 40);
      const auto ids = tok.encode(bytes, false);
      std::string rebuilt;
      for (int32_t id : ids) {
        const std::string t = tok.tokenText(id);
        if (tok.joinsWithNext(id)) {
          rebuilt += static_cast<char>(std::stoi(t.substr(3, 2), nullptr, 16));
        } else {
          rebuilt += tok.decode(std::vector<int32_t>{id});
        }
      }
      QVERIFY2(rebuilt == bytes, qPrintable(QString("random bytes %1 not kept").arg(i)));
      const std::string decoded = tok.decode(ids);
      QVERIFY(gwb::text::isValidUtf8(decoded));
      if (gwb::text::isValidUtf8(bytes)) QVERIFY(decoded == bytes);
    }
  }

  void decodeInvalidByteRun() {
    // HF ByteFallback: a run of byte tokens that is not valid UTF-8 becomes one U+FFFD per byte,
    // even where part of the run would be a valid character.
    const Tokenizer& tok = *tiny_;
    const auto id = [&](const char* t) { return *tok.tokenId(t); };
    const std::string fffd(gwb::text::kReplacementChar);
    QCOMPARE(tok.decode(std::vector<int32_t>{id("<0xE6>"), id("<0x97>"), id("<0xA5>")}), std::string("\xE6\x97\xA5"));
    QCOMPARE(tok.decode(std::vector<int32_t>{id("<0xE6>"), id("<0x97>"), id("<0xA5>"), id("<0xE6>")}),
             fffd + fffd + fffd + fffd);
    QCOMPARE(tok.decode(std::vector<int32_t>{id("<0xE6>"), id("a"), id("<0x41>")}), fffd + "aA");
    // Ids without a token are skipped, like HF.
    QCOMPARE(tok.decode(std::vector<int32_t>{id("a"), -5, 1 << 20, id("b")}), std::string("ab"));
  }

  void streamingHoldsByteRuns() {
    const Tokenizer& tok = *tiny_;
    // "日" is not in the tiny vocab: it arrives as three byte tokens.
    const auto ids = tok.encode("\xE6\x97\xA5 a", false);
    QVERIFY(ids.size() >= 4);
    StreamingDecoder dec(tok);
    QCOMPARE(dec.push(ids[0]), std::string());
    QCOMPARE(dec.push(ids[1]), std::string());
    QCOMPARE(dec.push(ids[2]), std::string());
    std::string rest;
    for (size_t i = 3; i < ids.size(); ++i) rest += dec.push(ids[i]);
    rest += dec.finish();
    QCOMPARE(rest, std::string("\xE6\x97\xA5 a"));
  }

  void streamingMatchesDecodeOnRandomIds() {
    // Random ids over the whole tiny vocabulary: about half are byte tokens, so byte runs are
    // frequent, often invalid, and cut by special tokens.
    const Tokenizer& tok = *tiny_;
    std::mt19937 rng(4242);
    std::uniform_int_distribution<int32_t> idDist(0, static_cast<int32_t>(tok.vocabSize()) - 1);
    std::uniform_int_distribution<size_t> lenDist(0, 40);
    for (int i = 0; i < 3000; ++i) {
      std::vector<int32_t> ids(lenDist(rng));
      for (int32_t& id : ids) id = idDist(rng);
      for (bool skip : {false, true}) {
        const StreamResult s = streamDecode(tok, ids, skip);
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error + " for ids " + idsToString(ids)));
        QVERIFY2(s.text == tok.decode(ids, skip), qPrintable("stream != decode for ids " + idsToString(ids)));
      }
    }
  }

  void skipSpecialDropsOnlySpecialTokens() {
    const Tokenizer& tok = *tiny_;
    const auto ids = tok.encode("<|turn>user\nhi<mask><turn|>", false);
    // <mask> is an added token that is not special in the tiny tokenizer: it stays.
    QCOMPARE(tok.decode(ids, true), std::string("user\nhi<mask>"));
    QCOMPARE(tok.decode(ids, false), std::string("<|turn>user\nhi<mask><turn|>"));
  }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
