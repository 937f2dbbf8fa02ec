#pragma once
// Which released Gemma 4 model a config describes, and whether the engine can run it yet.
#include <optional>
#include <string>

#include "inference/model/ModelConfig.h"

namespace gwb::model {

enum class Variant { E2B, E4B, A4B26B, Dense31B, Custom };

// Recognised from the text decoder's shape (layer count and hidden size, as llama.cpp does with
// the layer count): 35/1536 E2B, 42/2560 E4B, 30/2816 (MoE) 26B-A4B, 60/5376 31B; anything else
// (the tiny test models, fine-tunes with new shapes) is Custom.
Variant recognizeVariant(const TextConfig& text);
// "E2B", "E4B", "26B-A4B", "31B", "custom"
std::string variantName(Variant v);

// nullopt when the engine supports this config; otherwise one plain sentence saying what is
// recognised and what is missing, e.g. "26B-A4B (mixture of experts) is recognised but not
// supported yet: ...".
std::optional<std::string> unsupportedReason(const ModelConfig& cfg);

}  // namespace gwb::model
