#include "inference/runtime/MediaPrompt.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace gwb::runtime {

namespace {

using Kind = text::ContentPart::Kind;

const char* kindName(Kind k) {
  switch (k) {
    case Kind::Image: return "image";
    case Kind::Audio: return "audio";
    case Kind::Video: return "video";
    case Kind::Text: break;
  }
  return "text";
}

// Appends n soft tokens `id` whose rows start at `firstRow`.
void appendSoft(MediaPrompt& p, int32_t id, uint32_t n, int32_t firstRow) {
  for (uint32_t i = 0; i < n; ++i) {
    p.ids.push_back(id);
    p.softRow.push_back(firstRow + int32_t(i));
  }
}

void appendText(MediaPrompt& p, const std::vector<int32_t>& ids) {
  p.ids.insert(p.ids.end(), ids.begin(), ids.end());
  p.softRow.insert(p.softRow.end(), ids.size(), -1);
}

void appendMarker(MediaPrompt& p, int64_t id) { appendText(p, {int32_t(id)}); }

}  // namespace

std::string frameTimestamp(double seconds) {  // HF: f"{int(t//60):02d}:{int(t%60):02d}"
  const long t = long(std::max(0.0, seconds));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", t / 60, t % 60);
  return buf;
}

MediaPrompt buildMediaPrompt(const LoadedModel& model, const text::Conversation& conversation,
                             std::span<const MediaEmbedding> media, const text::RenderOptions& options) {
  const text::Tokenizer* tok = model.tokenizer();
  if (!tok || !model.chatTemplate()) {
    throw std::invalid_argument("the model folder has no tokenizer.json or chat template");
  }
  const model::MediaTokenIds& t = model.config().tokens;
  const size_t hidden = size_t(model.config().text.hiddenSize);
  const std::vector<int32_t> rendered = tok->encode(model.chatTemplate()->render(conversation, options), false);

  MediaPrompt p;
  size_t next = 0;
  for (const int32_t id : rendered) {
    Kind kind = Kind::Text;
    if (id == t.image) kind = Kind::Image;
    if (id == t.audio) kind = Kind::Audio;
    if (id == t.video) kind = Kind::Video;
    if (kind == Kind::Text) {
      appendText(p, {id});
      continue;
    }
    if (next >= media.size()) {
      throw std::invalid_argument("the prompt has more media placeholders than the " + std::to_string(media.size()) +
                                  " media items given");
    }
    const MediaEmbedding& m = media[next++];
    if (m.kind != kind) {
      throw std::invalid_argument(std::string("media item ") + std::to_string(next) + " is " + kindName(m.kind) +
                                  " but its placeholder is " + kindName(kind));
    }
    if (m.rows.size() != size_t(m.tokens) * hidden) {
      throw std::invalid_argument(std::string(kindName(m.kind)) + " embedding has " + std::to_string(m.rows.size()) +
                                  " values, expected " + std::to_string(m.tokens) + " x " + std::to_string(hidden));
    }
    const int32_t first = int32_t(p.softEmbeddings.size() / hidden);
    p.softEmbeddings.insert(p.softEmbeddings.end(), m.rows.begin(), m.rows.end());
    if (kind == Kind::Image || kind == Kind::Audio) {
      const bool image = kind == Kind::Image;
      appendMarker(p, image ? t.boi : t.boa);
      appendSoft(p, id, m.tokens, first);
      appendMarker(p, image ? t.eoi : t.eoa);
      continue;
    }
    uint32_t done = 0;
    for (size_t f = 0; f < m.frameTokens.size(); ++f) {
      const double at = f < m.frameSeconds.size() ? m.frameSeconds[f] : 0.0;
      appendText(p, tok->encode((f ? " " : "") + frameTimestamp(at) + " ", false));
      appendMarker(p, t.boi);
      appendSoft(p, id, m.frameTokens[f], first + int32_t(done));
      appendMarker(p, t.eoi);
      done += m.frameTokens[f];
    }
    if (done != m.tokens) throw std::invalid_argument("video frameTokens do not add up to its tokens");
  }
  if (next != media.size()) {
    throw std::invalid_argument("the prompt has " + std::to_string(next) + " media placeholders but " +
                                std::to_string(media.size()) + " media items were given");
  }
  return p;
}

text::Message userMessage(std::span<const Kind> media, std::string text) {
  text::Message m;
  m.role = text::Role::User;
  for (const Kind k : media) m.content.push_back({k, {}});
  m.content.push_back(text::ContentPart::makeText(std::move(text)));
  return m;
}

MediaEmbedding embedImage(const LoadedModel& model, const model::VisionImage& image) {
  model::VisionEncoder* enc = model.visionEncoder();
  if (!enc) throw std::runtime_error("this model has no vision encoder (images need a checkpoint with a vision tower)");
  model::VisionOutput v = enc->encode(image);
  MediaEmbedding e;
  e.kind = Kind::Image;
  e.tokens = v.tokens;
  e.rows = std::move(v.embeddings);
  return e;
}

MediaEmbedding embedAudio(const LoadedModel& model, std::span<const float> features, uint32_t melBins,
                          std::span<const uint8_t> mask) {
  const model::AudioEncoder* enc = model.audioEncoder();
  if (!enc) throw std::runtime_error("this model has no audio encoder (audio needs a checkpoint with an audio tower)");
  model::AudioEncoding a = enc->encode(features, melBins, mask);
  MediaEmbedding e;
  e.kind = Kind::Audio;
  e.tokens = a.tokens;
  e.rows = std::move(a.embeddings);
  return e;
}

}  // namespace gwb::runtime
