#include "inference/model/GgufGemma4Config.h"

#include <cmath>
#include <cstring>

#include "inference/model/MediaWeightManifest.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace {

const std::string kArch = "gemma4";
std::string key(const std::string& k) { return kArch + "." + k; }

[[noreturn]] void fail(const GgufFile& f, const std::string& what) { throw CheckpointError(f.label() + ": " + what); }

int toInt(const GgufFile& f, const std::string& k, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) {
    fail(f, "metadata '" + k + "' = " + std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                std::to_string(hi));
  }
  return static_cast<int>(v);
}
int intKey(const GgufFile& f, const std::string& k, int64_t lo, int64_t hi) { return toInt(f, k, f.getInt(k), lo, hi); }

// A key that llama.cpp writes either as a scalar or as a per-layer array.
std::vector<int64_t> perLayer(const GgufFile& f, const std::string& k, int layers) {
  const GgufValue* v = f.find(k);
  if (v == nullptr) fail(f, "metadata '" + k + "' is missing");
  if (!v->isArray()) return std::vector<int64_t>(static_cast<size_t>(layers), f.getInt(k));
  const std::vector<int64_t>* a = f.optIntArray(k);
  if (static_cast<int>(a->size()) != layers) {
    fail(f, "metadata '" + k + "' has " + std::to_string(a->size()) + " entries for " + std::to_string(layers) + " layers");
  }
  return *a;
}

const GgufTensorInfo& tensorInfo(const GgufFile& f, const std::string& name) {
  const GgufTensor* t = f.findTensor(name);
  if (t == nullptr) fail(f, "tensor '" + name + "' is missing");
  return *t->info;
}

std::optional<int64_t> tokenIdOf(const GgufFile& f, std::string_view text) {
  const std::vector<std::string>* tokens = f.optStringArray("tokenizer.ggml.tokens");
  if (tokens == nullptr) return std::nullopt;
  for (size_t i = 0; i < tokens->size(); ++i) {
    if ((*tokens)[i] == text) return static_cast<int64_t>(i);
  }
  return std::nullopt;
}

