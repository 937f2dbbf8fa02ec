#include "inference/runtime/Tasks.h"

#include <stdexcept>

namespace gwb::runtime {

namespace {

constexpr SamplingOptions kGreedy{};

// Google's ASR instruction (model card / ai.google.dev audio guide, quoted in llama.cpp PR #21863).
constexpr const char* kAsrPrompt =
    "Transcribe the following speech segment in {language} into {language} text.\n\n"
    "Follow these specific instructions for formatting the answer:\n"
    "* Only output the transcription, with no newlines.\n"
    "* When transcribing numbers, write the digits, i.e. write 1.7 and not one point seven, and write 3 instead of "
    "three.";
// The same without a language (ours): the model keeps the spoken language.
constexpr const char* kAsrPromptAnyLanguage =
    "Transcribe the following speech segment in its original language.\n\n"
    "Follow these specific instructions for formatting the answer:\n"
    "* Only output the transcription, with no newlines.\n"
    "* When transcribing numbers, write the digits, i.e. write 1.7 and not one point seven, and write 3 instead of "
    "three.";

std::vector<TaskPreset> makePresets() {
  std::vector<TaskPreset> p;
  auto add = [&](TaskPreset t) { p.push_back(std::move(t)); };
  add({.name = "caption", .summary = "a one-sentence caption of the image",
       .prompt = "Write a one-sentence caption for this image.", .maxNewTokens = 64});
  add({.name = "caption-detailed", .summary = "a detailed description of the image",
       .prompt = "Describe this image in detail.", .maxNewTokens = 512});
  add({.name = "ocr", .summary = "the text in the image, as plain text",
       .prompt = "Extract all the text in this image. Output only the text, keeping its line breaks.",
       .sampling = kGreedy, .budget = 560, .maxNewTokens = 1024});
  add({.name = "ocr-markdown", .summary = "the document in the image as Markdown (tables, reading order)",
       .prompt = "Convert this document image to Markdown. Keep the reading order, write tables as Markdown tables "
                 "and headings as Markdown headings. Output only the Markdown.",
       .sampling = kGreedy, .budget = 1120, .maxNewTokens = 2048});
  add({.name = "detect", .summary = "boxes around every OBJECT (--prompt OBJECT), in pixels",
       .prompt = "Detect every {object} in this image. Output a JSON list where each entry has \"box_2d\": "
                 "[y_min, x_min, y_max, x_max] normalized to 0-1000 and \"label\". Output only the JSON.",
       .sampling = kGreedy, .maxNewTokens = 1024, .output = TaskOutput::Boxes});
  add({.name = "point", .summary = "a point on every OBJECT (--prompt OBJECT), in pixels",
       .prompt = "Point to every {object} in this image. Output a JSON list where each entry has \"point_2d\": "
                 "[y, x] normalized to 0-1000 and \"label\". Output only the JSON.",
       .sampling = kGreedy, .maxNewTokens = 1024, .output = TaskOutput::Points});
  add({.name = "ask", .summary = "answers a question (--prompt) about the image", .prompt = "{question}"});
  add({.name = "transcribe", .summary = "speech to text in the spoken language (--language optional)",
       .media = TaskMedia::Audio, .prompt = kAsrPrompt, .sampling = kGreedy, .perSegment = true});
  add({.name = "translate", .summary = "speech translated into --target-language",
       .media = TaskMedia::Audio,
       .prompt = "Translate the following speech segment into {target}.\n\n"
                 "Follow these specific instructions for formatting the answer:\n"
                 "* Only output the translation in {target}, with no newlines.",
       .sampling = kGreedy, .perSegment = true});
  add({.name = "summarize", .summary = "a short summary of the recording (over 30 s: from its timed transcript)", .media = TaskMedia::Audio,
       .prompt = "Summarize what is said in this recording in a few sentences."});
  add({.name = "ask-audio", .summary = "answers a question (--prompt) about the recording (over 30 s: from its timed transcript)",
       .media = TaskMedia::Audio, .prompt = "{question}"});
  // Video (VideoTaskRunner.h): frames stamped mm:ss, plus the soundtrack on models that hear.
  add({.name = "describe", .summary = "what happens in the video, in order", .media = TaskMedia::Video,
       .prompt = "Describe what happens in this video, in the order it happens.", .budget = 70});
  add({.name = "actions", .summary = "the actions in the video, step by step with their times",
       .media = TaskMedia::Video,
       .prompt = "List the actions shown in this video step by step, in the order they happen. Start each step "
                 "with its time stamp (mm:ss) and describe it in one short sentence.",
       .budget = 70, .maxNewTokens = 1024});
  add({.name = "ask-video", .summary = "answers a question (--prompt) about the video", .media = TaskMedia::Video,
       .prompt = "{question}", .budget = 70});
  add({.name = "speech-match", .summary = "does what is said match what is shown? (needs a soundtrack)",
       .media = TaskMedia::Video,
       .prompt = "Does what is said in this video's soundtrack match what its pictures show? Answer \"yes\", "
                 "\"partly\" or \"no\" first, then explain briefly, naming the moments (mm:ss) where speech and "
                 "pictures agree or differ.",
       .budget = 70, .needsSoundtrack = true});
  return p;
}

void replaceAll(std::string& s, std::string_view key, const std::string& value) {
  for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) {
    s.replace(at, key.size(), value);
  }
}

}  // namespace

const std::vector<TaskPreset>& taskPresets() {
  static const std::vector<TaskPreset> presets = makePresets();
  return presets;
}

const TaskPreset* findTask(std::string_view name, TaskMedia media) {
  if (name == "ask" && media == TaskMedia::Audio) name = "ask-audio";
  if (name == "ask" && media == TaskMedia::Video) name = "ask-video";
  for (const TaskPreset& t : taskPresets()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string taskPrompt(const TaskPreset& preset, const TaskParams& params) {
  std::string s = preset.prompt;
  if (s.find("{question}") != std::string::npos) {
    if (params.prompt.empty()) throw std::invalid_argument("the " + preset.name + " task needs a question (--prompt)");
    return params.prompt;
  }
  if (s.find("{object}") != std::string::npos) {
    replaceAll(s, "{object}", params.prompt.empty() ? std::string("object") : params.prompt);
    return s;
  }
  if (!params.prompt.empty()) return params.prompt;
  if (s.find("{target}") != std::string::npos) {
    if (params.targetLanguage.empty()) {
      throw std::invalid_argument("the " + preset.name + " task needs a target language (--target-language)");
    }
    replaceAll(s, "{target}", params.targetLanguage);
  }
  if (s.find("{language}") != std::string::npos) {
    if (params.language.empty()) return kAsrPromptAnyLanguage;
    replaceAll(s, "{language}", params.language);
  }
  return s;
}

}  // namespace gwb::runtime
