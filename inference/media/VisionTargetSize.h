#pragma once
// The resize target of Gemma 4's image and video processors for a soft-token budget
// (transformers get_aspect_ratio_preserving_size), computed in double exactly as Python does.
namespace gwb::media {

constexpr int kPatchSize = 16;       // vision patch side in pixels
constexpr int kPoolingKernel = 3;    // 3×3 patches pool into one soft token
constexpr int kSideMultiple = kPatchSize * kPoolingKernel; // 48: both target sides are multiples of it

// Budgets the processors accept (Gemma4ImageProcessor._SUPPORTED_SOFT_TOKENS).
bool isSupportedSoftTokenBudget(int budget);

// max_patches = budget · 9: the padded row count of pixel_values (630 / 1260 / 2520 / 5040 / 10080).
int maxPatchesForBudget(int budget);

struct TargetSize {
    int width = 0;
    int height = 0;
};

// Aspect-preserving size for a width×height picture: scale by √(max_patches·256 / (H·W)) (up or down),
// round each side down to a multiple of 48; a side that rounds to 0 becomes 48 and the other side
// floor(long/short)·48, capped at budget·48. Throws std::invalid_argument for an unsupported budget
// or non-positive size, and MediaError (no path) for aspect ratios the processor also rejects.
TargetSize visionTargetSize(int width, int height, int budget);

} // namespace gwb::media