TextConfig textConfig(const GgufFile& f) {
  TextConfig t;
  t.modelType = "gemma4_text";
  t.numLayers = intKey(f, key("block_count"), 1, 4096);
  const int L = t.numLayers;
  t.hiddenSize = intKey(f, key("embedding_length"), 1, 1 << 20);
  t.maxPositionEmbeddings = f.optInt(key("context_length")).value_or(t.maxPositionEmbeddings);
  t.numAttentionHeads = intKey(f, key("attention.head_count"), 1, 4096);
  t.globalHeadDim = intKey(f, key("attention.key_length"), 2, 1 << 16);
  t.headDim = f.find(key("attention.key_length_swa")) ? intKey(f, key("attention.key_length_swa"), 2, 1 << 16)
                                                      : t.globalHeadDim;
  t.rmsNormEps = f.getFloat(key("attention.layer_norm_rms_epsilon"));
  t.slidingWindow = f.optInt(key("attention.sliding_window")).value_or(t.slidingWindow);
  t.numKvSharedLayers = toInt(f, key("attention.shared_kv_layers"), f.optInt(key("attention.shared_kv_layers")).value_or(0), 0, L - 1);
  if (auto cap = f.optFloat(key("final_logit_softcapping")); cap && *cap > 0.0) t.finalLogitSoftcapping = *cap;

  // Layer types: sliding_window_pattern is true for sliding layers.
  const std::vector<int64_t>* pattern = f.optIntArray(key("attention.sliding_window_pattern"));
  if (pattern == nullptr) fail(f, "metadata '" + key("attention.sliding_window_pattern") + "' is missing");
  if (static_cast<int>(pattern->size()) != L) {
    fail(f, "'" + key("attention.sliding_window_pattern") + "' has " + std::to_string(pattern->size()) + " entries for " +
                std::to_string(L) + " layers");
  }
  for (int64_t s : *pattern) t.layerTypes.push_back(s != 0 ? LayerType::Sliding : LayerType::Full);

  // MLP width: a per-layer array when KV-shared layers are double wide. Each width is range-checked
  // first, so doubling one below cannot overflow.
  const std::vector<int64_t> ff = perLayer(f, key("feed_forward_length"), L);
  for (int64_t w : ff) toInt(f, key("feed_forward_length"), w, 1, 1 << 24);
  t.intermediateSize = ff[0];
  const int firstShared = L - t.numKvSharedLayers;
  for (int i = 0; i < L; ++i) {
    const int64_t want = ff[static_cast<size_t>(i)];
    if (want == t.intermediateSize) continue;
    if (i >= firstShared && want == 2 * t.intermediateSize) {
      t.useDoubleWideMlp = true;
      continue;
    }
    fail(f, "'" + key("feed_forward_length") + "' gives layer " + std::to_string(i) + " width " + std::to_string(want) +
                ", which Gemma 4 does not have (only KV-shared layers may be double wide)");
  }

  // K/V heads: per-layer when full layers have their own count (attention_k_eq_v models).
  const std::vector<int64_t> kv = perLayer(f, key("attention.head_count_kv"), L);
  std::optional<int64_t> swaKv, fullKv;
  for (int i = 0; i < L; ++i) {
    auto& slot = t.layerTypes[static_cast<size_t>(i)] == LayerType::Sliding ? swaKv : fullKv;
    if (slot && *slot != kv[static_cast<size_t>(i)]) fail(f, "'" + key("attention.head_count_kv") + "' differs between layers of one type");
    slot = kv[static_cast<size_t>(i)];
  }
  t.numKeyValueHeads = toInt(f, key("attention.head_count_kv"), swaKv.value_or(fullKv.value_or(1)), 1, 4096);
  // attention_k_eq_v: full layers without attn_v (V is the normed raw K).
  for (int i = 0; i < L; ++i) {
    if (t.layerTypes[static_cast<size_t>(i)] == LayerType::Full && i < firstShared) {
      t.attentionKEqV = f.findTensor("blk." + std::to_string(i) + ".attn_v.weight") == nullptr;
      break;
    }
  }
  if (fullKv && *fullKv != t.numKeyValueHeads) {
    if (!t.attentionKEqV) fail(f, "full layers have their own K/V head count but also attn_v tensors (not a Gemma 4 layout)");
    t.numGlobalKeyValueHeads = static_cast<int>(*fullKv);
  }

  // RoPE: sliding layers rotate every dim; full layers are proportional when rope_freqs marks
  // unrotated frequencies with 1e30 (llama.cpp's encoding of partial_rotary_factor).
  t.slidingRope = {"default", f.optFloat(key("rope.freq_base_swa")).value_or(10000.0), 1.0};
  if (auto swaRot = f.optInt(key("rope.dimension_count_swa")); swaRot && *swaRot != t.headDim) {
    fail(f, "'" + key("rope.dimension_count_swa") + "' = " + std::to_string(*swaRot) +
                ": partial RoPE on sliding layers is not a Gemma 4 configuration");
  }
  t.fullRope = {"default", f.optFloat(key("rope.freq_base")).value_or(1000000.0), 1.0};
  if (const GgufTensor* rf = f.findTensor("rope_freqs.weight")) {
    if (rf->type() != GgmlType::F32 || rf->info->numel() != t.globalHeadDim / 2) {
      fail(f, "rope_freqs.weight must be F32 with " + std::to_string(t.globalHeadDim / 2) + " values");
    }
    // Copied out: the file's alignment may be 1 or 2, so the tensor need not be float-aligned.
    std::vector<float> v(static_cast<size_t>(t.globalHeadDim / 2));
    std::memcpy(v.data(), rf->data, v.size() * sizeof(float));
    int angles = 0;
    while (angles < t.globalHeadDim / 2 && v[static_cast<size_t>(angles)] == 1.0f) ++angles;
    for (int i = angles; i < t.globalHeadDim / 2; ++i) {
      if (!(v[static_cast<size_t>(i)] >= 1e29f)) {
        fail(f, "rope_freqs.weight is not of the form [1.0 ..., 1e30 ...] that Gemma 4 uses");
      }
    }
    t.fullRope.type = "proportional";
    t.fullRope.partialRotaryFactor = angles / (t.globalHeadDim / 2.0);
    // int(factor * headDim / 2) must give back `angles` (guards a factor like 1/3 rounding down).
    while (static_cast<int>(std::floor(t.fullRope.partialRotaryFactor * t.globalHeadDim / 2.0)) < angles) {
      t.fullRope.partialRotaryFactor = std::nextafter(t.fullRope.partialRotaryFactor, 2.0);
    }
  }

  // Sizes the tensors carry.
  const GgufTensorInfo& embd = tensorInfo(f, "token_embd.weight");
  if (embd.ne.size() != 2 || embd.ne[0] != t.hiddenSize) fail(f, "token_embd.weight must be [vocab, embedding_length]");
  t.vocabSize = embd.ne[1];
  t.tieWordEmbeddings = f.findTensor("output.weight") == nullptr;
  t.hiddenSizePerLayerInput = f.optInt(key("embedding_length_per_layer_input")).value_or(0);
  if (t.hiddenSizePerLayerInput > 0) {
    const GgufTensorInfo& ple = tensorInfo(f, "per_layer_token_embd.weight");
    if (ple.ne.size() != 2) fail(f, "per_layer_token_embd.weight must be 2-D");
    t.vocabSizePerLayerInput = ple.ne[1];
  }
  if (auto n = f.optInt(key("expert_count")); n && *n > 0) {
    t.enableMoeBlock = true;
    t.numExperts = toInt(f, key("expert_count"), *n, 1, 4096);
    t.topKExperts = intKey(f, key("expert_used_count"), 1, 4096);
    t.moeIntermediateSize = f.getInt(key("expert_feed_forward_length"));
  }
  t.padTokenId = f.optInt("tokenizer.ggml.padding_token_id").value_or(t.padTokenId);
  t.bosTokenId = f.optInt("tokenizer.ggml.bos_token_id").value_or(t.bosTokenId);
  if (auto eos = f.optInt("tokenizer.ggml.eos_token_id")) t.eosTokenIds = {*eos};
  deriveTextLayers(t, f.label());
  return t;
}

