#pragma once
// The video options of `run MODEL --task describe|actions|ask|speech-match --video FILE`
// (TaskCommand.cpp): sampling, per-frame budget, soundtrack, long-video coverage, and the token
// plan and frame-extraction progress printed to stderr.
#include <string>

#include "app/cli/CliArgs.h"

namespace gwb::cli {

// Shown when a video task lacks --video or gets a bad video option; states every default. One
// line, made from the same rows as videoOptionsUsage().
extern const std::string kVideoUsage;

// The video options as a `run --help` section, one row per option.
std::string videoOptionsUsage();

}  // namespace gwb::cli

#ifdef GWB_HAS_MEDIA
#include "inference/media/VideoFrameTimes.h"
#include "inference/runtime/LoadedModel.h"
#include "inference/runtime/TaskRunner.h"

namespace gwb::cli {

// --fps F, --num-frames N, --max-frames N, --frame-budget N, --with-audio|--no-audio (declared as
// flags by RunCommand.cpp), --coverage whole|windows. Throws UsageError for bad values.
media::VideoSamplingOptions readVideoOptions(CliArgs& args);

// Prints the token plan ("plan: ...") and its notes to stderr; throws std::runtime_error with the
// plan's refusal (what does not fit, what to try) when it does not fit.
void printVideoPlan(const runtime::LoadedModel& model, const runtime::TaskRequest& request);

// Progress lines for TaskCallbacks::onProgress: frames extracted, frames encoded, windows.
void printVideoProgress(const std::string& stage, size_t index, size_t count);

}  // namespace gwb::cli
#endif
