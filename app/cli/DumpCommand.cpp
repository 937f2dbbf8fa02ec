// `dump MODEL --input-ids 2,17,... [--greedy N] [--trace] -o OUT.safetensors`: runs raw ids (no
// template) and writes logits (f32 [T, vocab], after the soft-cap), and with --greedy N the
// greedy continuation (i64 [N], EOS not special). --trace adds inputs_embeds, per_layer_inputs
// and hidden_states named as in the fixtures. The product's conformance tool.
// Media (builds with GWB_MEDIA): `--image FILE [--budget N]` adds image.pixel_values (f32
// [max_patches, 768], as the processor pads it), image.position_ids, image.vision_soft_tokens and
// image.embed_vision; `--frames F0.png,F1.png [--frame-budget N]` adds video.vision_soft_tokens and
// video.embed_vision (frames encoded one by one, concatenated). The ids' image / video placeholders
// (config image_token_id / video_token_id) are then replaced by those rows, in order, for the
// logits; --input-ids may be left out to dump the vision tensors alone.
// `--audio FILE` (GWB_MEDIA): adds audio.input_features (f32 [frames, 128], the log-mel frames as the
// extractor pads them), audio.input_features_mask, audio.tower_out and audio.embed_audio (valid soft
// tokens only); the audio placeholders (config audio_token_id) take the embed_audio rows, in order.
// `--inputs FILE.safetensors` (any build, no FFmpeg needed): already decoded media inputs as a full
// build's dump writes them — image.pixel_values f32 [rows, 3·patch²] with image.position_ids i64
// [rows, 2], and/or audio.input_features f32 [frames, mel bins] with audio.input_features_mask u8
// [frames] (all frames valid when absent) — run through the encoders exactly as --image / --audio
// do, so encoder parity can be checked on GPU machines without media libraries.
#include <cstdio>
#include <sstream>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "app/cli/ModelArgs.h"
#include "app/cli/PrefillAttentionOption.h"
#include "inference/model/AudioEncoder.h"
#include "inference/model/SafetensorsFile.h"
#include "inference/model/SafetensorsWriter.h"
#include "inference/model/VisionEncoder.h"
#include "inference/runtime/Sampler.h"
#include "inference/runtime/Session.h"
#ifdef GWB_HAS_MEDIA
#include "inference/media/AudioDecoder.h"
#include "inference/media/ImageDecoder.h"
#include "inference/media/LogMelFeatures.h"
#include "inference/media/VisionPreprocess.h"
#endif

