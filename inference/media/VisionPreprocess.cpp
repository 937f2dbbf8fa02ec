#include "inference/media/VisionPreprocess.h"

#include "inference/media/ImageResize.h"
#include "inference/media/VisionTargetSize.h"

namespace gwb::media {

RgbImage resizeForVision(const RgbImage& image, int budget) {
    const TargetSize target = visionTargetSize(image.width, image.height, budget);
    if (target.width == image.width && target.height == image.height) {
        return image; // the processor skips the resize when the size already fits
    }
    return resizeBicubicAntialias(image, target.width, target.height);
}

ImagePatches preprocessImage(const RgbImage& image, int budget) {
    return patchifyImage(resizeForVision(image, budget), maxPatchesForBudget(budget),
                         PixelRescale::MultiplyByInverse255);
}

ImagePatches preprocessVideoFrame(const RgbImage& frame, int budget) {
    return patchifyImage(resizeForVision(frame, budget), maxPatchesForBudget(budget), PixelRescale::DivideBy255);
}

} // namespace gwb::media