VisionConfig visionConfig(const GgufFile& m) {
  VisionConfig v;
  v.hiddenSize = m.getInt("clip.vision.embedding_length");
  v.intermediateSize = m.getInt("clip.vision.feed_forward_length");
  v.numLayers = intKey(m, "clip.vision.block_count", 1, 4096);
  v.numAttentionHeads = intKey(m, "clip.vision.attention.head_count", 1, 4096);
  v.numKeyValueHeads = v.numAttentionHeads;
  const GgufTensorInfo& qNorm = tensorInfo(m, "v.blk.0.attn_q_norm.weight");
  v.headDim = static_cast<int>(qNorm.ne[0]);
  v.rmsNormEps = m.optFloat("clip.vision.attention.layer_norm_epsilon").value_or(v.rmsNormEps);
  v.patchSize = intKey(m, "clip.vision.patch_size", 1, 1024);
  v.poolingKernelSize = toInt(m, "clip.vision.projector.scale_factor",
                              m.optInt("clip.vision.projector.scale_factor").value_or(3), 1, 64);
  const GgufTensorInfo& pos = tensorInfo(m, "v.position_embd.weight");
  if (pos.ne.size() != 3 || pos.ne[2] != 2 || pos.ne[0] != v.hiddenSize) {
    fail(m, "v.position_embd.weight must be [2, positions, embedding_length]");
  }
  v.positionEmbeddingSize = pos.ne[1];
  v.ropeType = "axial";  // 2-D RoPE; θ 100 is fixed by llama.cpp's gemma4v too
  v.ropeTheta = 100.0;
  v.useClippedLinears = m.findTensor("v.blk.0.attn_q.input_min") != nullptr;
  v.standardize = m.findTensor("v.std_bias") != nullptr;
  return v;
}

