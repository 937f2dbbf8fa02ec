#include "inference/model/GgufConvert.h"

#include <cmath>
#include <cstring>

#include "inference/gpu/DType.h"
#include "inference/model/Checkpoint.h"
#include "inference/model/GenerationConfig.h"
#include "inference/model/GgufGemma4Config.h"
#include "inference/model/GgufGemma4Names.h"
#include "inference/model/GgufTokenizerMetadata.h"
#include "inference/model/GgufWriter.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/ModelErrors.h"
#include "inference/model/QuantBlocks.h"

namespace gwb::model {

namespace fs = std::filesystem;

namespace {

double softplus(double x) { return x > 20.0 ? x : std::log1p(std::exp(x)); }

// Element i of a float tensor (F32 / F16 / BF16).
void rowToFloat(const TensorView& t, size_t first, size_t n, float* out) {
  switch (t.dtype) {
    case DType::F32: std::memcpy(out, t.data + first * 4, n * 4); return;
    case DType::BF16:
    case DType::F16:
      for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, t.data + (first + i) * 2, 2);
        out[i] = t.dtype == DType::BF16 ? gpu::bf16ToF32(h) : gpu::f16ToF32(h);
      }
      return;
    default: throw CheckpointError("tensor '" + t.name + "' has dtype " + std::string(dtypeName(t.dtype)) +
                                   "; only F32, F16 and BF16 tensors can be converted");
  }
}

std::optional<GgmlType> ggmlOf(DType d) {
  switch (d) {
    case DType::F32: return GgmlType::F32;
    case DType::F16: return GgmlType::F16;
    case DType::BF16: return GgmlType::BF16;
    default: return std::nullopt;
  }
}

bool isPlainFloat(GgmlType t) { return t == GgmlType::F32 || t == GgmlType::F16 || t == GgmlType::BF16; }

struct Planned {
  const TensorView* src;
  GgufNameMapping dst;
  std::vector<int64_t> hfShape;  // after the transform (what the GGUF tensor holds, row-major)
  GgmlType type;
};

// The row-major shape the GGUF tensor has, for HF tensor t under transform x.
std::vector<int64_t> ggufShape(const TensorView& t, GgufTransform x) {
  switch (x) {
    case GgufTransform::Scalar: return {1};
    case GgufTransform::DropUnitDim:
      if (t.shape.size() != 3 || t.shape[1] != 1) throw CheckpointError("tensor '" + t.name + "' must be [C, 1, K]");
      return {t.shape[0], t.shape[2]};
    case GgufTransform::PatchEmbed: {
      if (t.shape.size() != 2) throw CheckpointError("tensor '" + t.name + "' must be [n, P*P*3]");
      const auto p = static_cast<int64_t>(std::lround(std::sqrt(double(t.shape[1]) / 3.0)));
      if (p * p * 3 != t.shape[1]) throw CheckpointError("tensor '" + t.name + "' rows are not P*P*3 pixels");
      return {t.shape[0], 3, p, p};
    }
    default: return t.shape.empty() ? std::vector<int64_t>{1} : t.shape;
  }
}

// The tensor's values in GGUF order as floats.
std::vector<float> ggufValues(const Planned& p) {
  const TensorView& t = *p.src;
  std::vector<float> v(static_cast<size_t>(t.numel()));
  rowToFloat(t, 0, v.size(), v.data());
  if (p.dst.transform == GgufTransform::Softplus) {
    // Computed as the audio loader computes it for a safetensors checkpoint, so both paths feed the
    // encoder the same float (llama.cpp's converter uses torch's float32 softplus instead).
    for (float& x : v) x = float(softplus(x));
  } else if (p.dst.transform == GgufTransform::PatchEmbed) {
    const size_t n = static_cast<size_t>(p.hfShape[0]), P = static_cast<size_t>(p.hfShape[2]);
    std::vector<float> out(v.size());
    for (size_t o = 0; o < n; ++o)
      for (size_t c = 0; c < 3; ++c)
        for (size_t y = 0; y < P; ++y)
          for (size_t x = 0; x < P; ++x) out[((o * 3 + c) * P + y) * P + x] = v[o * P * P * 3 + (y * P + x) * 3 + c];
    v = std::move(out);
  }
  return v;
}

