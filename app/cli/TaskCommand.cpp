// `run MODEL --task NAME --image FILE [--image FILE...] | --audio FILE [--budget N] [--prompt TEXT]
//  [--language L] [--target-language L] [--format text|json|srt|vtt] [--max-new-tokens N] [--segment-batch N] [-o FILE]`:
// runs a task preset (inference/runtime/Tasks.h) on media files. Tasks: caption,
// caption-detailed, ocr, ocr-markdown, detect and point (--prompt names what to find; JSON with
// pixel boxes / points), ask (--prompt is the question; image or audio), transcribe, translate,
// summarize. Audio of any length streams from disk; it is transcribed / translated per ≤ 30 s
// speech segment, with progress on stderr; srt / vtt / json carry the segment times. summarize /
// ask on a recording over 30 s transcribe every segment first and answer from the timed transcript.
// Ctrl-C stops after the current decode step and still writes what is finished (status 130); a
// second Ctrl-C exits at once. Needs a build with GWB_MEDIA.
// Video: `--task describe|actions|ask|speech-match --video FILE` plus the options in
// VideoTaskOptions.h (kVideoUsage states them and their defaults); the token plan and the frame
// extraction progress go to stderr, and a plan that does not fit is refused before any decoding.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "app/cli/InterruptFlag.h"
#include "app/cli/ModelArgs.h"
#include "app/cli/VideoTaskOptions.h"
#include "inference/runtime/Tasks.h"
#ifdef GWB_HAS_MEDIA
#include "inference/runtime/TaskRunner.h"
#include "inference/text/Subtitles.h"
#endif

