#pragma once
// The model configuration of a Gemma 4 GGUF pair (text file arch "gemma4", mmproj arch "clip")
// in both directions: ModelConfig from the metadata keys llama.cpp's converter writes
// (design/gemma4-text.md §6.2, gemma4-media.md §9.2), and those keys from a ModelConfig. What the
// keys do not carry comes from the tensors (vocab size, PLE table, partial RoPE via rope_freqs,
// vision position table, audio conv channels, clipped linears) or is fixed for Gemma 4 exactly as
// llama.cpp fixes it (vision RoPE θ 100, audio chunking and eps 1e-6, activations).
#include <optional>
#include <string>

#include "inference/model/GenerationConfig.h"
#include "inference/model/GgufFile.h"
#include "inference/model/GgufWriter.h"
#include "inference/model/ModelConfig.h"

namespace gwb::model {

// Throws CheckpointError naming the file and key for a file of another architecture, a missing
// required key, or values that contradict the tensors.
ModelConfig modelConfigFromGguf(const GgufFile& text, const GgufFile* mmproj);
// Stop tokens and sampling defaults: eos from tokenizer.ggml.eos_token_id plus Gemma 4's
// end-of-turn tokens (<turn|>, <|tool_response>) when the vocab has them — the ids a Gemma 4
// generation_config.json lists — and general.sampling.* when present.
GenerationConfig generationConfigFromGguf(const GgufFile& text, const ModelConfig& cfg);

// The keys of the text file (general.*, gemma4.*), without the tokenizer.
void writeGemma4TextMetadata(GgufWriter& w, const ModelConfig& cfg, const std::string& name, uint32_t fileType);
// The keys of the mmproj (general.*, clip.*). cfg must have a vision or an audio tower.
void writeGemma4MmprojMetadata(GgufWriter& w, const ModelConfig& cfg, const std::string& name, uint32_t fileType);
// general.sampling.* from a generation config.
void writeSamplingMetadata(GgufWriter& w, const GenerationConfig& g);

// The rope_freqs.weight values llama.cpp generates for proportional RoPE on full layers:
// angles x 1.0 then (globalHeadDim/2 - angles) x 1e30.
std::vector<float> gemma4RopeFreqs(const TextConfig& t);

}  // namespace gwb::model
