// Thinking vs answer from streamed pieces, with markers split across pieces at every position.
#include <QTest>

#include "inference/text/ThinkingSplitter.h"

using gwb::text::ThinkingSplitter;

class TestThinkingSplitter : public QObject {
  Q_OBJECT
 private slots:
  void splitsAtEveryPieceBoundary() {
    const std::string stream = "<|channel>thought\nLet me count: 2+2.<channel|>The answer is 4.";
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
      for (size_t cut2 = cut; cut2 <= stream.size(); cut2 += 7) {
        ThinkingSplitter s;
        std::string thinking, answer;
        for (auto piece : {stream.substr(0, cut), stream.substr(cut, cut2 - cut), stream.substr(cut2)}) {
          auto p = s.push(piece);
          thinking += p.thinking;
          answer += p.answer;
        }
        auto p = s.finish();
        thinking += p.thinking;
        answer += p.answer;
        QCOMPARE(thinking, std::string("Let me count: 2+2."));
        QCOMPARE(answer, std::string("The answer is 4."));
      }
    }
  }
  void plainAnswerPassesThrough() {
    ThinkingSplitter s;
    auto p = s.push("Hello <|chan");  // could be a marker: held back
    QCOMPARE(p.answer, std::string("Hello "));
    p = s.push("nel maybe not");  // "<|channel " is no marker after all: released
    QCOMPARE(p.answer, std::string("<|channel maybe not"));
    QCOMPARE(p.thinking, std::string());
    QCOMPARE(s.finish().answer, std::string());
  }
};

QTEST_GUILESS_MAIN(TestThinkingSplitter)
#include "test_thinking_splitter.moc"
