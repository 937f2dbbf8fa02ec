#include "inference/model/Checkpoint.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "inference/model/ModelErrors.h"

namespace gwb::model {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSingleFile = "model.safetensors";
constexpr const char* kIndexFile = "model.safetensors.index.json";

std::string readTextFile(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw CheckpointError("cannot read " + path.string());
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// A shard must be a plain file name next to the index: no folders, no "..", so an index cannot
// make us map an arbitrary file elsewhere on the disk.
bool isPlainFileName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos;
}

}  // namespace

Checkpoint::Checkpoint(const fs::path& textGguf, const std::optional<fs::path>& mmproj) {
  dir_ = textGguf.parent_path();
  gguf_ = std::make_unique<GgufCheckpoint>(textGguf, mmproj);
  for (const TensorView& t : gguf_->views()) {
    if (!byName_.emplace(t.name, &t).second) {
      throw CheckpointError("tensor '" + t.name + "' appears twice in " + textGguf.string() +
                            (mmproj ? " and " + mmproj->string() : std::string()));
    }
  }
}

Checkpoint::Checkpoint(std::vector<TensorView> inMemory, const std::string& label)
    : dir_(label), inMemory_(std::move(inMemory)) {
  for (const TensorView& t : inMemory_) {
    if (!byName_.emplace(t.name, &t).second) {
      throw CheckpointError("tensor '" + t.name + "' appears twice in " + label);
    }
  }
}

Checkpoint::Checkpoint(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && isGgufPath(path)) {
    *this = Checkpoint(path, findMmprojBeside(path));
    return;
  }
  if (fs::is_regular_file(path, ec)) {
    dir_ = path.parent_path();
    if (path.filename() == kIndexFile) {
      openSharded(path);
    } else {
      openSingle(path);
    }
    return;
  }
  if (!fs::is_directory(path, ec)) {
    throw CheckpointError("model folder " + path.string() + " does not exist");
  }
  dir_ = path;
  // Hugging Face prefers the single file when both exist; so do we.
  if (fs::exists(path / kSingleFile, ec)) {
    openSingle(path / kSingleFile);
  } else if (fs::exists(path / kIndexFile, ec)) {
    openSharded(path / kIndexFile);
  } else {
    throw CheckpointError("no " + std::string(kSingleFile) + " or " + kIndexFile + " in " + path.string() +
                          " (is this a Hugging Face safetensors model folder?)");
  }
}

void Checkpoint::openSingle(const fs::path& file) {
  files_.push_back(std::make_unique<SafetensorsFile>(file));
  addTensorsOf(*files_.back());
}

void Checkpoint::openSharded(const fs::path& indexFile) {
  sharded_ = true;
  const std::string label = indexFile.string();
  nlohmann::json index;
  try {
    index = nlohmann::json::parse(readTextFile(indexFile));
  } catch (const nlohmann::json::exception& e) {
    throw CheckpointError(label + ": not valid JSON: " + e.what());
  }
  if (!index.is_object()) throw CheckpointError(label + ": must be a JSON object");
  auto wm = index.find("weight_map");
  if (wm == index.end()) throw CheckpointError(label + ": missing \"weight_map\"");
  if (!wm->is_object()) throw CheckpointError(label + ": \"weight_map\" must be an object");

  std::map<std::string, const SafetensorsFile*> shardByName;
  for (const auto& [tensorName, shardValue] : wm->items()) {
    if (!shardValue.is_string()) {
      throw CheckpointError(label + ": weight_map[\"" + tensorName + "\"] must be a file name string");
    }
    const std::string shard = shardValue.get<std::string>();
    if (!isPlainFileName(shard)) {
      throw CheckpointError(label + ": weight_map[\"" + tensorName + "\"] names \"" + shard +
                            "\", which is not a plain file name in the model folder");
    }
    auto it = shardByName.find(shard);
    if (it == shardByName.end()) {
      const fs::path shardPath = indexFile.parent_path() / shard;
      std::error_code ec;
      if (!fs::exists(shardPath, ec)) {
        throw CheckpointError("shard " + shard + " listed in " + label + " (for tensor '" + tensorName +
                              "') is missing: " + shardPath.string() + " does not exist");
      }
      files_.push_back(std::make_unique<SafetensorsFile>(shardPath));
      addTensorsOf(*files_.back());
      it = shardByName.emplace(shard, files_.back().get()).first;
    }
    if (it->second->find(tensorName) == nullptr) {
      throw CheckpointError("tensor '" + tensorName + "' is listed in " + label + " under shard " + shard +
                            ", but that shard does not contain it");
    }
  }
  if (files_.empty()) throw CheckpointError(label + ": \"weight_map\" is empty");
}

void Checkpoint::addTensorsOf(const SafetensorsFile& file) {
  for (const TensorView& t : file.tensors()) {
    auto [it, inserted] = byName_.emplace(t.name, &t);
    if (!inserted) {
      throw CheckpointError("tensor '" + t.name + "' appears twice in checkpoint " + dir_.string() +
                            " (in " + file.path().filename().string() + " and another shard)");
    }
  }
}

const QuantizedTensorView* Checkpoint::findQuantized(std::string_view name) const {
  return gguf_ ? gguf_->findQuantized(name) : nullptr;
}

uint64_t Checkpoint::totalFileBytes() const {
  uint64_t n = gguf_ ? gguf_->totalFileBytes() : 0;
  for (const auto& f : files_) n += f->fileSize();
  return n;
}

const TensorView* Checkpoint::find(std::string_view name) const {
  auto it = byName_.find(name);
  return it == byName_.end() ? nullptr : it->second;
}

const TensorView& Checkpoint::tensor(std::string_view name) const {
  const TensorView* t = find(name);
  if (t == nullptr && findQuantized(name) != nullptr) {
    throw CheckpointError("tensor '" + std::string(name) + "' is " +
                          std::string(ggmlTypeName(findQuantized(name)->type)) +
                          "-quantized in " + dir_.string() + ", and this part of the model reads only F32, F16 or BF16");
  }
  if (t == nullptr) {
    throw CheckpointError("tensor '" + std::string(name) + "' not found in checkpoint " + dir_.string());
  }
  return *t;
}

std::vector<const TensorView*> Checkpoint::tensors() const {
  std::vector<const TensorView*> out;
  out.reserve(byName_.size());
  for (const auto& [name, t] : byName_) out.push_back(t);
  return out;
}

}  // namespace gwb::model
