#include "inference/runtime/TaskRunner.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <stdexcept>

#include "inference/media/ImageDecoder.h"
#include "inference/media/VisionPreprocess.h"
#include "inference/runtime/AudioTaskRunner.h"
#include "inference/runtime/MediaPrompt.h"
#include "inference/runtime/TaskGeneration.h"
#include "inference/runtime/VideoTaskRunner.h"
#include "inference/text/BoxJson.h"

namespace gwb::runtime {

namespace {

void runImageTask(const LoadedModel& model, TaskGeneration& runner, const TaskRequest& req, TaskResult& result) {
  if (req.images.empty()) throw std::invalid_argument("the " + runner.preset().name + " task needs an image");
  const bool boxes = runner.preset().output != TaskOutput::Text;
  if (boxes && req.images.size() != 1) {
    throw std::invalid_argument("the " + runner.preset().name + " task takes exactly one image");
  }
  std::vector<MediaEmbedding> media;
  for (const std::string& path : req.images) {
    // Huge pictures come back pre-shrunk; boxes map to the file's own pixel size.
    const media::DecodedImage decoded = media::decodeImageFileWithSize(path);
    const media::RgbImage& img = decoded.image;
    if (media.empty()) {
      result.imageWidth = decoded.sourceWidth;
      result.imageHeight = decoded.sourceHeight;
    }
    const media::ImagePatches p = media::preprocessImage(img, runner.preset().budget);
    media.push_back(embedImage(model, {p.pixelValues, p.positionIds}));
  }
  result.text = runner.generate(std::move(media));
  if (boxes && !result.cancelled) {
    const text::BoxParseResult parsed = text::parseBoxJson(result.text);
    result.objects =
        nlohmann::json::parse(text::objectsToJson(parsed.objects, result.imageWidth, result.imageHeight));
    result.problems.assign(parsed.problems.begin(), parsed.problems.end());
  }
}

}  // namespace

TaskResult runTask(const LoadedModel& model, const TaskRequest& req, const TaskCallbacks& cb,
                   const std::atomic<bool>* cancel) {
  if (!req.preset) throw std::invalid_argument("no task preset given");
  TaskResult result;
  TaskGeneration runner(model, req, cb, cancel, result);
  if (runner.preset().media == TaskMedia::Video) {
    runVideoTask(runner, cb, cancel, result);  // VideoTaskRunner.cpp
  } else if (runner.preset().media == TaskMedia::Image) {
    runImageTask(model, runner, req, result);
  } else {
    runAudioTask(runner, cb, cancel, result);  // AudioTaskRunner.cpp
  }
  return result;
}

}  // namespace gwb::runtime
