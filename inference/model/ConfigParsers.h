#pragma once
// Section parsers behind ModelConfig::parse (internal to gwb_model; tests use ModelConfig::parse).
#include "inference/model/ConfigObject.h"
#include "inference/model/MediaConfig.h"
#include "inference/model/TextConfig.h"

namespace gwb::model {

TextConfig parseTextConfig(const ConfigObject& obj);
VisionConfig parseVisionConfig(const ConfigObject& obj);
AudioConfig parseAudioConfig(const ConfigObject& obj);

}  // namespace gwb::model
