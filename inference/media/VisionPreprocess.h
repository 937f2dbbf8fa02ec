#pragma once
// Whole vision preprocessing for one picture: aspect-preserving resize to the budget's target size
// (resizeBicubicAntialias), then patchify. Matches transformers' Gemma4ImageProcessor (images) and
// Gemma4VideoProcessor (each video frame; default budget 70).
#include "inference/media/ImagePatches.h"
#include "inference/media/RgbImage.h"

namespace gwb::media {

// budget ∈ {70, 140, 280, 560, 1120}. Throws std::invalid_argument for other budgets.
ImagePatches preprocessImage(const RgbImage& image, int budget);

ImagePatches preprocessVideoFrame(const RgbImage& frame, int budget = 70);

// The resized picture alone (what the processors feed to patchify), for previews and tests.
RgbImage resizeForVision(const RgbImage& image, int budget);

} // namespace gwb::media
