#pragma once
// PNGs larger than the decoded-picture limit or FFmpeg's ~264 MP limit, decoded row by row with
// libpng and box-shrunk on the fly (ImageDecoderShrink.h) to the smallest integer reduction that
// still covers what the vision preprocessing needs, so the full picture never exists in memory.
// Every PNG colour type is converted as the FFmpeg path does: palette and grey expanded, 16-bit
// taken as its high byte (v·257 → v), alpha (or tRNS) flattened on white. Interlaced (Adam7)
// pictures of that size are refused: their rows only complete in the last pass.
#include <string>

#include "inference/media/ImageDecoder.h"
#include "inference/media/ImageDecoderLibjpeg.h"

namespace gwb::media {

LibjpegResult decodePngWithLibpng(const std::string& path, int neededWidth, int neededHeight,
                                  const ImageDecodeOptions& options);

}  // namespace gwb::media
