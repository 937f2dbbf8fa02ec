// joinTranscripts (inference/text/TranscriptJoin.h): words heard twice around a hard cut appear
// once, with case and punctuation differences and a word split by the cut; when nothing
// overlaps, every word is kept.
#include <QtTest>

#include "inference/text/TranscriptJoin.h"

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
};

QTEST_GUILESS_MAIN(TestTranscriptJoin)
#include "test_transcript_join.moc"
