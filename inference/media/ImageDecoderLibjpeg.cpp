#include "inference/media/ImageDecoderLibjpeg.h"

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <vector>

extern "C" {
#include <jpeglib.h>
#include <jerror.h>
}

#include "inference/media/ImageDecoderShrink.h"
#include "inference/media/ImageOrientation.h"
#include "inference/media/MediaError.h"

namespace gwb::media {

namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

extern "C" void onJpegError(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

extern "C" void onJpegWarning(j_common_ptr cinfo, int level) {
  // Corrupt-data warnings (level −1) mean damaged entropy data: refuse, as the FFmpeg path does.
  if (level < 0) onJpegError(cinfo);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// The EXIF "Orientation" (0x0112) of an APP1 "Exif\0\0" block, 1 if absent or malformed.
int exifOrientation(const jpeg_saved_marker_ptr markers) {
  for (jpeg_saved_marker_ptr m = markers; m; m = m->next) {
    const uint8_t* d = m->data;
    const size_t n = m->data_length;
    if (m->marker != JPEG_APP0 + 1 || n < 14 || std::string(reinterpret_cast<const char*>(d), 6) != std::string("Exif\0\0", 6)) continue;
    const uint8_t* t = d + 6;
    const size_t tn = n - 6;
    const bool le = t[0] == 'I';
    auto u16 = [&](size_t at) -> unsigned { return at + 2 > tn ? 0u : le ? t[at] | t[at + 1] << 8 : t[at] << 8 | t[at + 1]; };
    auto u32 = [&](size_t at) -> size_t { return at + 4 > tn ? 0 : size_t(u16(le ? at + 2 : at)) << 16 | u16(le ? at : at + 2); };
    const size_t ifd = u32(4);
    if (ifd == 0 || ifd + 2 > tn) return 1;
    const unsigned entries = u16(ifd);
    for (unsigned i = 0; i < entries; ++i) {
      const size_t e = ifd + 2 + 12 * size_t(i);
      if (e + 12 > tn) break;
      if (u16(e) == 0x0112) {
        const unsigned v = u16(e + 8);
        return v >= 1 && v <= 8 ? int(v) : 1;
      }
    }
  }
  return 1;
}

int ceilDiv(int64_t a, int64_t b) { return int((a + b - 1) / b); }

// Everything libjpeg may longjmp out of lives in this function's callees, and the C++ objects it
// owns are made before the setjmp, so none is skipped.
struct Decoder {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  std::vector<uint8_t> row;
  std::vector<uint8_t> rgb;
  std::unique_ptr<RowBoxShrinker> shrink;
  int orientation = 1;
  int sourceW = 0, sourceH = 0;
};

}  // namespace

LibjpegResult decodeJpegWithLibjpeg(const std::string& path, int neededWidth, int neededHeight,
                                    const ImageDecodeOptions& options) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw MediaError(path, "cannot open the file");
  auto d = std::make_unique<Decoder>();
  jpeg_decompress_struct& cinfo = d->cinfo;
  cinfo.err = jpeg_std_error(&d->err.pub);
  d->err.pub.error_exit = onJpegError;
  d->err.pub.emit_message = onJpegWarning;
  std::string failure;
  int& orientation = d->orientation;
  int& sourceW = d->sourceW;
  int& sourceH = d->sourceH;
  if (setjmp(d->err.jump) == 0) {
    jpeg_create_decompress(&cinfo);
    cinfo.mem->max_memory_to_use = long(kMaxLibjpegBytes);
    jpeg_stdio_src(&cinfo, file.get());
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    sourceW = int(cinfo.image_width);
    sourceH = int(cinfo.image_height);
    if (int64_t{sourceW} * sourceH > options.maxSourcePixels) {
      failure = "the image is " + std::to_string(sourceW) + "x" + std::to_string(sourceH) + " pixels, over the limit of " +
                std::to_string(options.maxSourcePixels) + " pixels";
      jpeg_destroy_decompress(&cinfo);
      throw MediaError(path, failure);
    }
    orientation = options.applyOrientation ? exifOrientation(cinfo.marker_list) : 1;
    const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    // The smallest M/8 DCT scale that still covers the needed size.
    cinfo.scale_num = 8;
    cinfo.scale_denom = 8;
    if (neededWidth > 0 && neededHeight > 0) {
      for (unsigned m = 1; m <= 8; ++m) {
        if (ceilDiv(int64_t{sourceW} * m, 8) >= neededWidth && ceilDiv(int64_t{sourceH} * m, 8) >= neededHeight) {
          cinfo.scale_num = m;
          break;
        }
      }
    }
    jpeg_start_decompress(&cinfo);
    const int w = int(cinfo.output_width), h = int(cinfo.output_height);
    // Then an integer box shrink, while both sides stay at least the needed size, and at least
    // enough to respect the output limit.
    int factor = 1;
    if (neededWidth > 0 && neededHeight > 0) factor = std::max(1, std::min(w / neededWidth, h / neededHeight));
    while (int64_t{ceilDiv(w, factor)} * ceilDiv(h, factor) > options.maxDecodedPixels) ++factor;
    d->shrink = std::make_unique<RowBoxShrinker>(w, h, factor);
    d->row.resize(size_t(w) * size_t(cinfo.output_components));
    d->rgb.resize(size_t(w) * 3);
    const bool adobe = cinfo.saw_Adobe_marker;
    while (cinfo.output_scanline < cinfo.output_height) {
      JSAMPROW rows[1] = {d->row.data()};
      jpeg_read_scanlines(&cinfo, rows, 1);
      const uint8_t* src = d->row.data();
      uint8_t* dst = d->rgb.data();
      if (cmyk) {
        for (int x = 0; x < w; ++x) {
          // Adobe stores 255 − ink; plain CMYK stores the ink.
          const int k = adobe ? src[4 * x + 3] : 255 - src[4 * x + 3];
          for (int c = 0; c < 3; ++c) {
            const int v = adobe ? src[4 * x + c] : 255 - src[4 * x + c];
            dst[3 * x + c] = uint8_t((v * k + 127) / 255);
          }
        }
      } else {
        std::copy(src, src + size_t(w) * 3, dst);
      }
      d->shrink->addRow(dst);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
  } else {
    failure = d->err.message;
    jpeg_destroy_decompress(&cinfo);
    const bool memory = d->err.pub.msg_code == JERR_NO_BACKING_STORE || d->err.pub.msg_code == JERR_OUT_OF_MEMORY;
    if (memory) {
      throw MediaError(path, "the JPEG (" + std::to_string(sourceW) + "x" + std::to_string(sourceH) +
                                 ", progressive or multi-scan) needs more than " +
                                 std::to_string(kMaxLibjpegBytes >> 20) +
                                 " MiB to decode; save it as a baseline JPEG or scale it down first");
    }
    throw MediaError(path, "the image data is corrupt or truncated (libjpeg: " + failure + ")");
  }
  LibjpegResult out;
  const bool swap = orientation >= 5;
  out.sourceWidth = swap ? sourceH : sourceW;
  out.sourceHeight = swap ? sourceW : sourceH;
  out.image = applyExifOrientation(d->shrink->take(), orientation);
  return out;
}

}  // namespace gwb::media
