#pragma once
// The audio half of runTask (TaskRunner.h), for files of any length. The file is never decoded
// whole: media::planAudioSegments streams it once through the voice-activity detector and plans
// the ≤ 30 s speech segments (the same cuts segmentSpeech makes on the whole signal), then
// media::AudioSegmentReader decodes it again and hands out one segment at a time, so memory stays
// at about one segment whatever the length (tests/runtime/test_media_tasks.cpp: 3 h file).
//
// transcribe / translate: each segment is run alone with its start/end times; texts are joined
// (text::appendSegment: joinTranscripts where a segment was cut inside speech, and each segment then
// carries only the words it adds); progress after every segment, cancel checked between segments
// and before every decode step. Cue times never overlap: the second of audio both sides of a hard
// cut hear is split between their cues at its middle. Each segment's answer may take
// speechAnswerBudget(its length) new tokens (SpeechAnswerBudget.h: 6 per second + 16), unless the
// request sets maxNewTokens; segments that stop there rather than at a stop token get a note.
//
// summarize / ask: a recording of at most 30 s is heard whole by the model, as before. A longer one
// is first transcribed segment by segment (the ASR instruction, greedy; progress per segment), and
// the answer comes from one final text-only generation over the timed transcript
// ("[mm:ss-mm:ss] words" lines, then the instruction). The model thus covers the whole recording,
// but hears tone, music and speakers only through the words; a transcript longer than the model's
// context is an error. result.segments holds the transcript's timed segments.
#include <atomic>

#include "inference/runtime/TaskGeneration.h"
#include "inference/runtime/TaskRunner.h"

namespace gwb::runtime {

void runAudioTask(TaskGeneration& generation, const TaskCallbacks& callbacks, const std::atomic<bool>* cancel,
                  TaskResult& result);

// The "[mm:ss-mm:ss] text" transcript the final summarize / ask generation reads (h:mm:ss past an hour).
std::string timedTranscript(const std::vector<text::TimedSegment>& segments);

}  // namespace gwb::runtime
