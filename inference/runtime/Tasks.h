#pragma once
// Task presets as data: what each one-click job (caption, OCR, detect, transcribe, ...) sends to
// the model and how its answer is read. TaskRunner.h runs them on files; the UI can list them.
// Prompts use Google's own wording where design/anchors.md quotes one (the ASR instruction);
// the others are ours. Every preset runs with thinking off.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inference/runtime/Sampler.h"

namespace gwb::runtime {

enum class TaskMedia { Image, Audio, Video };

enum class TaskOutput {
  Text,    // the answer as is (trimmed)
  Boxes,   // JSON list of box_2d [y1, x1, y2, x2] on 0–1000 → pixel boxes (BoxJson.h)
  Points,  // JSON list of point_2d [y, x] on 0–1000 → pixel points (BoxJson.h)
};

struct TaskPreset {
  std::string name;     // "caption", "ocr-markdown", "transcribe", ...
  std::string summary;  // one line for help texts
  TaskMedia media = TaskMedia::Image;
  // The instruction. Fields filled by taskPrompt(): {object} (detect/point), {question} (ask),
  // {language} (transcribe, optional), {target} (translate, required).
  std::string prompt;
  bool thinking = false;
  std::optional<SamplingOptions> sampling;  // nullopt: the checkpoint's generation_config.json
  int budget = 280;                         // image soft-token budget (70/140/280/560/1120)
  int maxNewTokens = 512;
  TaskOutput output = TaskOutput::Text;
  // Audio: cut long recordings into ≤ 30 s speech segments (AudioSegmenter.h), run each alone and
  // join the texts; otherwise a clip of ≤ 30 s is heard whole and a longer one is transcribed per
  // segment and answered from the timed transcript (AudioTaskRunner.h).
  bool perSegment = false;
  // Video: the preset is about the soundtrack too (speech-match); refused without one.
  bool needsSoundtrack = false;
};

// Every preset, in the order a menu shows them.
const std::vector<TaskPreset>& taskPresets();
// By name; "ask" with audio media resolves to "ask-audio", with video media to "ask-video". Null if unknown.
const TaskPreset* findTask(std::string_view name, TaskMedia media = TaskMedia::Image);

struct TaskParams {
  std::string prompt;          // ask: the question; detect/point: what to find (default "object");
                               // other presets: replaces the instruction when not empty
  std::string language;        // transcribe: the spoken language (optional)
  std::string targetLanguage;  // translate: required
};

// The instruction text for one run. Throws std::invalid_argument when a required field is empty.
std::string taskPrompt(const TaskPreset& preset, const TaskParams& params);

}  // namespace gwb::runtime
