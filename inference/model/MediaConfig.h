#pragma once
// Vision and audio tower configurations (HF `Gemma4VisionConfig`, `Gemma4AudioConfig`;
// design/gemma4-media.md §1.1-1.2) with Hugging Face's defaults, and the top-level media token ids.
#include <cstdint>
#include <string>
#include <vector>

namespace gwb::model {

struct VisionConfig {
  int64_t hiddenSize = 768;
  int64_t intermediateSize = 3072;  // GeGLU width
  int numLayers = 16;
  int numAttentionHeads = 12;
  int numKeyValueHeads = 12;
  int headDim = 64;
  std::string hiddenActivation = "gelu_pytorch_tanh";
  double rmsNormEps = 1e-6;
  int64_t maxPositionEmbeddings = 131072;
  bool attentionBias = false;
  std::string ropeType = "default";  // released configs say "axial" (2-D RoPE over x and y)
  double ropeTheta = 100.0;
  int poolingKernelSize = 3;
  int patchSize = 16;
  int64_t positionEmbeddingSize = 10240;  // rows per axis of the learned position table
  bool useClippedLinears = false;
  bool standardize = false;      // 26B/31B: std_bias / std_scale on the pooled soft tokens
  int defaultOutputLength = 280;  // soft tokens per image at the default budget
};

struct AudioConfig {
  int64_t hiddenSize = 1024;
  int numLayers = 12;
  int numAttentionHeads = 8;
  std::string hiddenAct = "silu";
  std::vector<int64_t> subsamplingConvChannels = {128, 32};
  int convKernelSize = 5;
  double residualWeight = 0.5;
  int attentionChunkSize = 12;
  int attentionContextLeft = 13;
  int attentionContextRight = 0;
  double attentionLogitCap = 50.0;
  double attentionInvalidLogitsValue = -1.0e9;
  bool useClippedLinears = true;
  double rmsNormEps = 1e-6;
  double gradientClipping = 1e10;
  int64_t outputProjDims = 1536;

  int64_t headDim() const { return hiddenSize / numAttentionHeads; }
};

// Top-level Gemma4Config token ids (defaults = the released models' ids).
struct MediaTokenIds {
  int64_t boi = 255999;    // <|image>
  int64_t eoi = 258882;    // <image|>
  int64_t image = 258880;  // <|image|> soft-token placeholder
  int64_t video = 258884;  // <|video|>
  int64_t boa = 256000;    // <|audio>
  int64_t eoa = 258883;    // <audio|> (eoa_token_index or eoa_token_id)
  int64_t audio = 258881;  // <|audio|>
};

}  // namespace gwb::model
