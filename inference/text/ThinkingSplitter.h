#pragma once
// Splits Gemma 4's streamed output into thinking and answer as it arrives:
//   [<|channel>thought\n{reasoning}<channel|>]{answer}
// Fed decoded text pieces (special tokens included), it routes each character to the right side
// and holds back only what could still be the start of a marker.
#include <string>
#include <string_view>

namespace gwb::text {

class ThinkingSplitter {
 public:
  struct Pieces {
    std::string thinking;
    std::string answer;
  };
  Pieces push(std::string_view text);
  Pieces finish();  // whatever is held back

 private:
  Pieces route(bool final);
  std::string pending_;
  bool inThought_ = false;
  bool stripLabel_ = false;  // drop the "thought\n" label right after <|channel>
};

}  // namespace gwb::text