namespace gwb::cli {

namespace {
std::vector<int32_t> parseIds(const std::string& s) {
  std::vector<int32_t> ids;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    try {
      size_t used = 0;
      const long v = std::stol(item, &used);
      if (used != item.size() || v < 0) throw std::invalid_argument("bad");
      ids.push_back(int32_t(v));
    } catch (const std::exception&) {
      throw UsageError("--input-ids: '" + item + "' is not a token id");
    }
  }
  if (ids.empty()) throw UsageError("--input-ids is empty");
  return ids;
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// Soft tokens of the media options, and where they go: softRow[t] indexes `rows` for placeholders.
struct MediaRows {
  std::vector<float> rows;  // [image tokens + video tokens, text hidden]
  std::vector<int32_t> softRow;
};

// Runs --image / --frames through preprocessing and the vision encoder, adds their tensors to
// `out`, and maps the placeholders of `ids` onto the embeddings. Empty when neither is given.
MediaRows encodeMedia(const OpenedModel& m, const std::string& imagePath, long long budget,
                      const std::vector<std::string>& frames, long long frameBudget, const std::vector<int32_t>& ids,
                      model::SafetensorsWriter& out) {
  MediaRows r;
  if (imagePath.empty() && frames.empty()) return r;
#ifndef GWB_HAS_MEDIA
  (void)m, (void)budget, (void)frameBudget, (void)ids, (void)out;
  throw UsageError("--image / --frames need a build with media decoding (GWB_MEDIA=ON)");
#else
  if (m.model->randomWeights()) throw UsageError("--image / --frames need a checkpoint (not --random-weights)");
  if (!m.model->visionEncoder()) throw UsageError("--image / --frames: this model has no vision tower");
  const model::ModelConfig& cfg = m.model->config();
  model::VisionEncoder& encoder = *m.model->visionEncoder();
  const int64_t H = encoder.config().hiddenSize, TH = cfg.text.hiddenSize;
  size_t imageTokens = 0, videoTokens = 0;
  if (!imagePath.empty()) {
    const media::ImagePatches p = media::preprocessImage(media::decodeImageFile(imagePath), int(budget));
    const model::VisionOutput v = encoder.encode({p.pixelValues, p.positionIds});
    const int64_t rows = p.maxPatches, T = v.tokens;
    out.addF32("image.pixel_values", {rows, int64_t(p.pixelValues.size()) / rows}, p.pixelValues);
    out.addI64("image.position_ids", {rows, 2}, p.positionIds);
    out.addF32("image.vision_soft_tokens", {T, H}, v.softTokens);
    out.addF32("image.embed_vision", {T, TH}, v.embeddings);
    r.rows = v.embeddings;
    imageTokens = v.tokens;
    std::fprintf(stderr, "image %s: %dx%d patches -> %u soft tokens (budget %lld)\n", imagePath.c_str(), p.patchesW,
                 p.patchesH, v.tokens, budget);
  }
  if (!frames.empty()) {
    std::vector<media::ImagePatches> patches;
    std::vector<model::VisionImage> images;
    for (const std::string& f : frames) {
      patches.push_back(media::preprocessVideoFrame(media::decodeImageFile(f), int(frameBudget)));
    }
    for (const auto& p : patches) images.push_back({p.pixelValues, p.positionIds});
    const model::VisionOutput v = encoder.encodeFrames(images);
    const int64_t T = v.tokens;
    out.addF32("video.vision_soft_tokens", {T, H}, v.softTokens);
    out.addF32("video.embed_vision", {T, TH}, v.embeddings);
    r.rows.insert(r.rows.end(), v.embeddings.begin(), v.embeddings.end());
    videoTokens = v.tokens;
    std::fprintf(stderr, "video: %zu frames -> %u soft tokens (budget %lld per frame)\n", frames.size(), v.tokens,
                 frameBudget);
  }
  // Placeholders in order: image ones take the image rows, video ones the video rows.
  size_t nImage = 0, nVideo = 0;
  r.softRow.assign(ids.size(), -1);
  for (size_t t = 0; t < ids.size(); ++t) {
    if (!imagePath.empty() && ids[t] == cfg.tokens.image) r.softRow[t] = int32_t(nImage++);
    if (!frames.empty() && ids[t] == cfg.tokens.video) r.softRow[t] = int32_t(imageTokens + nVideo++);
  }
  if (!ids.empty() && !imagePath.empty() && nImage != imageTokens) {
    throw UsageError("--input-ids has " + std::to_string(nImage) + " image placeholders (id " +
                     std::to_string(cfg.tokens.image) + ") but the image gives " + std::to_string(imageTokens) +
                     " soft tokens");
  }
  if (!ids.empty() && !frames.empty() && nVideo != videoTokens) {
    throw UsageError("--input-ids has " + std::to_string(nVideo) + " video placeholders (id " +
                     std::to_string(cfg.tokens.video) + ") but the frames give " + std::to_string(videoTokens) +
                     " soft tokens");
  }
  return r;
#endif
}

// Runs --audio through the log-mel front end and the audio encoder, adds its tensors to `out`, and
// maps the audio placeholders of `ids` onto the embed_audio rows (appended to `r`).
void encodeAudio(const OpenedModel& m, const std::string& audioPath, const std::vector<int32_t>& ids,
                 model::SafetensorsWriter& out, MediaRows& r) {
  if (audioPath.empty()) return;
#ifndef GWB_HAS_MEDIA
  (void)m, (void)ids, (void)out, (void)r;
  throw UsageError("--audio needs a build with media decoding (GWB_MEDIA=ON)");
#else
  if (m.model->randomWeights()) throw UsageError("--audio needs a checkpoint (not --random-weights)");
  if (!m.model->audioEncoder()) throw UsageError("--audio: this model has no audio tower");
  const model::ModelConfig& cfg = m.model->config();
  const model::AudioEncoder& encoder = *m.model->audioEncoder();
  const model::AudioEncoderWeights& weights = encoder.weights();
  media::AudioClip clip = media::decodeAudioFile(audioPath);
  if (clip.samples.size() > media::kMaxSamplesPerAudioChunk) {  // as the reference extractor: first 30 s
    std::fprintf(stderr, "audio %s: %.1f s, using the first 30 s\n", audioPath.c_str(), clip.seconds());
    clip.samples.resize(media::kMaxSamplesPerAudioChunk);
  }
  const media::LogMelFeatures mel = media::logMelFeatures(clip.samples);
  const model::AudioEncoding e = encoder.encode(mel.values, uint32_t(mel.numBins), mel.mask);
  const int64_t T = e.tokens, TH = cfg.text.hiddenSize;
  out.addF32("audio.input_features", {mel.numFrames, mel.numBins}, mel.values);
  out.addU8("audio.input_features_mask", {mel.numFrames}, mel.mask);
  out.addF32("audio.tower_out", {T, int64_t(weights.outputDims())}, e.towerOut);
  out.addF32("audio.embed_audio", {T, TH}, e.embeddings);
  std::fprintf(stderr, "audio %s: %.2f s, %u mel frames -> %u soft tokens\n", audioPath.c_str(), clip.seconds(),
               e.validFrames, e.tokens);
  const int32_t first = int32_t(r.rows.size() / size_t(TH));
  r.rows.insert(r.rows.end(), e.embeddings.begin(), e.embeddings.end());
  if (r.softRow.empty()) r.softRow.assign(ids.size(), -1);
  uint32_t n = 0;
  for (size_t t = 0; t < ids.size(); ++t) {
    if (ids[t] == cfg.tokens.audio) r.softRow[t] = first + int32_t(n++);
  }
  if (!ids.empty() && n != e.tokens) {
    throw UsageError("--input-ids has " + std::to_string(n) + " audio placeholders (id " +
                     std::to_string(cfg.tokens.audio) + ") but the audio gives " + std::to_string(e.tokens) +
                     " soft tokens");
  }
#endif
}
// Maps the placeholders `id` of `ids` onto `count` rows appended to r.rows starting at row `first`.
void mapPlaceholders(const std::vector<int32_t>& ids, int64_t id, int32_t first, uint32_t count, const char* what,
                     MediaRows& r) {
  if (r.softRow.empty()) r.softRow.assign(ids.size(), -1);
  uint32_t n = 0;
  for (size_t t = 0; t < ids.size(); ++t) {
    if (ids[t] == id) r.softRow[t] = first + int32_t(n++);
  }
  if (!ids.empty() && n != count) {
    throw UsageError("--input-ids has " + std::to_string(n) + " " + what + " placeholders (id " + std::to_string(id) +
                     ") but --inputs gives " + std::to_string(count) + " soft tokens");
  }
}

const model::TensorView& inputTensor(const model::SafetensorsFile& f, const char* name, model::DType dtype,
                                     size_t rank) {
  const model::TensorView& t = f.tensor(name);
  if (t.dtype != dtype || t.shape.size() != rank) {
    throw UsageError(std::string("--inputs: ") + name + " must be " + std::string(model::dtypeName(dtype)) + " with " +
                     std::to_string(rank) + " dimensions, not " + std::string(model::dtypeName(t.dtype)) + " " +
                     model::shapeToString(t.shape));
  }
  return t;
}

// --inputs: image.pixel_values / audio.input_features already decoded (see the file comment).
void encodeInputs(const OpenedModel& m, const std::string& path, const std::vector<int32_t>& ids,
                  model::SafetensorsWriter& out, MediaRows& r) {
  if (path.empty()) return;
  const model::SafetensorsFile f(path);
  const model::ModelConfig& cfg = m.model->config();
  const int64_t TH = cfg.text.hiddenSize;
  bool any = false;
  if (f.find("image.pixel_values")) {
    if (!m.model->visionEncoder()) throw UsageError("--inputs has image.pixel_values but this model has no vision tower");
    const model::TensorView& px = inputTensor(f, "image.pixel_values", model::DType::F32, 2);
    const model::TensorView& pos = inputTensor(f, "image.position_ids", model::DType::I64, 2);
    const auto* pxData = reinterpret_cast<const float*>(px.data);
    const auto* posData = reinterpret_cast<const int64_t*>(pos.data);
    const model::VisionOutput v = m.model->visionEncoder()->encode(
        {std::span<const float>(pxData, size_t(px.numel())), std::span<const int64_t>(posData, size_t(pos.numel()))});
    const int64_t H = m.model->visionEncoder()->config().hiddenSize, T = v.tokens;
    out.addF32("image.vision_soft_tokens", {T, H}, v.softTokens);
    out.addF32("image.embed_vision", {T, TH}, v.embeddings);
    const int32_t first = int32_t(r.rows.size() / size_t(TH));
    r.rows.insert(r.rows.end(), v.embeddings.begin(), v.embeddings.end());
    mapPlaceholders(ids, cfg.tokens.image, first, v.tokens, "image", r);
    std::fprintf(stderr, "image.pixel_values %s -> %u soft tokens\n", model::shapeToString(px.shape).c_str(), v.tokens);
    any = true;
  }
  if (f.find("audio.input_features")) {
    if (!m.model->audioEncoder()) throw UsageError("--inputs has audio.input_features but this model has no audio tower");
    const model::TensorView& feat = inputTensor(f, "audio.input_features", model::DType::F32, 2);
    const size_t frames = size_t(feat.shape[0]);
    std::vector<uint8_t> mask(frames, 1);
    if (f.find("audio.input_features_mask")) {
      const model::TensorView& mt = inputTensor(f, "audio.input_features_mask", model::DType::U8, 1);
      if (size_t(mt.shape[0]) != frames) {
        throw UsageError("--inputs: audio.input_features_mask has " + std::to_string(mt.shape[0]) + " frames, " +
                         "audio.input_features " + std::to_string(frames));
      }
      std::copy_n(reinterpret_cast<const uint8_t*>(mt.data), frames, mask.begin());
    }
    const model::AudioEncoder& encoder = *m.model->audioEncoder();
    const model::AudioEncoding e = encoder.encode(
        std::span<const float>(reinterpret_cast<const float*>(feat.data), size_t(feat.numel())),
        uint32_t(feat.shape[1]), mask);
    const int64_t T = e.tokens;
    out.addF32("audio.tower_out", {T, int64_t(encoder.weights().outputDims())}, e.towerOut);
    out.addF32("audio.embed_audio", {T, TH}, e.embeddings);
    const int32_t first = int32_t(r.rows.size() / size_t(TH));
    r.rows.insert(r.rows.end(), e.embeddings.begin(), e.embeddings.end());
    mapPlaceholders(ids, cfg.tokens.audio, first, e.tokens, "audio", r);
    std::fprintf(stderr, "audio.input_features %s -> %u soft tokens\n", model::shapeToString(feat.shape).c_str(),
                 e.tokens);
    any = true;
  }
  if (!any) throw UsageError("--inputs " + path + " holds neither image.pixel_values nor audio.input_features");
}
}  // namespace

std::string dumpUsage() {
  static const OptionHelp kOptions[] = {
      {"--input-ids ID,ID,...", "the raw token ids, no chat template (required unless media inputs are given)"},
      {"-o, --output OUT.safetensors", "the file to write (required)"},
      {"--greedy N", "also write the greedy continuation of N tokens as greedy_ids (default 0: none)"},
      {"--trace", "also write inputs_embeds, per_layer_inputs and hidden_states; text only (default off)"},
      {"--inputs FILE.safetensors", "already decoded media inputs (image.pixel_values / audio.input_features)"},
      kPrefillAttentionHelp,
  };
  std::string s = "usage: gemma-workbench-cli dump (MODEL | --random-weights CONFIG_JSON) --input-ids ID,ID,... "
                  "-o OUT.safetensors [options]\n\n"
                  "Runs raw token ids and writes the logits (f32 [tokens, vocab]) to a .safetensors file.\n\n" +
                  formatOptions("options", kOptions);
#ifdef GWB_HAS_MEDIA
  static const OptionHelp kMediaOptions[] = {
      {"--image FILE", "encode an image; its rows replace the ids' image placeholders"},
      {"--budget N", "soft tokens of --image: 70, 140, 280, 560 or 1120 (default 280)"},
      {"--frames F0.png,F1.png,...", "encode video frames one by one; they replace the video placeholders"},
      {"--frame-budget N", "soft tokens per frame of --frames (default 70)"},
      {"--audio FILE", "encode an audio file; its rows replace the ids' audio placeholders"},
  };
  s += "\n" + formatOptions("media options", kMediaOptions);
#else
  s += "\n--image, --frames and --audio need a build with media decoding (GWB_MEDIA=ON); this build has none.\n";
#endif
  return s + "\n" + modelOptionsUsage();
}

int runDump(CliArgs& args) {
  const bool trace = args.flag("trace");
  const std::string idsText = args.option("input-ids").value_or("");
  const long long greedy = args.integer("greedy", 0);
  const std::string outPath = args.option("o").value_or(args.option("output", ""));
  const std::string imagePath = args.option("image", "");
  const long long budget = args.integer("budget", 280);
  const auto frames = splitList(args.option("frames", ""));
  const long long frameBudget = args.integer("frame-budget", 70);
  const std::string audioPath = args.option("audio", "");
  const std::string inputsPath = args.option("inputs", "");
  const auto prefillAttention = prefillAttentionOption(args);
  const bool hasMedia = !imagePath.empty() || !frames.empty() || !audioPath.empty() || !inputsPath.empty();
  if (idsText.empty() && !hasMedia) throw UsageError("--input-ids 2,17,... is required");
  if (outPath.empty()) throw UsageError("-o OUT.safetensors is required");
  if (greedy < 0) throw UsageError("--greedy must be >= 0");
  if (hasMedia && trace) {
    throw UsageError("--trace is for text-only prompts (not with --image / --frames / --audio / --inputs)");
  }
  if (!inputsPath.empty() && (!imagePath.empty() || !frames.empty() || !audioPath.empty())) {
    throw UsageError("--inputs replaces --image / --frames / --audio: give one or the other");
  }
  const auto ids = idsText.empty() ? std::vector<int32_t>{} : parseIds(idsText);
  OpenedModel m = openModel(args);
  args.rejectUnknown();

  model::SafetensorsWriter out;
  MediaRows soft = encodeMedia(m, imagePath, budget, frames, frameBudget, ids, out);
  encodeAudio(m, audioPath, ids, out, soft);
  encodeInputs(m, inputsPath, ids, out, soft);
  if (ids.empty()) {
    out.write(outPath);
    std::fprintf(stderr, "wrote %s (media tensors only)\n", outPath.c_str());
    return 0;
  }
  const auto& cfg = m.model->config().text;
  const int64_t T = int64_t(ids.size()), V = cfg.vocabSize, H = cfg.hiddenSize;
  runtime::Session session(*m.model, uint32_t(T + greedy + 1), trace ? uint32_t(T) : 256u);
  if (prefillAttention) session.decoder().setPrefillAttention(*prefillAttention);
  model::DecoderTrace tr;
  const auto logits = hasMedia ? session.prefillWithEmbeddings(ids, soft.rows, soft.softRow, true)
                            : session.prefill(ids, true, trace ? &tr : nullptr);

  out.addF32("logits", {T, V}, logits);
  if (trace) {
    out.addF32("inputs_embeds", {T, H}, tr.inputsEmbeds);
    if (cfg.hasPle()) out.addF32("per_layer_inputs", {T, cfg.numLayers, cfg.hiddenSizePerLayerInput}, tr.perLayerInputs);
    out.addF32("hidden_states", {cfg.numLayers + 1, T, H}, tr.hiddenStates);
  }
  if (greedy > 0 && hasMedia) {
    // Greedy through the KV cache after the spliced prefill (generate() would re-prefill text only).
    std::vector<int64_t> g;
    std::vector<float> last(logits.end() - V, logits.end());
    for (long long i = 0; i < greedy; ++i) {
      const int32_t next = runtime::argmax(last);
      g.push_back(next);
      if (i + 1 < greedy) last = session.prefill(std::span<const int32_t>(&next, 1));
    }
    out.addI64("greedy_ids", {int64_t(g.size())}, g);
  } else if (greedy > 0) {
    runtime::GenerateRequest req;
    req.promptIds = ids;
    req.maxNewTokens = int(greedy);
    req.ignoreStopIds = true;
    const auto result = session.generate(req);
    std::vector<int64_t> g(result.ids.begin(), result.ids.end());
    out.addI64("greedy_ids", {int64_t(g.size())}, g);
  }
  out.write(outPath);
  std::fprintf(stderr, "wrote %s (%lld tokens%s)\n", outPath.c_str(), static_cast<long long>(T),
               greedy ? ", greedy continuation" : "");
  return 0;
}

}  // namespace gwb::cli
