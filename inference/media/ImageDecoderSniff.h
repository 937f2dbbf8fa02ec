#pragma once
// Looks at the first bytes of a file before any decoder does: PNG and JPEG headers give the size
// (and JPEG the component count) without decoding, so huge or CMYK pictures can be routed to
// libpng / libjpeg; and a text file (whatever its name says) is recognised as text, so the user
// reads "not an image: the file holds text" rather than a decoder's "invalid PNG signature".
#include <string>

namespace gwb::media {

struct ImageHead {
  enum class Kind { Unknown, Empty, Png, Jpeg, Text, Other };  // Other: another known image signature
  Kind kind = Kind::Unknown;  // Unknown also when the file cannot be opened (the decoder says why)
  int width = 0, height = 0;  // PNG / JPEG: from IHDR / SOFn (0 if not within the first 256 KiB)
  int components = 0;         // JPEG
  std::string textStart;      // Text: the first line, shortened
  std::string bytes;          // the first up to 256 KiB read
};

ImageHead sniffImageFile(const std::string& path);

}  // namespace gwb::media
