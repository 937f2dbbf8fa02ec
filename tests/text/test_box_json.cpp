// parseBoxJson (inference/text/BoxJson.h) on outputs shaped like what Gemma 4 writes for
// detection and pointing prompts — fenced or bare JSON, prose around it, trailing commas, output
// cut off by the token limit, wrong arity, out-of-range or reversed coordinates — and the
// conversion of the 0–1000 grid to pixels of the original image.
#include <QtTest>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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


// Recorded output variants of Gemma-style detection / pointing answers. Each names the objects the
// parser must return (0–1000 grid, y first) and a piece of the problem text it must report ("" for
// none); recordedVariants() also maps every object to pixels of two non-square images.
struct Want {
  std::string label;
  bool box;
  double a, b, c, d;  // box: y1, x1, y2, x2; point: y, x
};
Want B(std::string l, double y1, double x1, double y2, double x2) { return {std::move(l), true, y1, x1, y2, x2}; }
Want P(std::string l, double y, double x) { return {std::move(l), false, y, x, 0, 0}; }

struct Variant {
  const char* name;
  std::string output;
  std::vector<Want> want;
  std::string problem;  // "" = no problems expected
};

const std::vector<Variant>& variants() {
  static const std::vector<Variant> v = {
      {"fenced json list",
       "```json\n[\n  {\"box_2d\": [120, 50, 480, 300], \"label\": \"dog\"},\n"
       "  {\"box_2d\": [200, 600, 950, 990], \"label\": \"bicycle\"}\n]\n```",
       {B("dog", 120, 50, 480, 300), B("bicycle", 200, 600, 950, 990)}, ""},
      {"bare list", "[{\"box_2d\": [0, 0, 1000, 1000], \"label\": \"scene\"}]", {B("scene", 0, 0, 1000, 1000)}, ""},
      {"single object", "{\"box_2d\": [250, 333, 750, 667], \"label\": \"face\"}", {B("face", 250, 333, 750, 667)}, ""},
      {"trailing prose",
       "```json\n[{\"box_2d\": [10, 20, 110, 220], \"label\": \"cup\"}]\n```\nThe cup is on the left of the table.",
       {B("cup", 10, 20, 110, 220)}, ""},
      {"leading prose",
       "I found 2 apples in the image:\n[{\"box_2d\": [300, 100, 420, 210], \"label\": \"apple\"}, "
       "{\"box_2d\": [310, 400, 430, 520], \"label\": \"apple\"}]",
       {B("apple", 300, 100, 420, 210), B("apple", 310, 400, 430, 520)}, ""},
      {"label first", "[{\"label\": \"car\", \"box_2d\": [400, 100, 700, 450]}]", {B("car", 400, 100, 700, 450)}, ""},
      {"label last, pretty printed",
       "[\n    {\n        \"box_2d\": [\n            400,\n            100,\n            700,\n            450\n"
       "        ],\n        \"label\": \"car\"\n    }\n]",
       {B("car", 400, 100, 700, 450)}, ""},
      {"floats", "[{\"box_2d\": [123.4, 56.78, 789.01, 432.1], \"label\": \"lamp\"}]",
       {B("lamp", 123.4, 56.78, 789.01, 432.1)}, ""},
      {"point_2d list",
       "```json\n[{\"point_2d\": [500, 500], \"label\": \"center\"}, {\"point_2d\": [100, 900], \"label\": \"top right\"}]\n```",
       {P("center", 500, 500), P("top right", 100, 900)}, ""},
      {"mixed boxes and points",
       "[{\"box_2d\": [100,100,200,200],\"label\":\"a\"},{\"point_2d\":[600,300],\"label\":\"b\"}]",
       {B("a", 100, 100, 200, 200), P("b", 600, 300)}, ""},
      {"nested objects wrapper",
       "```json\n{\"objects\": [{\"box_2d\": [50, 60, 70, 80], \"label\": \"bird\"}], \"count\": 1}\n```",
       {B("bird", 50, 60, 70, 80)}, ""},
      {"truncated last item",
       "```json\n[{\"box_2d\": [10, 20, 30, 40], \"label\": \"a\"}, {\"box_2d\": [50, 60, 70, 80], \"label\": \"b\"}, "
       "{\"box_2d\": [90, 1",
       {B("a", 10, 20, 30, 40), B("b", 50, 60, 70, 80)}, "item 3: dropped"},
      {"python style quotes and trailing commas",
       "[{'box_2d': [1, 2, 3, 4], 'label': 'x',}, {'point_2d': [5, 6], 'label': 'y'},]",
       {B("x", 1, 2, 3, 4), P("y", 5, 6)}, ""},
      {"extra keys (mask, confidence)",
       "[{\"box_2d\": [100, 200, 300, 400], \"mask\": \"data:image/png;base64,iVBORw0KGgo=\", \"label\": \"cat\", "
       "\"confidence\": 0.93}]",
       {B("cat", 100, 200, 300, 400)}, ""},
      {"empty list", "```json\n[]\n```", {}, ""},
      {"duplicated fences", "```json\n```json\n[{\"box_2d\": [1, 2, 3, 4], \"label\": \"a\"}]\n```\n```",
       {B("a", 1, 2, 3, 4)}, ""},
      {"fence without language", "```\n[{\"box_2d\": [11, 22, 33, 44], \"label\": \"a\"}]\n```", {B("a", 11, 22, 33, 44)},
       ""},
      {"json lines",
       "{\"box_2d\": [1, 2, 3, 4], \"label\": \"a\"}\n{\"point_2d\": [5, 6], \"label\": \"b\"}\n",
       {B("a", 1, 2, 3, 4), P("b", 5, 6)}, ""},
      {"key synonyms",
       "[{\"bbox\": [10, 20, 30, 40], \"name\": \"tv\"}, {\"bounding_box\": [50, 60, 70, 80], \"category\": \"sofa\"},"
       " {\"box\": [1, 2, 3, 4], \"class\": \"chair\"}, {\"point\": [9, 10], \"object\": \"knob\"}]",
       {B("tv", 10, 20, 30, 40), B("sofa", 50, 60, 70, 80), B("chair", 1, 2, 3, 4), P("knob", 9, 10)}, ""},
      {"label to box map", "```json\n{\"cat\": [10, 20, 30, 40], \"dog\": [50, 60, 70, 80]}\n```",
       {B("cat", 10, 20, 30, 40), B("dog", 50, 60, 70, 80)}, ""},
      {"numbers as strings", "[{\"box_2d\": [\"100\", \"200\", \"300\", \"400\"], \"label\": \"tag\"}]",
       {B("tag", 100, 200, 300, 400)}, ""},
      {"reversed corners", "[{\"box_2d\": [600, 400, 200, 300], \"label\": \"car\"}]", {B("car", 200, 300, 600, 400)},
       "swapped"},
      {"out of range", "[{\"box_2d\": [-3, 0, 1002, 500], \"label\": \"tree\"}]", {B("tree", 0, 0, 1000, 500)},
       "clamped"},
      {"no label", "[{\"box_2d\": [1, 2, 3, 4]}]", {B("", 1, 2, 3, 4)}, ""},
      {"CRLF line ends", "```json\r\n[{\"box_2d\": [1, 2, 3, 4],\r\n \"label\": \"a\"}]\r\n```\r\n", {B("a", 1, 2, 3, 4)},
       ""},
      {"unicode label", "[{\"box_2d\": [1, 2, 3, 4], \"label\": \"se\\u00f1al de tr\xC3\xA1" "fico\"}]",
       {B("se\xC3\xB1" "al de tr\xC3\xA1" "fico", 1, 2, 3, 4)}, ""},
      {"two fenced blocks",
       "People:\n```json\n[{\"box_2d\": [1, 2, 3, 4], \"label\": \"person\"}]\n```\nBikes:\n```json\n"
       "[{\"box_2d\": [5, 6, 7, 8], \"label\": \"bike\"}]\n```\n",
       {B("person", 1, 2, 3, 4), B("bike", 5, 6, 7, 8)}, ""},
      {"missing closing bracket", "[{\"box_2d\": [1, 2, 3, 4], \"label\": \"dog\"}", {B("dog", 1, 2, 3, 4)},
       "incomplete"},
      {"bad item among good ones",
       "[{\"box_2d\": [1, 2, 3], \"label\": \"bad\"}, {\"box_2d\": [5, 6, 7, 8], \"label\": \"good\"}]",
       {B("good", 5, 6, 7, 8)}, "item 1: dropped: box_2d has 3 numbers"},
      {"prose only, no objects", "I could not find any giraffes in this image.", {}, ""},
  };
  return v;
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

  void recordedVariants_data() {
    QTest::addColumn<int>("index");
    QVERIFY(variants().size() >= 20);
    for (size_t i = 0; i < variants().size(); ++i) QTest::newRow(variants()[i].name) << int(i);
  }

  // Every variant: the parsed objects, the problems, and the pixel mapping (x from the 2nd / 4th
  // grid number over the width, y from the 1st / 3rd over the height) on landscape and portrait
  // images, both through boxToPixels / pointToPixels and objectsToJson.
  void recordedVariants() {
    QFETCH(int, index);
    const Variant& v = variants()[size_t(index)];
    const BoxParseResult r = parseBoxJson(v.output);
    QVERIFY2(v.problem.empty() ? r.problems.empty() : hasProblem(r, v.problem), problems(r).c_str());
    QCOMPARE(r.objects.size(), v.want.size());
    for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{600, 900}}) {
      const nlohmann::json js = nlohmann::json::parse(objectsToJson(r.objects, w, h));
      QCOMPARE(js.size(), v.want.size());
      for (size_t i = 0; i < v.want.size(); ++i) {
        const Want& e = v.want[i];
        const DetectedObject& o = r.objects[i];
        QCOMPARE(o.label, e.label);
        QCOMPARE(js[i]["label"].get<std::string>(), e.label);
        std::vector<double> px;  // expected pixels, objectsToJson order
        if (e.box) {
          QVERIFY(o.box && !o.point);
          QVERIFY(qFuzzyCompare(o.box->y1 + 1, e.a + 1) && qFuzzyCompare(o.box->x1 + 1, e.b + 1));
          QVERIFY(qFuzzyCompare(o.box->y2 + 1, e.c + 1) && qFuzzyCompare(o.box->x2 + 1, e.d + 1));
          px = {e.b * w / 1000.0, e.a * h / 1000.0, e.d * w / 1000.0, e.c * h / 1000.0};
          const PixelBox p = boxToPixels(*o.box, w, h);
          const double got[] = {p.x0, p.y0, p.x1, p.y1};
          for (size_t k = 0; k < 4; ++k) QVERIFY2(std::fabs(got[k] - px[k]) < 1e-6, v.name);
          QVERIFY(!js[i].contains("point"));
          QCOMPARE(js[i]["box"].size(), size_t(4));
          for (size_t k = 0; k < 4; ++k) QVERIFY2(std::fabs(js[i]["box"][k].get<double>() - px[k]) <= 0.005 + 1e-9, v.name);
        } else {
          QVERIFY(o.point && !o.box);
          QVERIFY(qFuzzyCompare(o.point->y + 1, e.a + 1) && qFuzzyCompare(o.point->x + 1, e.b + 1));
          px = {e.b * w / 1000.0, e.a * h / 1000.0};
          const PixelPoint p = pointToPixels(*o.point, w, h);
          QVERIFY2(std::fabs(p.x - px[0]) < 1e-6 && std::fabs(p.y - px[1]) < 1e-6, v.name);
          QVERIFY(!js[i].contains("box"));
          QCOMPARE(js[i]["point"].size(), size_t(2));
          for (size_t k = 0; k < 2; ++k) QVERIFY2(std::fabs(js[i]["point"][k].get<double>() - px[k]) <= 0.005 + 1e-9, v.name);
        }
        // Every mapped coordinate stays inside the image.
        for (size_t k = 0; k < px.size(); ++k) QVERIFY(px[k] >= 0 && px[k] <= (k % 2 ? h : w));
      }
    }
  }

  // Two anchors written out by hand, so the mapping above is not only checked against itself.
  void nonSquareAnchors() {
    const auto r = parseBoxJson("[{\"box_2d\": [250, 100, 500, 900], \"label\": \"a\"}, {\"point_2d\": [200, 800], \"label\": \"b\"}]");
    QCOMPARE(objectsToJson(r.objects, 1920, 1080),
             std::string("[{\"label\":\"a\",\"box\":[192.0,270.0,1728.0,540.0]},{\"label\":\"b\",\"point\":[1536.0,216.0]}]"));
    QCOMPARE(objectsToJson(r.objects, 600, 900),
             std::string("[{\"label\":\"a\",\"box\":[60.0,225.0,540.0,450.0]},{\"label\":\"b\",\"point\":[480.0,180.0]}]"));
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
