#pragma once
// Expected tensors of the vision and audio towers and their projections into the text model
// (design/gemma4-media.md §8), derived from the configs. Used for parameter counts and memory
// estimates without a checkpoint (`info --random-weights`), and to check a checkpoint's towers.
#include <cstdint>
#include <vector>

#include "inference/model/MediaConfig.h"
#include "inference/model/WeightSpec.h"

namespace gwb::model {

// model.vision_tower.* plus model.embed_vision.embedding_projection.weight [textHidden, hidden].
std::vector<WeightSpec> visionWeights(const VisionConfig& cfg, int64_t textHidden);
// model.audio_tower.* plus model.embed_audio.embedding_projection.weight [textHidden, output_proj_dims].
std::vector<WeightSpec> audioWeights(const AudioConfig& cfg, int64_t textHidden);

// Mel bins of the audio feature extractor (fixed by Gemma4AudioFeatureExtractor, not in config.json);
// the sub-sampling convs halve them twice, so input_proj_linear reads channels[1] * 128 / 4 values.
inline constexpr int64_t kAudioMelBins = 128;

}  // namespace gwb::model