AudioConfig audioConfig(const GgufFile& m) {
  AudioConfig a;
  a.hiddenSize = m.getInt("clip.audio.embedding_length");
  a.numLayers = intKey(m, "clip.audio.block_count", 1, 4096);
  a.numAttentionHeads = intKey(m, "clip.audio.attention.head_count", 1, 4096);
  const GgufTensorInfo& c0 = tensorInfo(m, "a.conv1d.0.weight");
  const GgufTensorInfo& c1 = tensorInfo(m, "a.conv1d.1.weight");
  if (c0.ne.size() != 4 || c1.ne.size() != 4) fail(m, "a.conv1d.{0,1}.weight must be 4-D conv kernels");
  a.subsamplingConvChannels = {c0.ne[3], c1.ne[3]};
  const GgufTensorInfo& dw = tensorInfo(m, "a.blk.0.conv_dw.weight");
  a.convKernelSize = static_cast<int>(dw.ne[0]);
  const GgufTensorInfo& out = tensorInfo(m, "a.pre_encode.out.weight");
  if (out.ne.size() != 2) fail(m, "a.pre_encode.out.weight must be 2-D");
  a.outputProjDims = out.ne[1];
  a.useClippedLinears = m.findTensor("a.blk.0.attn_q.input_min") != nullptr;
  // The file's clip.audio.attention.layer_norm_epsilon is 1e-5 by llama.cpp's converter, which its
  // own loader then overrides with 1e-6 (design/gemma4-media.md §9.2); Gemma 4 uses 1e-6.
  a.rmsNormEps = 1e-6;
  return a;
}

}  // namespace

ModelConfig modelConfigFromGguf(const GgufFile& text, const GgufFile* mmproj) {
  const std::string arch = text.optString("general.architecture").value_or("");
  if (arch != kArch) {
    fail(text, "general.architecture is '" + arch + "'" +
                   (arch == "clip" ? " (this is an mmproj file; open the text model GGUF and pass this one with --mmproj)"
                                   : "; Gemma Workbench runs Gemma 4 GGUF files (architecture 'gemma4')"));
  }
  ModelConfig cfg;
  cfg.architecture = "Gemma4ForConditionalGeneration";
  cfg.layout = ConfigLayout::ConditionalGeneration;
  cfg.text = textConfig(text);
  cfg.eosTokenIds = cfg.text.eosTokenIds;
  cfg.tieWordEmbeddings = cfg.text.tieWordEmbeddings;
  // Media token ids are not in GGUF metadata: llama.cpp's mtmd finds them by their text too.
  const auto id = [&](std::string_view s, int64_t fallback) { return tokenIdOf(text, s).value_or(fallback); };
  cfg.tokens.boi = id("<|image>", cfg.tokens.boi);
  cfg.tokens.eoi = id("<image|>", cfg.tokens.eoi);
  cfg.tokens.image = id("<|image|>", cfg.tokens.image);
  cfg.tokens.video = id("<|video|>", cfg.tokens.video);
  cfg.tokens.boa = id("<|audio>", cfg.tokens.boa);
  cfg.tokens.eoa = id("<audio|>", cfg.tokens.eoa);
  cfg.tokens.audio = id("<|audio|>", cfg.tokens.audio);
  if (mmproj != nullptr) {
    const std::string march = mmproj->optString("general.architecture").value_or("");
    if (march != "clip") fail(*mmproj, "general.architecture is '" + march + "', expected 'clip' for an mmproj file");
    if (mmproj->optBool("clip.has_vision_encoder").value_or(false)) {
      const std::string pt = mmproj->optString("clip.vision.projector_type").value_or(mmproj->optString("clip.projector_type").value_or(""));
      if (pt != "gemma4v") fail(*mmproj, "vision projector type is '" + pt + "', expected 'gemma4v' (a Gemma 4 mmproj)");
      cfg.vision = visionConfig(*mmproj);
    }
    if (mmproj->optBool("clip.has_audio_encoder").value_or(false)) {
      const std::string pt = mmproj->optString("clip.audio.projector_type").value_or("");
      if (pt != "gemma4a") fail(*mmproj, "audio projector type is '" + pt + "', expected 'gemma4a' (a Gemma 4 mmproj)");
      cfg.audio = audioConfig(*mmproj);
    }
    for (const char* k : {"clip.vision.projection_dim", "clip.audio.projection_dim"}) {
      if (auto d = mmproj->optInt(k); d && *d != cfg.text.hiddenSize) {
        fail(*mmproj, std::string(k) + " = " + std::to_string(*d) + " but the text model's embedding_length is " +
                          std::to_string(cfg.text.hiddenSize) + ": this mmproj belongs to another model size");
      }
    }
  }
  return cfg;
}

