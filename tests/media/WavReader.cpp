#include "WavReader.h"

#include "MediaTestSupport.h"

#include <cstring>

namespace gwb::media::test {

static uint32_t le32(const std::string& b, size_t p) {
    return uint32_t(uint8_t(b[p])) | uint32_t(uint8_t(b[p + 1])) << 8 | uint32_t(uint8_t(b[p + 2])) << 16 |
           uint32_t(uint8_t(b[p + 3])) << 24;
}
static uint16_t le16(const std::string& b, size_t p) { return uint16_t(uint8_t(b[p]) | uint8_t(b[p + 1]) << 8); }

bool readPcm16Wav(const std::string& path, PcmWav& out) {
    const std::string b = readFile(path);
    if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0) return false;
    size_t p = 12;
    bool haveFormat = false;
    while (p + 8 <= b.size()) {
        const std::string id = b.substr(p, 4);
        const size_t size = le32(b, p + 4);
        const size_t body = p + 8;
        if (body + size > b.size()) return false;
        if (id == "fmt ") {
            if (size < 16 || le16(b, body) != 1 || le16(b, body + 14) != 16) return false;
            out.channels = le16(b, body + 2);
            out.sampleRate = int(le32(b, body + 4));
            haveFormat = true;
        } else if (id == "data" && haveFormat) {
            out.samples.resize(size / 2);
            std::memcpy(out.samples.data(), b.data() + body, out.samples.size() * 2);
            return true;
        }
        p = body + size + (size & 1);
    }
    return false;
}

} // namespace gwb::media::test
