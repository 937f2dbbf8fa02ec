#pragma once
// Vision encoder input for one picture: 16×16 patches, their (x, y) grid positions, padded to the
// budget's max_patches rows, exactly as transformers' Gemma4ImageProcessor / Gemma4VideoProcessor
// return pixel_values and image_position_ids.
#include "inference/media/RgbImage.h"

#include <cstdint>
#include <vector>

namespace gwb::media {

constexpr int kPatchValues = 16 * 16 * 3; // 768 values per patch

// How pixel values become floats. The image processor multiplies by float32(1/255); the video
// processor divides by 255. The two differ in the last bit for some values, so keep them apart.
enum class PixelRescale { MultiplyByInverse255, DivideBy255 };

struct ImagePatches {
    int maxPatches = 0;      // padded row count (= budget·9)
    int patchesW = 0;        // Wp = resized width / 16 (multiple of 3)
    int patchesH = 0;        // Hp = resized height / 16
    int numPatches = 0;      // Hp·Wp real rows; rows [numPatches, maxPatches) are padding
    int numSoftTokens = 0;   // numPatches / 9: tokens after the 3×3 pooling
    // [maxPatches × 768] float32. Row p = py·Wp + px; value (dy·16 + dx)·3 + c is pixel
    // (16·px + dx, 16·py + dy), channel c, rescaled to [0, 1]. Padding rows are 0.
    std::vector<float> pixelValues;
    // [maxPatches × 2] int64: (px, py) per real patch, (−1, −1) for padding rows.
    std::vector<int64_t> positionIds;
};

// Cuts a resized picture (both sides multiples of 48) into patches. Throws std::invalid_argument if
// the sides are not multiples of 48 or the patches do not fit into `maxPatches`.
ImagePatches patchifyImage(const RgbImage& resized, int maxPatches, PixelRescale rescale);

} // namespace gwb::media