GenerationConfig generationConfigFromGguf(const GgufFile& text, const ModelConfig& cfg) {
  GenerationConfig g;
  g.eosTokenIds = cfg.eosTokenIds;
  for (std::string_view s : {"<turn|>", "<|tool_response>"}) {
    if (auto id = tokenIdOf(text, s)) {
      bool have = false;
      for (int64_t e : g.eosTokenIds) have = have || e == *id;
      if (!have) g.eosTokenIds.push_back(*id);
    }
  }
  g.bosTokenId = cfg.text.bosTokenId;
  g.padTokenId = cfg.text.padTokenId;
  if (auto k = text.optInt("general.sampling.top_k")) {
    g.topK = *k;
    g.doSample = true;
  }
  if (auto p = text.optFloat("general.sampling.top_p")) g.topP = *p;
  if (auto t = text.optFloat("general.sampling.temp")) g.temperature = *t;
  return g;
}

std::vector<float> gemma4RopeFreqs(const TextConfig& t) {
  const int half = t.globalHeadDim / 2;
  const int angles = static_cast<int>(std::floor(t.fullRope.partialRotaryFactor * t.globalHeadDim / 2.0));
  std::vector<float> v(static_cast<size_t>(half), 1e30f);
  for (int i = 0; i < angles && i < half; ++i) v[static_cast<size_t>(i)] = 1.0f;
  return v;
}

void writeGemma4TextMetadata(GgufWriter& w, const ModelConfig& cfg, const std::string& name, uint32_t fileType) {
  const TextConfig& t = cfg.text;
  w.set("general.architecture", GgufValue::string(kArch));
  w.set("general.type", GgufValue::string("model"));
  w.set("general.name", GgufValue::string(name));
  w.set("general.file_type", GgufValue::u32(fileType));
  w.set("general.quantization_version", GgufValue::u32(2));
  w.set(key("context_length"), GgufValue::u32(static_cast<uint32_t>(t.maxPositionEmbeddings)));
  w.set(key("embedding_length"), GgufValue::u32(static_cast<uint32_t>(t.hiddenSize)));
  w.set(key("block_count"), GgufValue::u32(static_cast<uint32_t>(t.numLayers)));
  if (t.useDoubleWideMlp) {
    std::vector<int64_t> ff;
    for (const TextLayer& l : t.layers) ff.push_back(l.mlpWidth);
    w.set(key("feed_forward_length"), GgufValue::intArray(GgufType::I32, ff));
  } else {
    w.set(key("feed_forward_length"), GgufValue::u32(static_cast<uint32_t>(t.intermediateSize)));
  }
  w.set(key("attention.head_count"), GgufValue::u32(static_cast<uint32_t>(t.numAttentionHeads)));
  if (t.numGlobalKeyValueHeads) {
    std::vector<int64_t> kv;
    for (const TextLayer& l : t.layers) kv.push_back(l.numKvHeads);
    w.set(key("attention.head_count_kv"), GgufValue::intArray(GgufType::I32, kv));
  } else {
    w.set(key("attention.head_count_kv"), GgufValue::u32(static_cast<uint32_t>(t.numKeyValueHeads)));
  }
  w.set(key("attention.key_length"), GgufValue::u32(static_cast<uint32_t>(t.globalHeadDim)));
  w.set(key("attention.value_length"), GgufValue::u32(static_cast<uint32_t>(t.globalHeadDim)));
  w.set(key("attention.key_length_swa"), GgufValue::u32(static_cast<uint32_t>(t.headDim)));
  w.set(key("attention.value_length_swa"), GgufValue::u32(static_cast<uint32_t>(t.headDim)));
  w.set(key("attention.layer_norm_rms_epsilon"), GgufValue::f32(static_cast<float>(t.rmsNormEps)));
  w.set(key("attention.sliding_window"), GgufValue::u32(static_cast<uint32_t>(t.slidingWindow)));
  std::vector<int64_t> swa;
  for (LayerType lt : t.layerTypes) swa.push_back(lt == LayerType::Sliding ? 1 : 0);
  w.set(key("attention.sliding_window_pattern"), GgufValue::intArray(GgufType::Bool, swa));
  w.set(key("attention.shared_kv_layers"), GgufValue::u32(static_cast<uint32_t>(t.numKvSharedLayers)));
  w.set(key("embedding_length_per_layer_input"), GgufValue::u32(static_cast<uint32_t>(t.hiddenSizePerLayerInput)));
  w.set(key("rope.freq_base"), GgufValue::f32(static_cast<float>(t.fullRope.theta)));
  w.set(key("rope.freq_base_swa"), GgufValue::f32(static_cast<float>(t.slidingRope.theta)));
  w.set(key("rope.dimension_count"), GgufValue::u32(static_cast<uint32_t>(t.globalHeadDim)));
  w.set(key("rope.dimension_count_swa"), GgufValue::u32(static_cast<uint32_t>(t.headDim)));
  if (t.finalLogitSoftcapping) w.set(key("final_logit_softcapping"), GgufValue::f32(static_cast<float>(*t.finalLogitSoftcapping)));
  if (t.enableMoeBlock && t.numExperts && t.topKExperts && t.moeIntermediateSize) {
    w.set(key("expert_count"), GgufValue::u32(static_cast<uint32_t>(*t.numExperts)));
    w.set(key("expert_used_count"), GgufValue::u32(static_cast<uint32_t>(*t.topKExperts)));
    w.set(key("expert_feed_forward_length"), GgufValue::u32(static_cast<uint32_t>(*t.moeIntermediateSize)));
  }
}