void addPlanned(GgufWriter& w, const Planned& p) {
  std::vector<int64_t> ne(p.hfShape.rbegin(), p.hfShape.rend());
  const size_t rowLen = static_cast<size_t>(ne[0]);
  const bool needsValues = p.dst.transform == GgufTransform::Softplus || p.dst.transform == GgufTransform::PatchEmbed;
  const Planned plan = p;
  w.addTensor(p.dst.name, p.type, ne, [plan, rowLen, needsValues](std::byte* dst) {
    const size_t numel = static_cast<size_t>(plan.src->numel());
    const size_t rows = numel / rowLen;
    const size_t rb = rowBytes(plan.type, rowLen);
    if (needsValues) {
      const std::vector<float> v = ggufValues(plan);
      quantizeRows(plan.type, v.data(), rows, rowLen, dst);
      return;
    }
    // Same dtype: the bytes as they are (bit-exact, no float round trip).
    if (ggmlOf(plan.src->dtype) == plan.type) {
      std::memcpy(dst, plan.src->data, plan.src->bytes);
      return;
    }
    // Row chunks, so a multi-GiB table never exists as floats all at once.
    const size_t chunkRows = std::max<size_t>(1, (size_t{16} << 20) / (rowLen * 4));
    std::vector<float> buf;
    for (size_t r = 0; r < rows; r += chunkRows) {
      const size_t n = std::min(chunkRows, rows - r);
      buf.resize(n * rowLen);
      rowToFloat(*plan.src, r * rowLen, n * rowLen, buf.data());
      quantizeRows(plan.type, buf.data(), n, rowLen, dst + r * rb);
    }
  });
}

GgmlType chooseType(const TensorView& t, const std::vector<int64_t>& shape, GgufFileRole file,
                    const GgufNameMapping& m, const std::optional<GgmlType>& requested, std::vector<std::string>& fallbacks) {
  const GgmlType source = ggmlOf(t.dtype).value_or(GgmlType::F32);
  if (shape.size() < 2 || m.transform == GgufTransform::Scalar) return GgmlType::F32;
  if (file == GgufFileRole::Mmproj) {
    // llama.cpp forces these to F32 (clip.cpp reads them as F32).
    if (m.name.find(".conv1d.") != std::string::npos || m.name.find("conv_dw") != std::string::npos ||
        m.name == "v.position_embd.weight") {
      return GgmlType::F32;
    }
    if (!requested) return source;
    return isPlainFloat(*requested) ? *requested : GgmlType::F16;
  }
  const GgmlType want = requested.value_or(source);
  const size_t rowLen = static_cast<size_t>(shape.back());
  for (GgmlType cand : {want, GgmlType::Q8_0, GgmlType::F16}) {
    if (rowIsWhole(cand, rowLen) && hasBlockCodec(cand)) {
      if (cand != want) {
        fallbacks.push_back(m.name + ": " + std::string(ggmlTypeName(want)) + " -> " + std::string(ggmlTypeName(cand)) +
                            " (rows of " + std::to_string(rowLen) + ")");
      }
      return cand;
    }
  }
  return GgmlType::F16;
}

}  // namespace

uint32_t llamaFileType(std::optional<GgmlType> t, bool sourceIsBf16) {
  if (!t) return sourceIsBf16 ? 32 : 0;
  switch (*t) {
    case GgmlType::F32: return 0;
    case GgmlType::F16: return 1;
    case GgmlType::Q4_0: return 2;
    case GgmlType::Q8_0: return 7;
    case GgmlType::Q4_K: return 14;  // MOSTLY_Q4_K_S: every matrix Q4_K
    case GgmlType::Q5_K: return 16;  // MOSTLY_Q5_K_S
    case GgmlType::Q6_K: return 18;
    case GgmlType::BF16: return 32;
    default: return 0;
  }
}

