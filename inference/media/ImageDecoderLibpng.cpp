#include "inference/media/ImageDecoderLibpng.h"

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <vector>

#include <png.h>

#include "inference/media/FrameToRgb.h"
#include "inference/media/ImageDecoderShrink.h"
#include "inference/media/MediaError.h"

namespace gwb::media {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

struct Decoder {
  png_structp png = nullptr;
  png_infop info = nullptr;
  char message[256] = {};
  std::vector<uint8_t> row;
  std::vector<uint8_t> rgb;
  std::unique_ptr<RowBoxShrinker> shrink;
  uint32_t width = 0, height = 0;
  ~Decoder() {
    if (png) png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
  }
};

extern "C" void onPngError(png_structp png, png_const_charp message) {
  auto* d = static_cast<Decoder*>(png_get_error_ptr(png));
  std::snprintf(d->message, sizeof d->message, "%s", message);
  png_longjmp(png, 1);
}

extern "C" void onPngWarning(png_structp, png_const_charp) {}

int ceilDiv(int64_t a, int64_t b) { return int((a + b - 1) / b); }

}  // namespace

LibjpegResult decodePngWithLibpng(const std::string& path, int neededWidth, int neededHeight,
                                  const ImageDecodeOptions& options) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw MediaError(path, "cannot open the file");
  auto d = std::make_unique<Decoder>();
  d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, d.get(), onPngError, onPngWarning);
  if (!d->png) throw MediaError(path, "libpng could not start");
  d->info = png_create_info_struct(d->png);
  if (!d->info) throw MediaError(path, "libpng could not start");
  std::string refusal;
  if (setjmp(png_jmpbuf(d->png)) == 0) {
    png_init_io(d->png, file.get());
    png_set_user_limits(d->png, 0x7fffffff, 0x7fffffff);  // our own ceiling is checked below
    png_read_info(d->png, d->info);
    d->width = png_get_image_width(d->png, d->info);
    d->height = png_get_image_height(d->png, d->info);
    const int64_t pixels = int64_t{d->width} * d->height;
    if (pixels > options.maxSourcePixels) {
      refusal = "the image is " + std::to_string(d->width) + "x" + std::to_string(d->height) +
                " pixels, over the limit of " + std::to_string(options.maxSourcePixels) + " pixels";
    } else if (png_get_interlace_type(d->png, d->info) != PNG_INTERLACE_NONE) {
      refusal = "the image is an interlaced PNG of " + std::to_string(d->width) + "x" + std::to_string(d->height) +
                " pixels, too large to decode whole; save it without interlacing or scale it down first";
    }
    if (refusal.empty()) {
      png_set_expand(d->png);  // palette → RGB, grey < 8 bit → 8 bit, tRNS → alpha
      png_set_strip_16(d->png);
      png_set_gray_to_rgb(d->png);
      png_read_update_info(d->png, d->info);
      const int channels = png_get_channels(d->png, d->info);  // 3 or 4
      const int w = int(d->width), h = int(d->height);
      int factor = 1;
      if (neededWidth > 0 && neededHeight > 0) factor = std::max(1, std::min(w / neededWidth, h / neededHeight));
      while (int64_t{ceilDiv(w, factor)} * ceilDiv(h, factor) > options.maxDecodedPixels) ++factor;
      d->shrink = std::make_unique<RowBoxShrinker>(w, h, factor);
      d->row.resize(png_get_rowbytes(d->png, d->info));
      d->rgb.resize(size_t(w) * 3);
      for (int y = 0; y < h; ++y) {
        png_read_row(d->png, d->row.data(), nullptr);
        const uint8_t* src = d->row.data();
        uint8_t* dst = d->rgb.data();
        for (int x = 0; x < w; ++x) {
          for (int c = 0; c < 3; ++c) {
            const uint8_t v = src[channels * x + c];
            dst[3 * x + c] = channels == 4 ? flattenOnWhite(v, src[channels * x + 3]) : v;
          }
        }
        d->shrink->addRow(dst);
      }
      png_read_end(d->png, nullptr);
    }
  } else {
    throw MediaError(path, std::string("the image data is corrupt or truncated (libpng: ") + d->message + ")");
  }
  if (!refusal.empty()) throw MediaError(path, refusal);
  LibjpegResult out;
  out.sourceWidth = int(d->width);
  out.sourceHeight = int(d->height);
  out.image = d->shrink->take();
  return out;
}

}  // namespace gwb::media
