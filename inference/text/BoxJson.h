#pragma once
// Reads the boxes and points Gemma 4 writes when asked to detect or point at things:
//   ```json
//   [{"box_2d": [y1, x1, y2, x2], "label": "cat"}, {"point_2d": [y, x], "label": "dog"}]
//   ```
// Coordinates are on a 0–1000 grid over the image, y first (the Gemini convention). The model's
// JSON is often imperfect: prose around it, several fenced blocks, trailing commas, single
// quotes, or output cut off by the token limit. The parser keeps every item it can read whole
// and writes one line per item it had to fix or drop, so nothing is lost silently.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gwb::text {

struct Box2d {
  double y1, x1, y2, x2;  // 0–1000 grid as the model writes it, y1 <= y2, x1 <= x2 once parsed
};
struct Point2d {
  double y, x;
};
struct DetectedObject {
  std::string label;  // "" when the model gave none
  std::optional<Box2d> box;
  std::optional<Point2d> point;
};
struct BoxParseResult {
  std::vector<DetectedObject> objects;
  // One line per malformed or repaired item ("item 3: box_2d has 3 numbers"); items are counted
  // from 1 in the order they appear, dropped ones included.
  std::vector<std::string> problems;
};

// Accepted keys: box_2d (also box, bbox, bounding_box), point_2d (also point), label (also name,
// object, class, category). Extra keys such as "mask" are ignored. Also accepted: a wrapper
// object ({"objects": [...]}) and a label → box map ({"cat": [y1, x1, y2, x2]}). Values outside
// [0,1000] are clamped and reversed corners swapped, each with a note. Never throws.
BoxParseResult parseBoxJson(std::string_view modelOutput);

struct PixelBox {
  double x0, y0, x1, y1;
};
struct PixelPoint {
  double x, y;
};
// From the 0–1000 grid to pixels of the original image (the grid spans the whole image, whatever
// resizing the vision preprocessor did). Throws std::invalid_argument for a size <= 0.
PixelBox boxToPixels(const Box2d& box, int imageWidth, int imageHeight);
PixelPoint pointToPixels(const Point2d& point, int imageWidth, int imageHeight);

// [{"label": "cat", "box": [x0, y0, x1, y1], "point": [x, y]}, ...] in pixels rounded to 0.01;
// "box" / "point" appear only when the object has one. Invalid UTF-8 in labels becomes U+FFFD.
std::string objectsToJson(const std::vector<DetectedObject>& objects, int imageWidth, int imageHeight);

}  // namespace gwb::text