GgufConvertResult convertToGguf(const fs::path& modelDir, const fs::path& out, const GgufConvertOptions& options) {
  if (options.type && !hasBlockCodec(*options.type)) {
    throw CheckpointError("cannot write " + std::string(ggmlTypeName(*options.type)) +
                          " tensors (supported: f32, f16, bf16, q8_0, q4_0, q4_k, q5_k, q6_k)");
  }
  const ModelConfig cfg = ModelConfig::load(modelDir);
  if (cfg.layout != ConfigLayout::ConditionalGeneration) {
    throw CheckpointError(modelDir.string() + ": only Gemma4ForConditionalGeneration checkpoints can be converted");
  }
  const Checkpoint ckpt(modelDir);
  const GenerationConfig gen = GenerationConfig::loadOrDefault(modelDir, cfg);

  GgufConvertResult result;
  std::vector<Planned> text, mmproj;
  bool sourceBf16 = false;
  for (const TensorView* t : ckpt.tensors()) {
    const auto m = ggufNameForHf(t->name);
    if (!m) throw CheckpointError("tensor '" + t->name + "' has no place in llama.cpp's Gemma 4 GGUF layout");
    if (t->dtype == DType::BF16) sourceBf16 = true;
    Planned p{t, *m, ggufShape(*t, m->transform), GgmlType::F32};
    p.type = chooseType(*t, p.hfShape, m->file, *m, options.type, result.fallbacks);
    (m->file == GgufFileRole::Text ? text : mmproj).push_back(std::move(p));
  }
  const uint32_t fileType = llamaFileType(options.type, sourceBf16);
  const std::string name = modelDir.filename().empty() ? modelDir.parent_path().filename().string()
                                                       : modelDir.filename().string();

  GgufWriter tw;
  writeGemma4TextMetadata(tw, cfg, name, fileType);
  writeSamplingMetadata(tw, gen);
  writeGemma4TokenizerMetadata(tw, modelDir);
  if (cfg.text.fullRope.type == "proportional") {
    const std::vector<float> rf = gemma4RopeFreqs(cfg.text);
    std::vector<std::byte> bytes(rf.size() * 4);
    std::memcpy(bytes.data(), rf.data(), bytes.size());
    tw.addTensorBytes("rope_freqs.weight", GgmlType::F32, {static_cast<int64_t>(rf.size())}, std::move(bytes));
  }
  for (const Planned& p : text) addPlanned(tw, p);
  result.text = out;
  tw.write(out);
  result.textTensors = tw.tensorCount();
  result.textBytes = fs::file_size(out);

  if (options.writeMmproj && !mmproj.empty()) {
    GgufWriter mw;
    // The mmproj's matrices are F32 or BF16 when that is requested, else F16 (GgufConvert.h).
    const GgmlType mmMatrices =
        options.type == GgmlType::F32 || options.type == GgmlType::BF16 ? *options.type : GgmlType::F16;
    writeGemma4MmprojMetadata(mw, cfg, name, llamaFileType(mmMatrices, false));
    for (const Planned& p : mmproj) addPlanned(mw, p);
    const std::string stem = out.stem().string();
    const fs::path mp = out.parent_path() / (options.mmprojNaming == MmprojNaming::Suffix ? stem + "-mmproj.gguf"
                                                                                         : "mmproj-" + stem + ".gguf");
    mw.write(mp);
    result.mmproj = mp;
    result.mmprojTensors = mw.tensorCount();
    result.mmprojBytes = fs::file_size(mp);
  }
  return result;
}

}  // namespace gwb::model
