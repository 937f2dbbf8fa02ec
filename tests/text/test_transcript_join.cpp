// joinTranscripts (inference/text/TranscriptJoin.h): words heard twice around a hard cut appear
// once, with case and punctuation differences and a word split by the cut; when nothing
// overlaps, every word is kept; appendSegment assembles segment texts (joins at hard cuts only).
#include <QtTest>

#include "inference/text/TranscriptJoin.h"

using gwb::text::appendSegment;
using gwb::text::joinTranscripts;

class TestTranscriptJoin : public QObject {
  Q_OBJECT

 private slots:
  void joins_data() {
    QTest::addColumn<QString>("previous");
    QTest::addColumn<QString>("next");
    QTest::addColumn<QString>("joined");
    QTest::newRow("exact overlap") << "we walked to the old mill" << "the old mill and back" << "we walked to the old mill and back";
    QTest::newRow("case and punctuation") << "It was late. And then," << "and then we left." << "It was late. And then, we left.";
    QTest::newRow("one word") << "I said hello" << "hello to everyone" << "I said hello to everyone";
    QTest::newRow("no overlap") << "the first part" << "a second part" << "the first part a second part";
    QTest::newRow("partial word at the end of previous") << "over the river and thr" << "river and through the woods"
                                                         << "over the river and through the woods";
    QTest::newRow("partial word at the start of next") << "over the river and through" << "ver and through the woods"
                                                       << "over the river and through the woods";
    QTest::newRow("single word after a fragment is not enough") << "the cat sat on" << "at on the mat"
                                                                << "the cat sat on at on the mat";
    QTest::newRow("next is all overlap") << "one two three" << "two three." << "one two three";
    QTest::newRow("empty previous") << "" << "  hello world " << "hello world";
    QTest::newRow("empty next") << "hello world  " << "" << "hello world";
    QTest::newRow("punctuation-only tokens") << "yes - of course" << "- of course it is" << "yes - of course it is";
    QTest::newRow("non-ASCII words") << "das ist schön" << "ist schön und gut" << "das ist schön und gut";
    QTest::newRow("repeated words prefer the longest") << "no no no" << "no no no no stop" << "no no no no stop";
  }

  void joins() {
    QFETCH(QString, previous);
    QFETCH(QString, next);
    QFETCH(QString, joined);
    QCOMPARE(QString::fromStdString(joinTranscripts(previous.toStdString(), next.toStdString())), joined);
  }

  void overlapLimit() {
    QCOMPARE(joinTranscripts("a b c d e f g h i j", "a b c d e f g h i j k", 10), std::string("a b c d e f g h i j k"));
    QCOMPARE(joinTranscripts("x y", "y z", 0), std::string("x y y z"));
    // Three shared words but a limit of one: nothing may be removed on a one-word guess here.
    QCOMPARE(joinTranscripts("p a b c", "a b c q", 1), std::string("p a b c a b c q"));
  }

  // The assembly step of a transcription: segment texts as the model returns them for overlapping
  // audio (the words under a hard cut at the end of one and the start of the next), and segments
  // after a pause. Every spoken word appears exactly once, in order; the cues carry only new words.
  void assemblesSegments() {
    struct Piece {
      const char* text;
      bool afterHardCut;
      const char* cue;  // what the segment's cue shows
    };
    const Piece pieces[] = {
        {"The morning train left the station at seven and carried", false, "The morning train left the station at seven and carried"},
        {"and carried workers, farmers and students along", true, "workers, farmers and students along"},  // hard cut
        {"Students along the valley past the old mill.", true, "the valley past the old mill."},        // hard cut, case
        {"Mill! Mill, the miller said.", false, "Mill! Mill, the miller said."},  // a pause: the repeat is real
        {"", false, ""},                                                          // a segment with no text
        {"said it twice", false, "said it twice"},                                // after a pause again
        {"it twice and then went home", true, "and then went home"},             // a hard cut
        {"the next day he came back", true, "the next day he came back"},        // hard cut, nothing shared
    };
    std::string transcript;
    std::string cues;
    for (const Piece& p : pieces) {
      const std::string cue = appendSegment(transcript, p.text, p.afterHardCut);
      QCOMPARE(QString::fromStdString(cue), QString(p.cue));
      if (!cue.empty()) cues += (cues.empty() ? "" : " ") + cue;
    }
    const std::string expected =
        "The morning train left the station at seven and carried workers, farmers and students along the valley "
        "past the old mill. Mill! Mill, the miller said. said it twice and then went home the next day he came back";
    QCOMPARE(QString::fromStdString(transcript), QString::fromStdString(expected));
    QCOMPARE(QString::fromStdString(cues), QString::fromStdString(expected));  // the cues read as the transcript
  }

  // Words repeated across a pause are never merged, even when a whole run repeats.
  void pauseSeamsKeepRepeats() {
    std::string t;
    appendSegment(t, "I said no no", false);
    appendSegment(t, "no no I said", false);
    QCOMPARE(t, std::string("I said no no no no I said"));
    std::string h;
    appendSegment(h, "  ", true);
    QVERIFY(h.empty());
    QCOMPARE(appendSegment(h, " hello there ", true), std::string("hello there"));  // nothing before: nothing to join
    QCOMPARE(appendSegment(h, "there you are", true), std::string("you are"));
    QCOMPARE(h, std::string("hello there you are"));
    // A partial word dropped from the end of the transcript: the cue keeps the piece as heard.
    std::string p = "over the river and thr";
    QCOMPARE(appendSegment(p, "river and through the woods", true), std::string("river and through the woods"));
    QCOMPARE(p, std::string("over the river and through the woods"));
  }
};

QTEST_GUILESS_MAIN(TestTranscriptJoin)
#include "test_transcript_join.moc"
