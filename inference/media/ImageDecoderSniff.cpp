#include "inference/media/ImageDecoderSniff.h"

#include <cstdint>
#include <fstream>
#include <system_error>
#include <filesystem>

#include "inference/media/JpegHeader.h"

namespace gwb::media {

namespace {

constexpr size_t kHeadBytes = 256 * 1024;

bool startsWith(const std::string& s, const char* magic, size_t n) { return s.size() >= n && s.compare(0, n, magic, n) == 0; }

uint32_t be32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 | uint32_t(uint8_t(s[at + 2])) << 8 |
         uint32_t(uint8_t(s[at + 3]));
}

// Signatures of the other still-image formats FFmpeg reads: GIF, BMP, TIFF, WebP, QOI, PSD, EXR,
// JPEG 2000, JPEG XL, DDS, Radiance HDR, PNM (P1–P7, also ASCII), XBM / XPM (C text).
bool otherImageSignature(const std::string& s) {
  static const std::pair<const char*, size_t> kMagic[] = {
      {"GIF87a", 6}, {"GIF89a", 6}, {"BM", 2}, {"II*\0", 4}, {"MM\0*", 4}, {"qoif", 4}, {"8BPS", 4},
      {"\x76\x2f\x31\x01", 4}, {"\0\0\0\x0cjP  ", 8}, {"\xff\x4f\xff\x51", 4}, {"\xff\x0a", 2},
      {"\0\0\0\x0cJXL ", 8}, {"DDS ", 4}, {"#?RADIANCE", 10}, {"#?RGBE", 6}, {"#define", 7}, {"/* XPM */", 9}};
  for (const auto& [magic, n] : kMagic)
    if (startsWith(s, magic, n)) return true;
  if (s.size() >= 12 && startsWith(s, "RIFF", 4) && s.compare(8, 4, "WEBP") == 0) return true;
  return s.size() >= 3 && s[0] == 'P' && s[1] >= '1' && s[1] <= '7' && std::isspace(static_cast<unsigned char>(s[2]));
}

// Printable text: no control bytes but tab, newline, carriage return and form feed (UTF-8 bytes
// ≥ 0x80 are allowed, so any language's text counts).
bool looksLikeText(const std::string& s) {
  const size_t n = std::min<size_t>(s.size(), 4096);
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
    if (c == 0x7f) return false;
  }
  return n > 0;
}

}  // namespace

ImageHead sniffImageFile(const std::string& path) {
  ImageHead h;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return h;
  std::ifstream f(path, std::ios::binary);
  if (!f) return h;
  h.bytes.resize(kHeadBytes);
  f.read(h.bytes.data(), std::streamsize(kHeadBytes));
  h.bytes.resize(size_t(f.gcount()));
  const std::string& s = h.bytes;
  if (s.empty()) {
    h.kind = ImageHead::Kind::Empty;
  } else if (startsWith(s, "\x89PNG\r\n\x1a\n", 8)) {
    h.kind = ImageHead::Kind::Png;
    if (s.size() >= 24 && s.compare(12, 4, "IHDR") == 0) {
      const uint32_t w = be32(s, 16), hh = be32(s, 20);
      if (w > 0 && hh > 0 && w < (1u << 31) && hh < (1u << 31)) {
        h.width = int(w);
        h.height = int(hh);
      }
    }
  } else if (startsWith(s, "\xff\xd8\xff", 3)) {
    h.kind = ImageHead::Kind::Jpeg;
    if (const auto size = readJpegFrameSize(reinterpret_cast<const uint8_t*>(s.data()), s.size())) {
      h.width = size->width;
      h.height = size->height;
      h.components = size->components;
    }
  } else if (otherImageSignature(s)) {
    h.kind = ImageHead::Kind::Other;
  } else if (looksLikeText(s)) {
    h.kind = ImageHead::Kind::Text;
    h.textStart = s.substr(0, std::min(s.find_first_of("\r\n"), size_t(40)));
    if (h.textStart.size() < s.size() && h.textStart.size() == 40) h.textStart += "...";
  }
  return h;
}

}  // namespace gwb::media
