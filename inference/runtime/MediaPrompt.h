#pragma once
// Media prompts: a Conversation with image / audio / video parts plus each item's soft embeddings
// become the (ids, softEmbeddings, softRow) that Session::prefillWithEmbeddings (or a
// GenerateRequest) takes. The chat template renders one placeholder per item (<|image|>,
// <|audio|>, <|video|>); each is expanded as Gemma4Processor does (design/gemma4-text.md §7.4):
//   image: <|image>  + n × <|image|> + <image|>
//   audio: <|audio>  + n × <|audio|> + <audio|>
//   video: per frame "mm:ss " + <|image> + n × <|video|> + <image|>, frames joined by " "
// with n the item's real soft-token count; ids come from config.json (MediaTokenIds).
//
//   auto img = embedImage(model, {patches.pixelValues, patches.positionIds});
//   Conversation c; c.messages.push_back(userMessage({ContentPart::Kind::Image}, "Describe it."));
//   MediaPrompt p = buildMediaPrompt(model, c, std::span(&img, 1), {});
#include <span>
#include <string>
#include <vector>

#include "inference/runtime/LoadedModel.h"
#include "inference/text/ChatTemplate.h"
#include "inference/text/Conversation.h"

namespace gwb::runtime {

// One media item's soft tokens, given in the order the items appear in the conversation.
struct MediaEmbedding {
  text::ContentPart::Kind kind = text::ContentPart::Kind::Image;
  uint32_t tokens = 0;
  std::vector<float> rows;  // [tokens, text hidden]
  // Video only: soft tokens of each frame (summing to `tokens`) and its time in seconds.
  std::vector<uint32_t> frameTokens;
  std::vector<double> frameSeconds;
};

struct MediaPrompt {
  std::vector<int32_t> ids;
  std::vector<float> softEmbeddings;  // [soft tokens, text hidden], all items in prompt order
  std::vector<int32_t> softRow;       // [ids]: row of softEmbeddings, −1 for text tokens
};

// Renders, tokenizes and expands. Throws std::invalid_argument when the model has no tokenizer or
// template, when the rendered placeholders do not match `media` (count or kind), or when an item's
// row count does not match its tokens.
MediaPrompt buildMediaPrompt(const LoadedModel& model, const text::Conversation& conversation,
                             std::span<const MediaEmbedding> media, const text::RenderOptions& options);

// A user message with the media parts first and the text after them (model card: "place image
// and/or audio content before the text").
// The reference's stamp before each video frame: f"{int(t // 60):02d}:{int(t % 60):02d}" (minutes
// may exceed 59). The video token plan counts the same text.
std::string frameTimestamp(double seconds);

text::Message userMessage(std::span<const text::ContentPart::Kind> media, std::string text);

// The model's encoders on one preprocessed item (throw std::runtime_error if the model has no
// such encoder). Pixels/positions as media::ImagePatches; features as media::LogMelFeatures.
MediaEmbedding embedImage(const LoadedModel& model, const model::VisionImage& image);
MediaEmbedding embedAudio(const LoadedModel& model, std::span<const float> features, uint32_t melBins,
                          std::span<const uint8_t> mask);

}  // namespace gwb::runtime
