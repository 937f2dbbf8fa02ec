// libFuzzer target: parseBoxJson on arbitrary model output. It never throws; every object it
// returns has a box or a point inside the 0–1000 grid with ordered corners, and the pixel JSON
// writer accepts whatever labels came through (bytes that are not UTF-8 included).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "inference/text/BoxJson.h"

namespace {
bool onGrid(double v) { return v >= 0 && v <= 1000; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gwb::text::BoxParseResult r = gwb::text::parseBoxJson(text);
  for (const gwb::text::DetectedObject& o : r.objects) {
    if (!o.box && !o.point) std::abort();
    if (o.box && !(onGrid(o.box->y1) && onGrid(o.box->x1) && onGrid(o.box->y2) && onGrid(o.box->x2) &&
                   o.box->y1 <= o.box->y2 && o.box->x1 <= o.box->x2))
      std::abort();
    if (o.point && !(onGrid(o.point->y) && onGrid(o.point->x))) std::abort();
  }
  (void)gwb::text::objectsToJson(r.objects, 1920, 1080);
  return 0;
}
