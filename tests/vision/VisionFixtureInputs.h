#pragma once
// The vision encoder's inputs for a fixture set, shared by the tests that run the reference's
// image case (test_vision_parity, test_gguf_parity): the budgets the reference holds, the patches
// of the image at a budget (through the product's preprocessing when gwb_media is built, else the
// processor pixels the reference stores), and the placeholder rows of a prompt.
// Define GWB_HAS_MEDIA (and link gwb_media) to decode the fixture's resized PNGs.
#include <QTest>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <vector>

#include "inference/model/SafetensorsFile.h"
#include "inference/model/VisionEncoder.h"
#ifdef GWB_HAS_MEDIA
#include "inference/media/ImageDecoder.h"
#include "inference/media/VisionPreprocess.h"
#endif

namespace gwb::test {

inline std::vector<int64_t> i64Of(const model::TensorView& t) {
  const auto* p = reinterpret_cast<const int64_t*>(t.data);
  return std::vector<int64_t>(p, p + t.numel());
}

// Budgets B with a reference image.bB.vision_soft_tokens, in file order.
inline std::vector<int> imageBudgets(const model::SafetensorsFile& ref) {
  std::vector<int> out;
  const std::regex re(R"(image\.b(\d+)\.vision_soft_tokens)");
  for (const auto& t : ref.tensors()) {
    std::smatch m;
    if (std::regex_match(t.name, m, re)) out.push_back(std::stoi(m[1].str()));
  }
  return out;
}

struct Patches {
  std::vector<float> pixelValues;   // [rows, 3·patch²]
  std::vector<int64_t> positionIds;  // [rows, 2]
  model::VisionImage image() const { return {pixelValues, positionIds}; }
};

// The stored processor pixels (u8 · float32(1/255)) with the reference positions.
inline std::optional<Patches> patchesFromReference(const model::SafetensorsFile& ref, const std::string& prefix) {
  const model::TensorView* u8 = ref.find(prefix + ".pixel_values_u8");
  if (!u8) return std::nullopt;
  Patches p;
  p.pixelValues.resize(size_t(u8->numel()));
  const auto* b = reinterpret_cast<const uint8_t*>(u8->data);
  for (size_t i = 0; i < p.pixelValues.size(); ++i) p.pixelValues[i] = float(b[i]) * (1.0f / 255.0f);
  p.positionIds = i64Of(ref.tensor(prefix + ".position_ids"));
  return p;
}

#ifdef GWB_HAS_MEDIA
inline Patches fromMedia(const media::ImagePatches& ip) { return {ip.pixelValues, ip.positionIds}; }
#endif

// The image at budget B through the product's preprocessing (the processor's resized PNG →
// preprocessImage, which keeps its size), checked against the reference positions and pixels;
// without gwb_media the stored pixels. nullopt when this build has no pixels for B (or, after a
// QTest failure, when the decoded ones differ from the reference).
inline std::optional<Patches> imagePatches(const std::filesystem::path& dir, const model::SafetensorsFile& ref,
                                           int budget) {
  const std::string prefix = "image.b" + std::to_string(budget);
#ifdef GWB_HAS_MEDIA
  const std::filesystem::path png = dir / ("image_resized_" + std::to_string(budget) + ".png");
  if (std::filesystem::exists(png)) {
    Patches p = fromMedia(media::preprocessImage(media::decodeImageFile(png.string()), budget));
    if (p.positionIds != i64Of(ref.tensor(prefix + ".position_ids"))) {
      QTest::qFail(("position ids of " + png.string() + " differ from the reference").c_str(), __FILE__, __LINE__);
      return std::nullopt;
    }
    if (auto stored = patchesFromReference(ref, prefix)) {
      if (stored->pixelValues != p.pixelValues) {
        QTest::qFail(("pixel values of " + png.string() + " differ from the reference").c_str(), __FILE__, __LINE__);
        return std::nullopt;
      }
    }
    return p;
  }
#else
  (void)dir;
#endif
  return patchesFromReference(ref, prefix);
}

// Placeholder rows: softRow[t] = the t-th placeholder's index into the embeddings, else -1.
inline std::vector<int32_t> softRowsFor(std::span<const int32_t> ids, int64_t placeholder, size_t& count) {
  std::vector<int32_t> rows(ids.size(), -1);
  count = 0;
  for (size_t t = 0; t < ids.size(); ++t) {
    if (ids[t] == placeholder) rows[t] = int32_t(count++);
  }
  return rows;
}

}  // namespace gwb::test
