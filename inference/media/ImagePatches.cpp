#include "inference/media/ImagePatches.h"

#include "inference/media/VisionTargetSize.h"

#include <stdexcept>
#include <string>

namespace gwb::media {

ImagePatches patchifyImage(const RgbImage& resized, int maxPatches, PixelRescale rescale) {
    if (resized.width <= 0 || resized.height <= 0 || resized.width % kSideMultiple != 0 ||
        resized.height % kSideMultiple != 0) {
        throw std::invalid_argument("patchifyImage: sides must be positive multiples of 48, got " +
                                    std::to_string(resized.width) + "x" + std::to_string(resized.height));
    }
    ImagePatches out;
    out.maxPatches = maxPatches;
    out.patchesW = resized.width / kPatchSize;
    out.patchesH = resized.height / kPatchSize;
    out.numPatches = out.patchesW * out.patchesH;
    out.numSoftTokens = out.numPatches / (kPoolingKernel * kPoolingKernel);
    if (out.numPatches > maxPatches) {
        throw std::invalid_argument("patchifyImage: " + std::to_string(out.numPatches) + " patches exceed max_patches " +
                                    std::to_string(maxPatches));
    }
    out.pixelValues.assign(static_cast<size_t>(maxPatches) * kPatchValues, 0.0f);
    out.positionIds.assign(static_cast<size_t>(maxPatches) * 2, -1);

    // The value table makes the two rescale rules explicit (and is faster than per-pixel math).
    float table[256];
    const float inverse = 1.0f / 255.0f; // float32(1/255), what the image processor multiplies by
    for (int v = 0; v < 256; ++v) {
        table[v] = rescale == PixelRescale::MultiplyByInverse255 ? static_cast<float>(v) * inverse
                                                                  : static_cast<float>(v) / 255.0f;
    }
    for (int py = 0; py < out.patchesH; ++py) {
        for (int px = 0; px < out.patchesW; ++px) {
            const size_t patch = static_cast<size_t>(py) * static_cast<size_t>(out.patchesW) + static_cast<size_t>(px);
            float* dst = &out.pixelValues[patch * kPatchValues];
            for (int dy = 0; dy < kPatchSize; ++dy) {
                const uint8_t* src = resized.row(py * kPatchSize + dy) + static_cast<size_t>(px) * kPatchSize * 3u;
                for (int k = 0; k < kPatchSize * 3; ++k) { // (dx, c) pairs, channel fastest
                    dst[dy * kPatchSize * 3 + k] = table[src[k]];
                }
            }
            out.positionIds[patch * 2 + 0] = px;
            out.positionIds[patch * 2 + 1] = py;
        }
    }
    return out;
}

} // namespace gwb::media
