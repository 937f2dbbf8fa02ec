// parseBoxJson (inference/text/BoxJson.h) on outputs shaped like what Gemma 4 writes for
// detection and pointing prompts — fenced or bare JSON, prose around it, trailing commas, output
// cut off by the token limit, wrong arity, out-of-range or reversed coordinates — and the
// conversion of the 0–1000 grid to pixels of the original image.
#include <QtTest>

#include <stdexcept>
#include <string>

#include "inference/text/BoxJson.h"

using namespace gwb::text;

namespace {

bool hasProblem(const BoxParseResult& r, const std::string& part) {
  for (const std::string& p : r.problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

std::string problems(const BoxParseResult& r) {
  std::string all;
  for (const std::string& p : r.problems) all += p + " | ";
  return all;
}

}  // namespace

class TestBoxJson : public QObject {
  Q_OBJECT

 private slots:
  void fencedList() {
    const auto r = parseBoxJson(
        "```json\n[\n  {\"box_2d\": [112, 64, 530, 410], \"label\": \"cat\"},\n"
        "  {\"box_2d\": [300, 455, 987, 990], \"label\": \"sofa\"}\n]\n```");
    QCOMPARE(r.objects.size(), size_t(2));
    QVERIFY2(r.problems.empty(), problems(r).c_str());
    QCOMPARE(r.objects[0].label, std::string("cat"));
    QCOMPARE(r.objects[0].box->y1, 112.0);
    QCOMPARE(r.objects[0].box->x1, 64.0);
    QCOMPARE(r.objects[0].box->y2, 530.0);
    QCOMPARE(r.objects[0].box->x2, 410.0);
    QVERIFY(!r.objects[0].point);
    QCOMPARE(r.objects[1].label, std::string("sofa"));
  }

  void bareObjectInProse() {
    const auto r = parseBoxJson(
        "Sure! I found one cup [the blue one] in the image:\n{\"box_2d\": [10, 20, 30, 40], \"label\": \"cup\"}\n"
        "Let me know if you need anything else.");
    QCOMPARE(r.objects.size(), size_t(1));
    QVERIFY2(r.problems.empty(), problems(r).c_str());
    QCOMPARE(r.objects[0].label, std::string("cup"));
  }

  void trailingCommasAndSingleQuotes() {
    const auto r = parseBoxJson("[{'box_2d': [1, 2, 3, 4], 'label': 'a',}, {box_2d: [5,6,7,8,], label: 'b'},]");
    QCOMPARE(r.objects.size(), size_t(2));
    QVERIFY2(r.problems.empty(), problems(r).c_str());
    QCOMPARE(r.objects[1].label, std::string("b"));
    QCOMPARE(r.objects[1].box->x2, 8.0);
  }

  void truncatedOutputKeepsWholeItems() {
    const auto r = parseBoxJson(
        "```json\n[\n  {\"box_2d\": [10, 20, 30, 40], \"label\": \"cup\"},\n  {\"box_2d\": [50, 60, 70");
    QCOMPARE(r.objects.size(), size_t(1));
    QCOMPARE(r.objects[0].label, std::string("cup"));
    QVERIFY2(hasProblem(r, "item 2: dropped: box_2d is cut off"), problems(r).c_str());
    QVERIFY2(hasProblem(r, "incomplete"), problems(r).c_str());
  }

  void truncatedLabelDropsItem() {
    const auto r = parseBoxJson("[{\"box_2d\": [1, 2, 3, 4], \"label\": \"do");
    QCOMPARE(r.objects.size(), size_t(0));
    QVERIFY2(hasProblem(r, "item 1: dropped: label is cut off"), problems(r).c_str());
  }

  void missingOnlyTheClosingBracket() {
    const auto r = parseBoxJson("[{\"box_2d\": [1, 2, 3, 4], \"label\": \"dog\"}");
    QCOMPARE(r.objects.size(), size_t(1));
    QCOMPARE(r.objects[0].label, std::string("dog"));
  }

  void wrongArity() {
    const auto r = parseBoxJson(
        "[{\"box_2d\": [1, 2, 3, 4], \"label\": \"a\"}, {\"box_2d\": [1, 2, 3], \"label\": \"b\"},"
        " {\"point_2d\": [1, 2, 3], \"label\": \"c\"}, {\"label\": \"d\"}]");
    QCOMPARE(r.objects.size(), size_t(1));
    QCOMPARE(r.problems.size(), size_t(2));
    QVERIFY2(hasProblem(r, "item 2: dropped: box_2d has 3 numbers, expected 4"), problems(r).c_str());
    QVERIFY2(hasProblem(r, "item 3: dropped: point_2d has 3 numbers, expected 2"), problems(r).c_str());
    // An object with no coordinates at all is not an item: it is walked into and holds nothing.
    QVERIFY(!hasProblem(r, "item 4"));
  }

  void notANumber() {
    const auto r = parseBoxJson(
        "[{\"box_2d\": [1, 2, \"x\", 4], \"label\": \"a\"}, {\"box_2d\": [1, 2, 1e999, 4], \"label\": \"b\"},"
        " {\"box_2d\": [1, 2, null, 4]}, {\"box_2d\": \"10 20 30 40\"}]");
    QCOMPARE(r.objects.size(), size_t(0));
    QVERIFY2(hasProblem(r, "item 1: dropped: box_2d[2] is not a number"), problems(r).c_str());
    QVERIFY2(hasProblem(r, "item 2: dropped: box_2d[2] is not a number"), problems(r).c_str());
    QVERIFY2(hasProblem(r, "item 3: dropped: box_2d[2] is not a number"), problems(r).c_str());
    QVERIFY2(hasProblem(r, "item 4: dropped: box_2d is not a list"), problems(r).c_str());
  }

  void clampsAndSwaps() {
    const auto r = parseBoxJson("[{\"box_2d\": [-5, 0, 1003.5, 500], \"label\": \"tree\"},"
                                " {\"box_2d\": [600, 400, 200, 300], \"label\": \"car\"}]");
    QCOMPARE(r.objects.size(), size_t(2));
    QCOMPARE(r.objects[0].box->y1, 0.0);
    QCOMPARE(r.objects[0].box->y2, 1000.0);
    QVERIFY2(hasProblem(r, "item 1: box_2d value -5 clamped to 0; box_2d value 1003.5 clamped to 1000"),
             problems(r).c_str());
    const Box2d b = *r.objects[1].box;
    QCOMPARE(b.y1, 200.0);
    QCOMPARE(b.y2, 600.0);
    QCOMPARE(b.x1, 300.0);
    QCOMPARE(b.x2, 400.0);
    QVERIFY2(hasProblem(r, "item 2: box_2d has y1 > y2, swapped; box_2d has x1 > x2, swapped"), problems(r).c_str());
  }

  void pointsAndFloats() {
    const auto r = parseBoxJson(
        "Here are the points:\n```json\n[{\"point_2d\": [512.5, 100.25], \"label\": \"left eye\"},"
        " {\"point_2d\": [\"498\", \"170\"], \"label\": \"right eye\"}]\n```");
    QCOMPARE(r.objects.size(), size_t(2));
    QVERIFY2(r.problems.empty(), problems(r).c_str());
    QVERIFY(!r.objects[0].box);
    QCOMPARE(r.objects[0].point->y, 512.5);
    QCOMPARE(r.objects[0].point->x, 100.25);
    QCOMPARE(r.objects[1].point->x, 170.0);
  }

  void keyVariantsAndMask() {
    const auto r = parseBoxJson(
        "[{\"box_2d\": [1, 2, 3, 4], \"mask\": \"data:image/png;base64,iVBORw0KGgo=\", \"label\": \"m\"},"
        " {\"bbox\": [5, 6, 7, 8], \"name\": \"n\"}, {\"point\": [9, 10], \"object\": \"o\"}]");
    QCOMPARE(r.objects.size(), size_t(3));
    QVERIFY2(r.problems.empty(), problems(r).c_str());
    QCOMPARE(r.objects[1].label, std::string("n"));
    QCOMPARE(r.objects[1].box->y1, 5.0);
    QCOMPARE(r.objects[2].label, std::string("o"));
    QCOMPARE(r.objects[2].point->x, 10.0);
  }

  void wrapperAndLabelMap() {
    auto r = parseBoxJson("{\"objects\": [{\"box_2d\": [1, 2, 3, 4], \"label\": \"a\"}], \"count\": 1}");
    QCOMPARE(r.objects.size(), size_t(1));
    QCOMPARE(r.objects[0].label, std::string("a"));
    r = parseBoxJson("```json\n{\"cat\": [10, 20, 30, 40], \"dog\": [50, 60, 70, 80]}\n```");
    QCOMPARE(r.objects.size(), size_t(2));
    QCOMPARE(r.objects[1].label, std::string("dog"));
    QCOMPARE(r.objects[1].box->x2, 80.0);
  }

  void severalBlocksAndJsonLines() {
    auto r = parseBoxJson(
        "First the people:\n```json\n[{\"box_2d\": [1, 2, 3, 4], \"label\": \"person\"}]\n```\n"
        "And the bikes:\n```json\n[{\"box_2d\": [5, 6, 7, 8], \"label\": \"bike\"}]\n```\n");
    QCOMPARE(r.objects.size(), size_t(2));
    QCOMPARE(r.objects[1].label, std::string("bike"));
    r = parseBoxJson("{\"box_2d\": [1, 2, 3, 4], \"label\": \"a\"}\n{\"box_2d\": [5, 6, 7, 8], \"label\": \"b\"}\n");
    QCOMPARE(r.objects.size(), size_t(2));
  }

  void labelEscapes() {
    const auto r = parseBoxJson(
        "[{\"box_2d\": [1, 2, 3, 4], \"label\": \"caf\\u00e9 \\\"sign\\\" \\ud83d\\ude00\"}, {\"box_2d\": [1, 2, 3, 4], \"label\": 7}]");
    QCOMPARE(r.objects.size(), size_t(2));
    QCOMPARE(r.objects[0].label, std::string("caf\xC3\xA9 \"sign\" \xF0\x9F\x98\x80"));
    QCOMPARE(r.objects[1].label, std::string("7"));
  }

  void nothingToFind() {
    for (const char* text : {"", "I could not find any cats in this image.", "[sic] {not json} [1, 2]",
                             "```json\n```", "```json\n[]\n```", "{\"answer\": \"no objects\"}"}) {
      const auto r = parseBoxJson(text);
      QVERIFY2(r.objects.empty(), text);
      QVERIFY2(r.problems.empty(), text);
    }
  }

  void hostileNesting() {
    const auto r = parseBoxJson(std::string(100000, '[') + "{\"box_2d\": [1, 2, 3, 4]}");
    QVERIFY(r.objects.size() <= 1);  // no crash, no stack overflow; what is found does not matter
    const auto r2 = parseBoxJson(std::string(50000, '{'));
    QVERIFY(r2.objects.empty());
  }

  void pixels() {
    const Box2d box{100, 200, 300, 400};
    const PixelBox p = boxToPixels(box, 640, 480);
    QCOMPARE(p.x0, 128.0);
    QCOMPARE(p.y0, 48.0);
    QCOMPARE(p.x1, 256.0);
    QCOMPARE(p.y1, 144.0);
    const PixelPoint q = pointToPixels({500, 250}, 640, 480);
    QCOMPARE(q.x, 160.0);
    QCOMPARE(q.y, 240.0);
    const PixelBox full = boxToPixels({0, 0, 1000, 1000}, 1921, 1081);
    QCOMPARE(full.x1, 1921.0);
    QCOMPARE(full.y1, 1081.0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, boxToPixels(box, 0, 480));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pointToPixels({1, 1}, 640, -1));
  }

  void toJson() {
    const auto r = parseBoxJson(
        "[{\"box_2d\": [100, 200, 300, 400], \"label\": \"cat \\\"Tom\\\"\"}, {\"point_2d\": [333, 333], \"label\": \"x\"}]");
    QCOMPARE(objectsToJson(r.objects, 640, 480),
             std::string("[{\"label\":\"cat \\\"Tom\\\"\",\"box\":[128.0,48.0,256.0,144.0]},{\"label\":\"x\",\"point\":[213.12,159.84]}]"));
    QCOMPARE(objectsToJson({}, 10, 10), std::string("[]"));
    // Labels come from the model: bytes that are not UTF-8 must not break the JSON.
    const std::string bad = objectsToJson({{"\xff\xfe", Box2d{0, 0, 1, 1}, std::nullopt}}, 10, 10);
    QVERIFY(bad.find("\xEF\xBF\xBD") != std::string::npos);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, objectsToJson({}, 10, 0));
  }
};

QTEST_GUILESS_MAIN(TestBoxJson)
#include "test_box_json.moc"
