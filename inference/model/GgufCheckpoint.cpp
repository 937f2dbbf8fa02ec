#include "inference/model/GgufCheckpoint.h"

#include <cstring>

#include "inference/model/GgufGemma4Names.h"
#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace fs = std::filesystem;

namespace {

std::optional<DType> plainDType(GgmlType t) {
  switch (t) {
    case GgmlType::F32: return DType::F32;
    case GgmlType::F16: return DType::F16;
    case GgmlType::BF16: return DType::BF16;
    case GgmlType::F64: return DType::F64;
    case GgmlType::I8: return DType::I8;
    case GgmlType::I16: return DType::I16;
    case GgmlType::I32: return DType::I32;
    case GgmlType::I64: return DType::I64;
    default: return std::nullopt;
  }
}

// llama.cpp stores HF [n, P*P*3] ((y, x, channel) order) as the conv kernel [n, 3, P, P].
std::vector<std::byte> unpermutePatchEmbed(const GgufFile& f, const GgufTensor& t, size_t elemBytes) {
  const std::vector<int64_t>& ne = t.info->ne;  // [P, P, 3, n]
  if (ne.size() != 4 || ne[2] != 3 || ne[0] != ne[1]) {
    throw CheckpointError(f.label() + ": v.patch_embd.weight must be a [n, 3, P, P] conv kernel");
  }
  const size_t P = static_cast<size_t>(ne[0]), n = static_cast<size_t>(ne[3]);
  std::vector<std::byte> out(t.info->bytes);
  for (size_t o = 0; o < n; ++o) {
    for (size_t c = 0; c < 3; ++c) {
      for (size_t y = 0; y < P; ++y) {
        for (size_t x = 0; x < P; ++x) {
          const size_t src = ((o * 3 + c) * P + y) * P + x;
          const size_t dst = o * P * P * 3 + (y * P + x) * 3 + c;
          std::memcpy(out.data() + dst * elemBytes, t.data + src * elemBytes, elemBytes);
        }
      }
    }
  }
  return out;
}

}  // namespace

bool isGgufPath(const fs::path& p) { return p.extension() == ".gguf" || p.extension() == ".GGUF"; }

GgufCheckpoint::GgufCheckpoint(const fs::path& text, const std::optional<fs::path>& mmproj) {
  text_ = std::make_unique<GgufFile>(text);
  addFile(*text_, GgufFileRole::Text);
  if (mmproj) {
    mmproj_ = std::make_unique<GgufFile>(*mmproj);
    addFile(*mmproj_, GgufFileRole::Mmproj);
  }
}

void GgufCheckpoint::addFile(const GgufFile& file, GgufFileRole role) {
  const std::string arch = file.optString("general.architecture").value_or("");
  if (role == GgufFileRole::Text && arch == "clip") {
    throw CheckpointError(file.label() + " is an mmproj (vision/audio) file; open the text model GGUF and pass this "
                                         "one with --mmproj");
  }
  if (role == GgufFileRole::Mmproj && arch != "clip") {
    throw CheckpointError(file.label() + " is not an mmproj file (general.architecture is '" + arch + "', not 'clip')");
  }
  for (const GgufTensor& t : file.tensors()) {
    // Generated or duplicated on conversion, with no HF tensor behind them.
    if (role == GgufFileRole::Text && (t.name() == "rope_freqs.weight" || t.name() == "output.weight")) continue;
    const auto m = hfNameForGguf(t.name(), role);
    if (!m) {
      throw CheckpointError(file.label() + ": tensor '" + t.name() +
                            "' is not part of a Gemma 4 " + (role == GgufFileRole::Text ? "text model" : "mmproj") +
                            " as llama.cpp lays it out (is this a Gemma 4 GGUF?)");
    }
    std::vector<int64_t> shape = t.info->shape();
    if (m->transform == GgufTransform::Scalar) {
      if (t.info->numel() != 1) throw CheckpointError(file.label() + ": '" + t.name() + "' must hold one value");
      shape.clear();
    } else if (m->transform == GgufTransform::DropUnitDim) {
      if (shape.size() != 2) throw CheckpointError(file.label() + ": '" + t.name() + "' must be [channels, kernel]");
      shape = {shape[0], 1, shape[1]};
    }
    const std::string name = m->transform == GgufTransform::Softplus ? softplusPerDimScaleName(m->name) : m->name;
    const auto dtype = plainDType(t.type());
    if (!dtype) {
      if (m->transform != GgufTransform::None) {
        throw CheckpointError(file.label() + ": '" + t.name() + "' is " + std::string(ggmlTypeName(t.type())) +
                              "-quantized, but this tensor is read as F32, F16 or BF16");
      }
      quantized_.push_back({name, t.type(), std::move(shape), t.data, static_cast<size_t>(t.info->bytes)});
      continue;
    }
    TensorView v;
    v.name = name;
    v.dtype = *dtype;
    v.data = t.data;
    v.bytes = static_cast<size_t>(t.info->bytes);
    if (m->transform == GgufTransform::PatchEmbed) {
      owned_.push_back(unpermutePatchEmbed(file, t, dtypeSize(*dtype)));
      v.data = owned_.back().data();
      shape = {shape[0], shape[1] * shape[2] * shape[3]};
    }
    v.shape = std::move(shape);
    views_.push_back(std::move(v));
  }
}

const QuantizedTensorView* GgufCheckpoint::findQuantized(std::string_view name) const {
  for (const QuantizedTensorView& q : quantized_) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

uint64_t GgufCheckpoint::totalFileBytes() const {
  return text_->fileSize() + (mmproj_ ? mmproj_->fileSize() : 0);
}

std::optional<fs::path> findMmprojBeside(const fs::path& textGguf) {
  const fs::path dir = textGguf.parent_path().empty() ? fs::path(".") : textGguf.parent_path();
  const std::string stem = textGguf.stem().string();
  for (const fs::path& p : {dir / (stem + "-mmproj.gguf"), dir / ("mmproj-" + stem + ".gguf")}) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
  }
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const fs::path p = e.path();
    if (!isGgufPath(p) || p == textGguf || !e.is_regular_file(ec)) continue;
    const std::string s = p.stem().string();
    if (s.rfind("mmproj", 0) == 0 || (s.size() > 7 && s.compare(s.size() - 7, 7, "-mmproj") == 0)) found.push_back(p);
  }
  if (found.empty()) return std::nullopt;
  if (found.size() > 1) {
    std::string names;
    for (const fs::path& p : found) names += " " + p.filename().string();
    throw CheckpointError("several mmproj files lie beside " + textGguf.string() + ":" + names +
                          "; choose one with --mmproj FILE");
  }
  return found.front();
}

}  // namespace gwb::model
