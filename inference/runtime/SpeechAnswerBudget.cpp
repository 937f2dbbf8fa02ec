#include "inference/runtime/SpeechAnswerBudget.h"

#include <algorithm>
#include <cmath>

namespace gwb::runtime {

int speechAnswerBudget(double seconds) {
  if (!(seconds > 0)) return kSpeechAnswerOverheadTokens;
  // No speech segment is longer than a few minutes (the planner cuts at 30 s); the clamp only
  // keeps a nonsense length from overflowing the int.
  const double tokens = std::ceil(std::min(seconds, 1.0e6) * kSpeechTokensPerSecond);
  return int(tokens) + kSpeechAnswerOverheadTokens;
}

}  // namespace gwb::runtime
