#include "app/cli/VideoTaskOptions.h"

#include <cstdio>
#include <stdexcept>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"

namespace gwb::cli {

namespace {

const OptionHelp kVideoOptions[] = {
    {"--video FILE", "the video: MP4, MKV, WebM, MOV, AVI or animated GIF"},
    {"--fps F", "frames sampled per second of video (default 1)"},
    {"--num-frames N", "the reference processor's uniform sampling of N frames, e.g. 32 (default off)"},
    {"--max-frames N", "frames per answer (default 60)"},
    {"--frame-budget 70|140|280|560|1120", "soft tokens per frame (default 70)"},
    {"--with-audio|--no-audio", "the soundtrack, on models with an audio tower (default with)"},
    {"--coverage whole|windows", "videos longer than max-frames/fps: whole = max-frames frames spread over the whole "
                                 "length, one answer (the default); windows = one answer per max-frames window, in order"},
};

// "video options: --video FILE (...) [--fps F (...)] ...": the first row is required, the rest optional.
std::string oneLineVideoUsage() {
  std::string s = "video options:";
  for (const OptionHelp& o : kVideoOptions) {
    const bool required = &o == &kVideoOptions[0];
    s += std::string(required ? " " : " [") + o.names + " (" + o.meaning + ")" + (required ? "" : "]");
  }
  return s;
}

}  // namespace

const std::string kVideoUsage = oneLineVideoUsage();

std::string videoOptionsUsage() { return formatOptions("video options (with --video)", kVideoOptions); }

}  // namespace gwb::cli

#ifdef GWB_HAS_MEDIA
#include "inference/runtime/VideoTaskRunner.h"

namespace gwb::cli {

media::VideoSamplingOptions readVideoOptions(CliArgs& args) {
  media::VideoSamplingOptions o;
  o.fps = args.number("fps", o.fps);
  o.numFrames = int(args.integer("num-frames", o.numFrames));
  o.maxFrames = int(args.integer("max-frames", o.maxFrames));
  o.frameBudget = int(args.integer("frame-budget", o.frameBudget));
  const bool with = args.option("with-audio").has_value();
  const bool without = args.option("no-audio").has_value();
  if (with && without) throw UsageError("give --with-audio or --no-audio, not both");
  o.withAudio = !without;
  const std::string coverage = args.option("coverage", "whole");
  if (coverage == "windows") {
    o.coverage = media::VideoCoverage::Windows;
  } else if (coverage != "whole") {
    throw UsageError("--coverage must be whole or windows; " + kVideoUsage);
  }
  try {
    media::validateSamplingOptions(o);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(e.what()) + "; " + kVideoUsage);
  }
  return o;
}

void printVideoPlan(const runtime::LoadedModel& model, const runtime::TaskRequest& request) {
  const runtime::VideoTokenPlan plan = runtime::planVideoTask(model, request);
  std::fprintf(stderr, "plan: %s (coverage %s)\n", plan.summary().c_str(),
               media::videoCoverageName(request.videoOptions.coverage));
  if (!plan.fits()) throw std::runtime_error(request.video + ": " + plan.problem);
}

void printVideoProgress(const std::string& stage, size_t index, size_t count) {
  if (stage == "window" && count > 1) {
    std::fprintf(stderr, "window %zu/%zu\n", index + 1, count);
  } else if (stage == "frames" && (index == count || index % 10 == 0)) {
    std::fprintf(stderr, "extracting frames: %zu/%zu\n", index, count);
  } else if (stage == "encode" && index + 1 == count) {
    std::fprintf(stderr, "encoding frames: %zu/%zu\n", count, count);
  }
}

}  // namespace gwb::cli
#endif
