#pragma once
// Writes timed transcript segments as SubRip (.srt), WebVTT (.vtt), a JSON list, or plain text.
// Times are seconds from the start of the media, rounded to the millisecond. Segments whose text
// is blank are left out (an empty cue is noise in every player); numbering stays consecutive.
// Invalid times (negative, not finite, end before start) throw std::invalid_argument naming the
// segment, since a silently wrong subtitle file is worse than a clear error.
#include <span>
#include <string>

namespace gwb::text {

struct TimedSegment {
  double start, end;  // seconds
  std::string text;   // may hold several lines ('\n')
};

// "1\n00:00:01,250 --> 00:00:03,000\ntext\n\n". SRT has room for two hour digits only, so a time
// of 100 hours or more throws std::invalid_argument. Blank lines inside a text would end the cue
// early and are dropped; "\r\n" becomes "\n".
std::string toSrt(std::span<const TimedSegment> segments);
// "WEBVTT\n\n00:00:01.250 --> 00:00:03.000\ntext\n\n". Hours take as many digits as needed (VTT
// allows it). '&', '<' and '>' in the text are escaped, which also keeps "-->" out of cue text.
std::string toVtt(std::span<const TimedSegment> segments);
// [{"start": 1.25, "end": 3.0, "text": "..."}] (indented; invalid UTF-8 becomes U+FFFD).
std::string toSegmentsJson(std::span<const TimedSegment> segments);
// One line per segment, line breaks inside a segment folded into spaces, ending with "\n".
std::string toPlainText(std::span<const TimedSegment> segments);

}  // namespace gwb::text
