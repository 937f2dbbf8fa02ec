#include "inference/media/VisionTargetSize.h"

#include "inference/media/MediaError.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace gwb::media {

bool isSupportedSoftTokenBudget(int budget) {
    return budget == 70 || budget == 140 || budget == 280 || budget == 560 || budget == 1120;
}

int maxPatchesForBudget(int budget) {
    if (!isSupportedSoftTokenBudget(budget)) {
        throw std::invalid_argument("unsupported soft-token budget " + std::to_string(budget) +
                                    " (use 70, 140, 280, 560 or 1120)");
    }
    return budget * kPoolingKernel * kPoolingKernel;
}

TargetSize visionTargetSize(int width, int height, int budget) {
    const int maxPatches = maxPatchesForBudget(budget);
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("visionTargetSize: picture size must be positive");
    }
    // Same operations, same order, same double rounding as the Python reference.
    const double totalPx = static_cast<double>(height) * static_cast<double>(width);
    const double targetPx = static_cast<double>(maxPatches) * kPatchSize * kPatchSize;
    const double factor = std::sqrt(targetPx / totalPx);
    long long h = static_cast<long long>(std::floor(factor * height / kSideMultiple)) * kSideMultiple;
    long long w = static_cast<long long>(std::floor(factor * width / kSideMultiple)) * kSideMultiple;
    if (h == 0 && w == 0) {
        throw MediaError("", "picture of " + std::to_string(width) + "x" + std::to_string(height) +
                                 " is too small for the vision encoder");
    }
    const long long maxSide = static_cast<long long>(maxPatches / 9) * kSideMultiple;
    if (h == 0) {
        h = kSideMultiple;
        w = std::min(static_cast<long long>(std::floor(static_cast<double>(width) / height)) * kSideMultiple, maxSide);
    } else if (w == 0) {
        w = kSideMultiple;
        h = std::min(static_cast<long long>(std::floor(static_cast<double>(height) / width)) * kSideMultiple, maxSide);
    }
    if (static_cast<double>(h) * static_cast<double>(w) > targetPx) {
        throw MediaError("", "picture of " + std::to_string(width) + "x" + std::to_string(height) +
                                 " has too extreme an aspect ratio for budget " + std::to_string(budget));
    }
    return TargetSize{static_cast<int>(w), static_cast<int>(h)};
}

} // namespace gwb::media
