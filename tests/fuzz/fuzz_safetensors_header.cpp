// libFuzzer target: parseSafetensorsHeader on arbitrary bytes (the whole input is the "file").
// Malformed input must end in CheckpointError; any other exception, a crash or undefined
// behaviour is a finding. When the header is accepted, every promise it makes is re-checked and
// each tensor's first and last byte is touched, so ASan catches a view reaching past the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "inference/model/ModelErrors.h"
#include "inference/model/SafetensorsHeader.h"

namespace {

void require(bool ok) {
  if (!ok) std::abort();  // a broken invariant of an accepted header is a finding
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  try {
    const gwb::model::SafetensorsHeader h = gwb::model::parseSafetensorsHeader(bytes, size, "fuzz.safetensors");
    require(h.dataOffset >= 8 && h.dataOffset <= size);
    const uint64_t dataSize = size - h.dataOffset;
    uint64_t prevEnd = 0;
    volatile uint8_t sink = 0;
    for (const auto& e : h.entries) {
      require(e.begin <= e.end && e.end <= dataSize);
      uint64_t numel = 1;
      for (int64_t d : e.shape) {
        require(d >= 0);
        numel *= static_cast<uint64_t>(d);
      }
      require(numel * gwb::model::dtypeSize(e.dtype) == e.end - e.begin);
      if (e.begin == e.end) continue;
      require(e.begin >= prevEnd);  // sorted, no overlaps
      prevEnd = e.end;
      sink = sink ^ data[h.dataOffset + e.begin] ^ data[h.dataOffset + e.end - 1];
    }
  } catch (const gwb::model::CheckpointError&) {
    // the expected outcome for malformed input
  }
  return 0;
}
