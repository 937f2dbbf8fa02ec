// Subtitle and transcript writers (inference/text/Subtitles.h): exact SRT / WebVTT / JSON / text
// output, millisecond rounding, numbering across skipped blank segments, multi-line cues,
// escaping, and clear errors for times the formats cannot hold.
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "inference/text/Subtitles.h"

using namespace gwb::text;

class TestSubtitles : public QObject {
  Q_OBJECT

  const std::vector<TimedSegment> sample_ = {
      {0.0, 1.25, "Hello there."},
      {1.25, 3.0, "   "},  // blank: left out, numbering stays 1, 2, 3
      {3.0004, 65.9996, "Two lines,\r\n\n  second line  "},
      {3725.5, 3730.0, "a < b && c > d --> e"},
  };

 private slots:
  void srt() {
    QCOMPARE(toSrt(sample_), std::string("1\n00:00:00,000 --> 00:00:01,250\nHello there.\n\n"
                                         "2\n00:00:03,000 --> 00:01:06,000\nTwo lines,\nsecond line\n\n"
                                         "3\n01:02:05,500 --> 01:02:10,000\na < b && c > d --> e\n\n"));
  }

  void vtt() {
    QCOMPARE(toVtt(sample_), std::string("WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nHello there.\n\n"
                                         "00:00:03.000 --> 00:01:06.000\nTwo lines,\nsecond line\n\n"
                                         "01:02:05.500 --> 01:02:10.000\na &lt; b &amp;&amp; c &gt; d --&gt; e\n\n"));
  }

  void json() {
    const nlohmann::json j = nlohmann::json::parse(toSegmentsJson(sample_));
    QCOMPARE(j.size(), size_t(3));
    QCOMPARE(j[0]["start"].get<double>(), 0.0);
    QCOMPARE(j[0]["end"].get<double>(), 1.25);
    QCOMPARE(j[1]["start"].get<double>(), 3.0);
    QCOMPARE(j[1]["text"].get<std::string>(), std::string("Two lines,\nsecond line"));
    QCOMPARE(j[2]["text"].get<std::string>(), std::string("a < b && c > d --> e"));
    // Quotes, backslashes, control characters and bad UTF-8 survive as valid JSON.
    const std::vector<TimedSegment> odd = {{0, 1, "say \"hi\" \\ \t\x01 \xff"}};
    const nlohmann::json k = nlohmann::json::parse(toSegmentsJson(odd));
    QCOMPARE(k[0]["text"].get<std::string>(), std::string("say \"hi\" \\ \t\x01 \xEF\xBF\xBD"));
  }

  void plainText() {
    QCOMPARE(toPlainText(sample_), std::string("Hello there.\nTwo lines, second line\na < b && c > d --> e\n"));
    QCOMPARE(toPlainText({}), std::string());
  }

  void empty() {
    QCOMPARE(toSrt({}), std::string());
    QCOMPARE(toVtt({}), std::string("WEBVTT\n\n"));
    QCOMPARE(toSegmentsJson({}), std::string("[]\n"));
  }

  void longTimes() {
    const std::vector<TimedSegment> late = {{100 * 3600.0 + 1, 100 * 3600.0 + 2, "late"}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toSrt(late));
    QCOMPARE(toVtt(late), std::string("WEBVTT\n\n100:00:01.000 --> 100:00:02.000\nlate\n\n"));
    const std::vector<TimedSegment> edge = {{0, 99 * 3600 + 59 * 60 + 59.999, "x"}};
    QCOMPARE(toSrt(edge), std::string("1\n00:00:00,000 --> 99:59:59,999\nx\n\n"));
  }

  void roundingCarries() {
    // 59.9996 s rounds to a whole minute, not to "00:00:59,1000".
    const std::vector<TimedSegment> s = {{59.9996, 119.9999, "x"}};
    QCOMPARE(toSrt(s), std::string("1\n00:01:00,000 --> 00:02:00,000\nx\n\n"));
  }

  void invalidTimes() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    for (const TimedSegment& bad : std::vector<TimedSegment>{{-1, 2, "a"}, {nan, 2, "a"}, {0, inf, "a"}, {5, 4, "a"}}) {
      const std::vector<TimedSegment> one = {bad};
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toSrt(one));
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toVtt(one));
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toSegmentsJson(one));
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, toPlainText(one));
    }
  }
};

QTEST_GUILESS_MAIN(TestSubtitles)
#include "test_subtitles.moc"
