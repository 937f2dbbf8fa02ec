#include "inference/text/BoxJson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "inference/text/LenientJson.h"

namespace gwb::text {
namespace {

using Kind = LenientValue::Kind;

constexpr std::string_view kBoxKeys[] = {"box_2d", "box", "bbox", "bounding_box"};
constexpr std::string_view kPointKeys[] = {"point_2d", "point"};
constexpr std::string_view kLabelKeys[] = {"label", "name", "object", "class", "category"};

template <size_t N>
const LenientMember* findMember(const LenientValue& obj,
                                                         const std::string_view (&keys)[N]) {
  for (std::string_view key : keys)
    for (const auto& m : obj.members)
      if (m.key == key) return &m;
  return nullptr;
}

std::string formatNumber(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// The text of each ```-fenced block (the language tag line skipped; an unclosed fence runs to the
// end, as when output is cut off), or the whole output when it has no fence.
std::vector<std::string_view> jsonRegions(std::string_view text) {
  std::vector<std::string_view> regions;
  size_t pos = 0;
  for (;;) {
    const size_t open = text.find("```", pos);
    if (open == std::string_view::npos) break;
    size_t body = text.find('\n', open + 3);
    body = body == std::string_view::npos ? text.size() : body + 1;
    const size_t close = text.find("```", body);
    regions.push_back(text.substr(body, (close == std::string_view::npos ? text.size() : close) - body));
    if (close == std::string_view::npos) break;
    pos = close + 3;
  }
  if (regions.empty()) regions.push_back(text);
  return regions;
}

class Collector {
 public:
  BoxParseResult result;

  // Walks one parsed value; returns how many items it held (kept or dropped).
  int collect(const LenientValue& v) {
    const int before = itemNo_;
    if (v.kind == Kind::Array) {
      for (const LenientValue& e : v.items)
        if (e.kind == Kind::Array || e.kind == Kind::Object) collect(e);
    } else if (v.kind == Kind::Object) {
      if (findMember(v, kBoxKeys) || findMember(v, kPointKeys)) {
        item(v);
      } else {
        for (const auto& [key, value] : v.members) {
          if (looksLikeBox(value)) labelledBox(key, value);
          else if (value.kind == Kind::Array || value.kind == Kind::Object) collect(value);
        }
      }
    }
    return itemNo_ - before;
  }

  void note(std::string line) { result.problems.push_back(std::move(line)); }

 private:
  // {"cat": [y1, x1, y2, x2]}: a list of numbers under a key that is not a known one.
  static bool looksLikeBox(const LenientValue& v) {
    if (v.kind != Kind::Array || v.items.empty() || (v.items.size() != 4 && v.complete)) return false;
    return std::all_of(v.items.begin(), v.items.end(),
                       [](const LenientValue& e) { return e.kind == Kind::Number; });
  }

  void labelledBox(const std::string& label, const LenientValue& box) {
    ++itemNo_;
    DetectedObject obj{label, std::nullopt, std::nullopt};
    std::vector<std::string> notes;
    obj.box = readBox(box, "box", notes);
    finish(std::move(obj), notes);
  }

  void item(const LenientValue& v) {
    ++itemNo_;
    DetectedObject obj;
    std::vector<std::string> notes;
    if (const auto* label = findMember(v, kLabelKeys)) {
      const LenientValue& l = label->value;
      if (!l.complete) notes.push_back(label->key + " is cut off");
      else if (l.kind == Kind::String || l.kind == Kind::Number || l.kind == Kind::Bool) obj.label = l.text;
      else notes.push_back(label->key + " is not text");
    }
    if (const auto* box = findMember(v, kBoxKeys)) obj.box = readBox(box->value, box->key, notes);
    if (const auto* point = findMember(v, kPointKeys)) {
      std::vector<double> n;
      if (readNumbers(point->value, point->key, 2, n, notes)) obj.point = Point2d{n[0], n[1]};
    }
    // A label cut off mid-word would be wrong, not just short: drop the whole item.
    if (!v.complete && obj.label.empty() && findMember(v, kLabelKeys)) {
      obj.box.reset();
      obj.point.reset();
    }
    finish(std::move(obj), notes);
  }

  void finish(DetectedObject obj, const std::vector<std::string>& notes) {
    const bool keep = obj.box || obj.point;
    std::string line;
    for (const std::string& n : notes) line += (line.empty() ? "" : "; ") + n;
    if (!keep) {
      note("item " + std::to_string(itemNo_) + ": dropped: " + (line.empty() ? "no usable box_2d or point_2d" : line));
      return;
    }
    if (!line.empty()) note("item " + std::to_string(itemNo_) + ": " + line);
    result.objects.push_back(std::move(obj));
  }

  std::optional<Box2d> readBox(const LenientValue& v, const std::string& key, std::vector<std::string>& notes) {
    std::vector<double> n;
    if (!readNumbers(v, key, 4, n, notes)) return std::nullopt;
    Box2d b{n[0], n[1], n[2], n[3]};
    // A reversed box is still the same region; the model sometimes writes the corners the other way.
    if (b.y1 > b.y2) {
      std::swap(b.y1, b.y2);
      notes.push_back(key + " has y1 > y2, swapped");
    }
    if (b.x1 > b.x2) {
      std::swap(b.x1, b.x2);
      notes.push_back(key + " has x1 > x2, swapped");
    }
    return b;
  }

  // Exactly `count` finite numbers (JSON numbers or numeric strings), each clamped to [0,1000].
  static bool readNumbers(const LenientValue& v, const std::string& key, size_t count, std::vector<double>& out,
                          std::vector<std::string>& notes) {
    if (v.kind != Kind::Array) {
      notes.push_back(key + " is not a list");
      return false;
    }
    if (!v.complete) {
      notes.push_back(key + " is cut off after " + std::to_string(v.items.size()) + " numbers");
      return false;
    }
    if (v.items.size() != count) {
      notes.push_back(key + " has " + std::to_string(v.items.size()) + " numbers, expected " + std::to_string(count));
      return false;
    }
    for (size_t i = 0; i < count; ++i) {
      const LenientValue& e = v.items[i];
      double d = 0;
      const char* first = e.text.data();
      const char* last = first + e.text.size();
      const auto r = std::from_chars(first, last, d);
      const bool ok = (e.kind == Kind::Number || e.kind == Kind::String) && !e.text.empty() &&
                      r.ec == std::errc() && r.ptr == last && std::isfinite(d);
      if (!ok) {
        notes.push_back(key + "[" + std::to_string(i) + "] is not a number");
        return false;
      }
      if (d < 0 || d > 1000) {
        const double c = std::clamp(d, 0.0, 1000.0);
        notes.push_back(key + " value " + formatNumber(d) + " clamped to " + formatNumber(c));
        d = c;
      }
      out.push_back(d);
    }
    return true;
  }

  int itemNo_ = 0;
};

double round2(double v) { return std::round(v * 100.0) / 100.0; }

void checkSize(int w, int h) {
  if (w <= 0 || h <= 0)
    throw std::invalid_argument("image size " + std::to_string(w) + "x" + std::to_string(h) + " is not positive");
}

}  // namespace

BoxParseResult parseBoxJson(std::string_view modelOutput) {
  Collector c;
  int total = 0;
  auto scan = [&](std::string_view region) {
    // Any '{' or '[' may start the JSON; prose brackets ("[sic]") parse to nothing and are skipped.
    size_t pos = 0;
    while ((pos = region.find_first_of("{[", pos)) != std::string_view::npos) {
      const LenientParse p = parseLenientJson(region, pos);
      const int items = p.found ? c.collect(p.value) : 0;
      if (items > 0 && !p.error.empty()) c.note("the JSON is incomplete (" + p.error + ")");
      total += items;
      pos = std::max(p.end, pos + 1);
    }
  };
  const std::vector<std::string_view> regions = jsonRegions(modelOutput);
  for (std::string_view region : regions) scan(region);
  // Fences that do not pair up ("```json\n```json\n[...]\n```\n```") leave the JSON outside every
  // block: when the blocks hold no item, read the whole output instead.
  const bool fenced = regions.size() != 1 || regions[0].size() != modelOutput.size();
  if (total == 0 && fenced) scan(modelOutput);
  return std::move(c.result);
}

PixelBox boxToPixels(const Box2d& box, int imageWidth, int imageHeight) {
  checkSize(imageWidth, imageHeight);
  const double sx = imageWidth / 1000.0, sy = imageHeight / 1000.0;
  return {box.x1 * sx, box.y1 * sy, box.x2 * sx, box.y2 * sy};
}

PixelPoint pointToPixels(const Point2d& point, int imageWidth, int imageHeight) {
  checkSize(imageWidth, imageHeight);
  return {point.x * imageWidth / 1000.0, point.y * imageHeight / 1000.0};
}

std::string objectsToJson(const std::vector<DetectedObject>& objects, int imageWidth, int imageHeight) {
  checkSize(imageWidth, imageHeight);
  // ordered_json keeps "label" first, as a reader expects.
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const DetectedObject& o : objects) {
    nlohmann::ordered_json j = {{"label", o.label}};
    if (o.box) {
      const PixelBox b = boxToPixels(*o.box, imageWidth, imageHeight);
      j["box"] = {round2(b.x0), round2(b.y0), round2(b.x1), round2(b.y1)};
    }
    if (o.point) {
      const PixelPoint p = pointToPixels(*o.point, imageWidth, imageHeight);
      j["point"] = {round2(p.x), round2(p.y)};
    }
    out.push_back(std::move(j));
  }
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace gwb::text