void writeGemma4MmprojMetadata(GgufWriter& w, const ModelConfig& cfg, const std::string& name, uint32_t fileType) {
  w.set("general.architecture", GgufValue::string("clip"));
  w.set("general.type", GgufValue::string("mmproj"));
  w.set("general.name", GgufValue::string(name));
  w.set("general.file_type", GgufValue::u32(fileType));
  w.set("clip.has_vision_encoder", GgufValue::boolean(cfg.vision.has_value()));
  w.set("clip.has_audio_encoder", GgufValue::boolean(cfg.audio.has_value()));
  const auto u32 = [](int64_t v) { return GgufValue::u32(static_cast<uint32_t>(v)); };
  if (cfg.vision) {
    const VisionConfig& v = *cfg.vision;
    w.set("clip.vision.projector_type", GgufValue::string("gemma4v"));
    w.set("clip.vision.projection_dim", u32(cfg.text.hiddenSize));
    w.set("clip.vision.image_size", u32(224));  // unused by gemma4v; llama.cpp's converter writes 224
    w.set("clip.vision.patch_size", u32(v.patchSize));
    w.set("clip.vision.embedding_length", u32(v.hiddenSize));
    w.set("clip.vision.feed_forward_length", u32(v.intermediateSize));
    w.set("clip.vision.block_count", u32(v.numLayers));
    w.set("clip.vision.attention.head_count", u32(v.numAttentionHeads));
    w.set("clip.vision.attention.layer_norm_epsilon", GgufValue::f32(static_cast<float>(v.rmsNormEps)));
    // Gemma 4's image processor only rescales by 1/255 (no mean/std normalisation).
    w.set("clip.vision.image_mean", GgufValue::floatArray(GgufType::F32, {0.0, 0.0, 0.0}));
    w.set("clip.vision.image_std", GgufValue::floatArray(GgufType::F32, {1.0, 1.0, 1.0}));
    if (v.poolingKernelSize != 3) w.set("clip.vision.projector.scale_factor", u32(v.poolingKernelSize));
  }
  if (cfg.audio) {
    const AudioConfig& a = *cfg.audio;
    w.set("clip.audio.projector_type", GgufValue::string("gemma4a"));
    w.set("clip.audio.projection_dim", u32(cfg.text.hiddenSize));
    w.set("clip.audio.embedding_length", u32(a.hiddenSize));
    w.set("clip.audio.feed_forward_length", u32(a.hiddenSize * 4));
    w.set("clip.audio.block_count", u32(a.numLayers));
    w.set("clip.audio.attention.head_count", u32(a.numAttentionHeads));
    w.set("clip.audio.num_mel_bins", u32(kAudioMelBins));
    w.set("clip.audio.attention.layer_norm_epsilon", GgufValue::f32(1e-5f));  // as llama.cpp writes it
  }
}

void writeSamplingMetadata(GgufWriter& w, const GenerationConfig& g) {
  if (!g.doSample) return;
  w.set("general.sampling.top_k", GgufValue::i32(static_cast<int32_t>(g.topK)));
  w.set("general.sampling.top_p", GgufValue::f32(static_cast<float>(g.topP)));
  w.set("general.sampling.temp", GgufValue::f32(static_cast<float>(g.temperature)));
}

}  // namespace gwb::model