namespace gwb::cli {

namespace {

std::string taskNames() {
  std::string s;
  for (const runtime::TaskPreset& t : runtime::taskPresets()) {
    if (t.name != "ask-audio" && t.name != "ask-video") s += (s.empty() ? "" : ", ") + t.name;
  }
  return s + " (summarize / ask on audio over 30 s: answered from the timed transcript of every segment)";
}

#ifdef GWB_HAS_MEDIA
std::string formatResult(const runtime::TaskPreset& preset, const runtime::TaskResult& r, const std::string& format) {
  const bool objects = preset.output != runtime::TaskOutput::Text;
  if (format == "srt") return text::toSrt(r.segments);
  if (format == "vtt") return text::toVtt(r.segments);
  if (format == "json") {
    nlohmann::json j = {{"task", preset.name}, {"text", r.text}};
    if (preset.media != runtime::TaskMedia::Image) j["segments"] = nlohmann::json::parse(text::toSegmentsJson(r.segments));
    if (objects) {
      j["image"] = {{"width", r.imageWidth}, {"height", r.imageHeight}};
      j["objects"] = r.objects;
      j["problems"] = r.problems;
    }
    if (!r.notes.empty()) j["notes"] = r.notes;
    if (r.cancelled) j["cancelled"] = true;
    return j.dump(2) + "\n";
  }
  if (objects) return r.objects.dump(2) + "\n";
  return r.text + "\n";
}
#endif

}  // namespace

std::string taskUsage() {
#ifndef GWB_HAS_MEDIA
  return "run --task (image, audio and video tasks) needs a build with media decoding (GWB_MEDIA=ON); this build "
         "has none.\n";
#else
  const std::string tasks = "the task preset: " + taskNames();
  const OptionHelp options[] = {
      {"--task NAME", tasks.c_str()},
      {"--image FILE", "an image (repeat --image for several)"},
      {"--audio FILE", "an audio file of any length (transcribed / translated per speech segment of up to 30 s)"},
      {"--prompt TEXT", "what to find (detect, point) or the question (ask)"},
      {"--language L", "transcribe: the spoken language (default: not given)"},
      {"--target-language L", "translate: the language to translate into (required there)"},
      {"--budget N", "image soft tokens: 70, 140, 280, 560 or 1120 (default: the preset's)"},
      {"--format text|json|srt|vtt", "the output; srt and vtt for audio tasks (default text)"},
      {"--max-new-tokens N", "most tokens per answer (per segment) (default: the preset's; transcribe / translate: "
                             "6 per second of the segment + 16)"},
      {"--segment-batch N", "audio: speech segments decoded together, 1 to 8 (default 8, fewer when GPU memory is short)"},
      {"-o, --output FILE", "write the result to FILE (default: standard output)"},
  };
  return formatOptions("task options (with --task; thinking is off)", options) + "\n" + videoOptionsUsage() +
         "\nCtrl-C stops after the current decode step and still writes what is finished (exit status 130).\n";
#endif
}

int runTaskCommand(CliArgs& args) {
  const std::string task = args.option("task", "");
  const std::vector<std::string> images = args.options("image");
  const std::string audio = args.option("audio", "");
  const std::string video = args.option("video", "");
  const long long budget = args.integer("budget", 0);
  const long long maxNew = args.integer("max-new-tokens", 0);
  const long long segmentBatch = args.integer("segment-batch", 0);
  const std::string format = args.option("format", "text");
  const std::string outPath = args.option("o").value_or(args.option("output", ""));
  runtime::TaskParams params;
  params.prompt = args.option("prompt", "");
  params.language = args.option("language", "");
  params.targetLanguage = args.option("target-language", "");

  const runtime::TaskMedia media = !video.empty()   ? runtime::TaskMedia::Video
                                   : audio.empty() ? runtime::TaskMedia::Image
                                                   : runtime::TaskMedia::Audio;
  const runtime::TaskPreset* preset = runtime::findTask(task, media);
  if (!preset) throw UsageError("unknown --task '" + task + "' (tasks: " + taskNames() + ")");
  if (int(!images.empty()) + int(!audio.empty()) + int(!video.empty()) > 1) {
    throw UsageError("give one of --image, --audio or --video");
  }
  if (preset->media == runtime::TaskMedia::Video && video.empty()) {
    throw UsageError("--task " + task + " needs --video FILE; " + kVideoUsage);
  }
  if (preset->media == runtime::TaskMedia::Image && images.empty()) throw UsageError("--task " + task + " needs --image FILE");
  if (preset->media == runtime::TaskMedia::Audio && audio.empty()) throw UsageError("--task " + task + " needs --audio FILE");
  if (format != "text" && format != "json" && format != "srt" && format != "vtt") {
    throw UsageError("--format must be text, json, srt or vtt");
  }
  if ((format == "srt" || format == "vtt") && preset->media != runtime::TaskMedia::Audio) {
    throw UsageError("--format " + format + " is for audio tasks");
  }
  if (budget != 0 && budget != 70 && budget != 140 && budget != 280 && budget != 560 && budget != 1120) {
    throw UsageError("--budget must be 70, 140, 280, 560 or 1120");
  }
  if (maxNew < 0) throw UsageError("--max-new-tokens must be positive");
  if (segmentBatch < 0 || segmentBatch > 8) throw UsageError("--segment-batch must be 1 to 8");
  try {
    (void)runtime::taskPrompt(*preset, params);
  } catch (const std::invalid_argument& e) {  // a missing question or target language
    throw UsageError(e.what());
  }
#ifndef GWB_HAS_MEDIA
  (void)outPath;
  throw UsageError("run --task needs a build with media decoding (GWB_MEDIA=ON)");
#else
  const media::VideoSamplingOptions videoOptions = video.empty() ? media::VideoSamplingOptions{} : readVideoOptions(args);
  // --random-weights: random towers for the media this task reads (video: frames and soundtrack).
  OpenedModel m = openModel(args, {.vision = media != runtime::TaskMedia::Audio,
                                   .audio = media != runtime::TaskMedia::Image});
  args.rejectUnknown();

  runtime::TaskRequest req;
  req.preset = preset;
  req.params = params;
  req.images = images;
  req.audio = audio;
  req.video = video;
  req.videoOptions = videoOptions;
  req.budget = int(budget);
  req.maxNewTokens = int(maxNew);
  req.segmentBatch = int(segmentBatch);
  runtime::TaskCallbacks cb;
  cb.onSegment = [](size_t i, size_t n, const text::TimedSegment& s) {
    std::fprintf(stderr, "segment %zu/%zu [%.2f s - %.2f s]: %zu characters\n", i + 1, n, s.start, s.end,
                 s.text.size());
  };
  // Plain answers stream to the terminal; everything else is written once complete.
  const bool stream = format == "text" && outPath.empty() && preset->output == runtime::TaskOutput::Text &&
                      !preset->perSegment && videoOptions.coverage == media::VideoCoverage::WholeLength;
  if (stream) {
    cb.onAnswer = [](const std::string& s) {
      std::fwrite(s.data(), 1, s.size(), stdout);
      std::fflush(stdout);
    };
  }
  cb.onPlanning = [next = 0.0](double done, double total) mutable {
    if (done < next) return;
    next = done + 600.0;
    if (total > 0) std::fprintf(stderr, "finding speech: %.0f of %.0f s\n", done, total);
    else std::fprintf(stderr, "finding speech: %.0f s\n", done);
  };
  if (!video.empty()) {
    printVideoPlan(*m.model, req);
    cb.onProgress = printVideoProgress;
  }
  const std::atomic<bool>* cancel = installInterruptFlag();
  const auto taskStart = std::chrono::steady_clock::now();
  runtime::TaskResult r = runtime::runTask(*m.model, req, cb, cancel);
  const double taskMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - taskStart).count();
  if (r.cancelled) {
    r.notes.push_back(preset->media == runtime::TaskMedia::Audio
                          ? "interrupted: the output holds the " + std::to_string(r.segments.size()) +
                                " segments finished before Ctrl-C"
                          : "interrupted: the answer stops where Ctrl-C stopped it");
  }
  for (const std::string& n : r.notes) std::fprintf(stderr, "note: %s\n", n.c_str());
  for (const std::string& p : r.problems) std::fprintf(stderr, "warning: %s\n", p.c_str());
  std::fprintf(stderr, "%s: %d prompt tokens, %d generated\n", preset->name.c_str(), r.promptTokens,
               r.generatedTokens);
  // Where the task's time went; "other" is media decoding, features, encoders and prompt building.
  std::fprintf(stderr,
               "%s: %.2f s in all: planning %.2f s, segment reading %.2f s, features + encoder %.2f s, prefill %.2f s, "
               "decode %.2f s, other %.2f s\n",
               preset->name.c_str(), taskMs / 1000.0, r.planningMs / 1000.0, r.mediaReadMs / 1000.0, r.encodeMs / 1000.0,
               r.prefillMs / 1000.0, r.decodeMs / 1000.0,
               (taskMs - r.planningMs - r.mediaReadMs - r.encodeMs - r.prefillMs - r.decodeMs) / 1000.0);
  const std::string out = stream ? "\n" : formatResult(*preset, r, format);
  if (outPath.empty()) {
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::ofstream f(outPath, std::ios::binary);
    f << out;
    if (!f) throw std::runtime_error("cannot write " + outPath);
    std::fprintf(stderr, "wrote %s\n", outPath.c_str());
  }
  return r.cancelled ? 130 : 0;
#endif
}

}  // namespace gwb::cli
