#pragma once
// Sections of `gemma-workbench-cli bench` implemented in their own files. BenchCommand.cpp
// measures the text decoder (prefill, decode at depth, op-family profile, peak memory) and calls
// the hooks below; their rows go into the report's "encoders" array.
#include <functional>
#include <string>
#include <vector>

#include "app/cli/ModelArgs.h"

namespace gwb::cli {

// One timed quantity: the median of `runs` timed runs after a warm-up.
struct BenchRow {
  std::string name;
  double median = 0;
  std::string unit;  // "ms"
  int runs = 0;      // 0: not measured (note says why)
  std::string note;
};

// Runs `work` again and again for at least `seconds` of wall time before the first timed row: a
// GPU that was idle runs at its idle clocks until it has been busy for a while (an H100's first
// 280-token vision towers measured 57 ms against 18 ms once it was warm).
void warmUpGpuClocks(const std::function<void()>& work, double seconds = 1.0);

// Encoder timings and time to first token (BenchEncoders.cpp): vision tower at 280 / 1120 soft
// tokens, audio tower per 30 s, and the time to first token of a 280-token image + prompt and of
// 30 s of audio + prompt. With `profile`, it also receives a per-op GPU profile (one run of the
// 280-token picture and of 30 s of audio, every dispatch timed) as text.
void benchEncoders(OpenedModel& m, int repeats, std::vector<BenchRow>& rows, std::string* profile = nullptr);

}  // namespace gwb::cli
