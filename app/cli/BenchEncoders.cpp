// The encoder section of `bench` (BenchSections.h): vision tower at 280 and 1120 soft tokens,
// audio tower per 30 s, and time to first token (encoder + prefill + first token id) for a
// 280-token image + prompt and for 30 s of audio + prompt. Times are host wall-clock around
// calls that wait for the GPU (what a user waits for), medians after one warm-up run.
// With --random-weights the towers a model lacks get random weights (model/RandomMediaTowers.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "app/cli/CommandUsage.h"
#include "app/cli/BenchSections.h"
#include "app/cli/Commands.h"
#include "app/cli/DispatchProfile.h"
#include "inference/model/AudioEncoder.h"
#include "inference/model/MediaWeightManifest.h"
#include "inference/model/RandomMediaTowers.h"
#include "inference/model/VisionEncoder.h"
#include "inference/runtime/Sampler.h"
#include "inference/runtime/Session.h"

namespace gwb::cli {

namespace {

constexpr uint32_t kAudioFramesPer30s = 3000;  // 10 ms hop (Gemma4AudioFeatureExtractor)
constexpr uint32_t kPromptTokens = 16;         // text tokens around the media placeholders

double medianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Warm-up once, then `repeats` timed runs of f (wall ms).
BenchRow timeRow(const std::string& name, const std::string& note, int repeats, const std::function<void()>& f) {
  f();
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return {name, medianOf(ms), "ms", repeats, note};
}

// A picture of w x h patches (multiples of the pooling kernel) with random pixels in [0, 1].
struct RandomPicture {
  std::vector<float> pixels;
  std::vector<int64_t> positions;
};
RandomPicture randomPicture(uint32_t w, uint32_t h, uint32_t patchValues) {
  RandomPicture p;
  std::mt19937 rng(w * 1000 + h);
  std::uniform_real_distribution<float> d(0.0f, 1.0f);
  p.pixels.resize(size_t(w) * h * patchValues);
  for (float& x : p.pixels) x = d(rng);
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) p.positions.insert(p.positions.end(), {int64_t(x), int64_t(y)});
  }
  return p;
}

// One profiled run as text: totals, op families, then pipelines by time.
std::string profileText(const std::string& what, double towerMs, const std::vector<gpu::RegionTiming>& timings) {
  DispatchProfile p;
  p.add(timings);
  char line[256];
  std::snprintf(line, sizeof line, "profile %s: %zu dispatches, %.3f ms summed (tower region %.3f ms)\n", what.c_str(),
                timings.size(), p.total, towerMs);
  std::string s = line;
  s += "  families:";
  for (const auto& [f, ms] : p.families) {
    std::snprintf(line, sizeof line, " %s %.3f", f.c_str(), ms);
    s += line;
  }
  s += "\n";
  for (const auto& [name, v] : p.byTime()) {
    std::snprintf(line, sizeof line, "  %-44s %8.3f ms %5d dispatches\n", name.c_str(), v.first, v.second);
    s += line;
  }
  return s;
}

// BOS, prompt ids, `count` placeholders `id`, prompt ids.
std::vector<int32_t> mediaPrompt(int32_t id, uint32_t count, uint32_t vocab) {
  std::vector<int32_t> ids{2};
  for (uint32_t i = 0; i < kPromptTokens / 2; ++i) ids.push_back(int32_t(100 + 37 * i) % int32_t(vocab));
  ids.insert(ids.end(), count, id);
  for (uint32_t i = 0; i < kPromptTokens / 2; ++i) ids.push_back(int32_t(200 + 53 * i) % int32_t(vocab));
  return ids;
}

}  // namespace

void warmUpGpuClocks(const std::function<void()>& work, double seconds) {
  const auto t0 = std::chrono::steady_clock::now();
  do {
    work();
  } while (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < seconds);
}

