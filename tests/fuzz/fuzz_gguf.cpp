// libFuzzer target: the GGUF reader on arbitrary bytes (the whole input is the "file").
// Malformed input must end in CheckpointError (ConfigError / TokenizerError for metadata the
// model config or tokenizer reject); any other exception, a crash, a huge allocation
// (-rss_limit_mb) or undefined behaviour is a finding. When the header is accepted, every promise
// it makes is re-checked and each tensor's first and last byte is touched, so ASan catches a
// tensor reaching past the input; then the bytes go, as a memfd file, through what opening a
// .gguf model does: GgufFile, the Gemma 4 config and tokenizer from the metadata, and the
// tensors under their Hugging Face names (GgufCheckpoint).
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "inference/model/GgufCheckpoint.h"
#include "inference/model/GgufGemma4Config.h"
#include "inference/model/GgufHeader.h"
#include "inference/model/GgufTokenizerMetadata.h"
#include "inference/model/ModelErrors.h"
#include "inference/text/GgufTokenizer.h"
#include "inference/text/TokenizerError.h"

namespace {

void require(bool ok) {
  if (!ok) std::abort();  // a broken invariant of an accepted header is a finding
}

// The input as an anonymous in-memory file, closed on scope exit; path() names it for open().
class MemFile {
 public:
  MemFile(const uint8_t* data, size_t size) : fd_(memfd_create("fuzz.gguf", MFD_CLOEXEC)) {
    require(fd_ >= 0);
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      require(n > 0);
      done += static_cast<size_t>(n);
    }
  }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

// Everything opening a text GGUF reads from it (LoadedModel, `info`), each step on its own so a
// rejection in one does not hide the next.
void openAsModel(const uint8_t* data, size_t size) {
  using namespace gwb;
  const MemFile mem(data, size);
  std::unique_ptr<model::GgufFile> file;
  try {
    file = std::make_unique<model::GgufFile>(mem.path());
  } catch (const model::CheckpointError&) {
    std::abort();  // parseGgufHeader accepted these bytes: the mapped file must open too
  }
  try {
    (void)model::generationConfigFromGguf(*file, model::modelConfigFromGguf(*file, nullptr));
  } catch (const model::CheckpointError&) {
  } catch (const model::ConfigError&) {
  }
  try {
    (void)text::tokenizerFromGguf(model::ggufVocabOf(*file), mem.path());
  } catch (const model::CheckpointError&) {
  } catch (const text::TokenizerError&) {
  }
  try {
    const model::GgufCheckpoint ckpt(mem.path(), std::nullopt);
    (void)ckpt.totalFileBytes();
  } catch (const model::CheckpointError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gwb::model;
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  try {
    const GgufHeader h = parseGgufHeader(bytes, size, "fuzz.gguf");
    require(h.dataOffset <= size && h.alignment > 0 && (h.alignment & (h.alignment - 1)) == 0);
    const uint64_t dataSize = size - h.dataOffset;
    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    volatile uint8_t sink = 0;
    for (const GgufTensorInfo& t : h.tensors) {
      require(!t.ne.empty() && t.ne.size() <= kGgufMaxDims && isKnownGgmlType(static_cast<uint32_t>(t.type)));
      require(t.offset % h.alignment == 0 && t.offset <= dataSize && t.bytes <= dataSize - t.offset);
      require(rowIsWhole(t.type, static_cast<size_t>(t.ne[0])));
      ranges.emplace_back(t.offset, t.offset + t.bytes);
      sink = sink ^ data[h.dataOffset + t.offset] ^ data[h.dataOffset + t.offset + t.bytes - 1];
    }
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i) require(ranges[i - 1].second <= ranges[i].first);
    for (const GgufKv& kv : h.kvs) {
      require(!kv.key.empty());
      if (kv.value.isArray()) require(kv.value.elemType != GgufType::Array);
    }
    openAsModel(data, size);
  } catch (const CheckpointError&) {
    // the expected outcome for malformed input
  }
  return 0;
}
