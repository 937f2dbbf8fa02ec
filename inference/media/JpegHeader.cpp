#include "inference/media/JpegHeader.h"

namespace gwb::media {

std::optional<JpegSize> readJpegFrameSize(const uint8_t* data, size_t size) {
    if (data == nullptr || size < 4 || data[0] != 0xFF || data[1] != 0xD8) {
        return std::nullopt;
    }
    size_t pos = 2;
    while (pos + 4 <= size) {
        if (data[pos] != 0xFF) {
            return std::nullopt; // markers must follow each other directly before the scan
        }
        uint8_t marker = data[pos + 1];
        if (marker == 0xFF) { // fill byte
            ++pos;
            continue;
        }
        pos += 2;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            continue; // TEM / RSTn carry no length
        }
        if (marker == 0xD9 || marker == 0xDA) {
            return std::nullopt; // EOI or SOS before any frame header
        }
        const size_t length = (static_cast<size_t>(data[pos]) << 8) | data[pos + 1];
        if (length < 2 || pos + length > size) {
            return std::nullopt;
        }
        const bool isSof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isSof) {
            // SOFn payload: precision (1), height (2), width (2), components...
            if (length < 7) {
                return std::nullopt;
            }
            JpegSize s;
            s.height = (data[pos + 3] << 8) | data[pos + 4];
            s.width = (data[pos + 5] << 8) | data[pos + 6];
            s.components = length >= 8 ? data[pos + 7] : 0;
            return s;
        }
        pos += length;
    }
    return std::nullopt;
}

} // namespace gwb::media