void benchEncoders(OpenedModel& m, int repeats, std::vector<BenchRow>& rows, std::string* profile) {
  runtime::LoadedModel& lm = *m.model;
  const model::ModelConfig& cfg = lm.config();
  gpu::Device& dev = *m.device;
  model::RandomMediaTowers random;
  model::VisionEncoder* vision = lm.visionEncoder();
  const model::AudioEncoder* audio = lm.audioEncoder();
  if ((!vision && cfg.vision) || (!audio && cfg.audio)) {
    random = model::randomMediaTowers(dev, cfg, {.vision = !vision, .audio = !audio}, 20261122);
    std::fprintf(stderr, "bench: random tower weights in %.1f s\n", random.seconds);
    if (!vision) vision = random.vision.get();
    if (!audio) audio = random.audio.get();
  }
  const uint32_t V = uint32_t(cfg.text.vocabSize);

  std::vector<float> imageRows;  // embed_vision rows of the 280-token picture
  if (vision) {
    const auto& vc = vision->config();
    const uint32_t k = uint32_t(vc.poolingKernelSize), patchValues = 3u * uint32_t(vc.patchSize * vc.patchSize);
    // 280 tokens: a 14 x 20 pooled grid; 1120: 28 x 40 (the budgets' largest pictures, 3:2 / 2:3).
    for (const auto& grid : {std::pair<uint32_t, uint32_t>{14, 20}, {28, 40}}) {
      const uint32_t tw = grid.first, th = grid.second;
      const RandomPicture pic = randomPicture(tw * k, th * k, patchValues);
      const std::string name = "vision tower " + std::to_string(tw * th) + " tokens";
      if (tw == 14) warmUpGpuClocks([&] { vision->encode({pic.pixels, pic.positions}); });
      std::vector<double> gpuMs;
      rows.push_back(timeRow(name,
                             std::to_string(tw * k * th * k) + " patches, encoder + embed_vision incl. upload",
                             repeats, [&] {
                               const model::VisionOutput o = vision->encode({pic.pixels, pic.positions});
                               if (tw == 14) imageRows = o.embeddings;
                               gpuMs.push_back(o.gpuMs);
                             }));
      gpuMs.erase(gpuMs.begin());  // the warm-up
      rows.push_back({name + " (GPU)", medianOf(gpuMs), "ms", repeats, "GPU timestamps around the recorded tower"});
      if (profile && tw == 14) {
        vision->setProfiling(true);
        const model::VisionOutput o = vision->encode({pic.pixels, pic.positions});
        vision->setProfiling(false);
        *profile += profileText(name, o.gpuMs, vision->lastTimings());
      }
    }
  } else {
    rows.push_back({"vision tower", 0, "ms", 0, "this model has no vision tower"});
  }

  std::vector<float> mel(size_t(kAudioFramesPer30s) * model::kAudioMelBins);
  std::vector<uint8_t> melMask(kAudioFramesPer30s, 1);
  if (audio) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> d(-1.5f, 1.5f);  // log-mel values of normalized speech
    for (float& x : mel) x = d(rng);
    if (!vision) warmUpGpuClocks([&] { audio->encode(mel, uint32_t(model::kAudioMelBins), melMask); });
    std::vector<double> gpuMs;
    rows.push_back(timeRow("audio tower 30 s", std::to_string(kAudioFramesPer30s) + " mel frames -> " +
                                                   std::to_string(model::audioTokenCount(kAudioFramesPer30s)) +
                                                   " tokens, encoder + embed_audio incl. upload",
                           repeats, [&] {
                             gpuMs.push_back(audio->encode(mel, uint32_t(model::kAudioMelBins), melMask).gpuMs);
                           }));
    gpuMs.erase(gpuMs.begin());  // the warm-up
    rows.push_back({"audio tower 30 s (GPU)", medianOf(gpuMs), "ms", repeats, "GPU timestamps around the recorded tower"});
    if (profile) {
      audio->setProfiling(true);
      const double ms = audio->encode(mel, uint32_t(model::kAudioMelBins), melMask).gpuMs;
      audio->setProfiling(false);
      *profile += profileText("audio tower 30 s", ms, audio->lastTimings());
    }
  } else {
    rows.push_back({"audio tower", 0, "ms", 0, "this model has no audio tower"});
  }

  // Time to first token: encoder + prefill of prompt with the soft tokens + the first id.
  auto ttft = [&](const std::string& name, int32_t placeholder, uint32_t count,
                  const std::function<std::vector<float>()>& encode) {
    const std::vector<int32_t> ids = mediaPrompt(placeholder, count, V);
    std::vector<int32_t> softRow(ids.size(), -1);
    int32_t n = 0;
    for (size_t t = 0; t < ids.size(); ++t) {
      if (ids[t] == placeholder) softRow[t] = n++;
    }
    const uint32_t T = uint32_t(ids.size());
    runtime::Session session(lm, T + 8, T);
    rows.push_back(timeRow(name, std::to_string(count) + " soft tokens + " + std::to_string(T - count) +
                                     " text tokens, one prefill chunk",
                           repeats, [&] {
                             session.reset();
                             const std::vector<float> emb = encode();
                             const auto logits = session.prefillWithEmbeddings(ids, emb, softRow);
                             (void)runtime::argmax(logits);
                           }));
  };
  if (vision) {
    const auto& vc = vision->config();
    const uint32_t k = uint32_t(vc.poolingKernelSize), patchValues = 3u * uint32_t(vc.patchSize * vc.patchSize);
    const RandomPicture pic = randomPicture(14 * k, 20 * k, patchValues);
    ttft("time to first token, 280-token image + prompt", int32_t(cfg.tokens.image), 280,
         [&] { return vision->encode({pic.pixels, pic.positions}).embeddings; });
  }
  if (audio) {
    const uint32_t tokens = model::audioTokenCount(kAudioFramesPer30s);
    ttft("time to first token, 30 s audio + prompt", int32_t(cfg.tokens.audio), tokens,
         [&] { return audio->encode(mel, uint32_t(model::kAudioMelBins), melMask).embeddings; });
  }
}

// `bench-encoders MODEL|--random-weights CONFIG [--repeats N]`: the rows above as a table.
std::string benchEncodersUsage() {
  static const OptionHelp kOptions[] = {
      {"--repeats N", "timed runs per row; the median is reported (default 5)"},
  };
  return "usage: gemma-workbench-cli bench-encoders (MODEL | --random-weights CONFIG_JSON) [--repeats N]\n\n"
         "Times the vision tower (280 and 1120 soft tokens), the audio tower per 30 s, and the time to first\n"
         "token of an image + prompt and of 30 s of audio + prompt, then a per-op GPU profile of one run of\n"
         "each tower (every dispatch timed).\n\n" +
         formatOptions("options", kOptions) + "\n" + modelOptionsUsage();
}

int runBenchEncoders(CliArgs& args) {
  const long long repeats = args.integer("repeats", 5);
  if (repeats < 1) throw UsageError("--repeats must be at least 1");
  OpenedModel m = openModel(args);
  args.rejectUnknown();
  std::vector<BenchRow> rows;
  std::string profile;
  benchEncoders(m, int(repeats), rows, &profile);
  for (const BenchRow& r : rows) {
    std::printf("%-48s %10.2f %-3s (median of %d)  %s\n", r.name.c_str(), r.median, r.unit.c_str(), r.runs,
                r.note.c_str());
  }
  // Per-dispatch timestamps add a little GPU time of their own, so the sums run above the rows.
  std::printf("\n%s", profile.c_str());
  return 0;
}

}  // namespace gwb::cli
