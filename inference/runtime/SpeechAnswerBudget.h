#pragma once
// How many new tokens a transcript (or translation) of one speech segment may need, from the
// segment's length: the per-segment answer budget of the transcribe / translate presets
// (AudioTaskRunner.h). A real model ends its answer at EOS well before it; the budget bounds a run
// whose model never does (random weights, a model stuck repeating itself), so its cost follows the
// length of the speech rather than the global token limit.
//
// kSpeechTokensPerSecond = 6: fast speech is about 4 words per second (240 words a minute;
// conversation runs at 150–160, read speech at 160–190) and the Gemma vocabulary spends ~1.5 tokens
// per word (measured with its tokenizer: English prose 1.18 tokens/word, German and French text
// 1.74–1.80). English at 4 words/s thus needs ~4.7 tokens/s and German or French at ~3.3 words/s
// ~6. The answer carries no timestamps or markup (cue times come from the segment's place in the
// file, and the ASR instruction asks for the transcription alone, with no newlines), so the fixed
// part only covers what the model writes around the text: an empty thought channel
// ("<|channel>thought\n<channel|>", 4 tokens), a stop token and a trailing space or full stop:
// kSpeechAnswerOverheadTokens = 16. A 30 s segment (the encoder's limit) gets 196 tokens.
namespace gwb::runtime {

inline constexpr double kSpeechTokensPerSecond = 6.0;
inline constexpr int kSpeechAnswerOverheadTokens = 16;

// ceil(seconds · kSpeechTokensPerSecond) + kSpeechAnswerOverheadTokens; seconds ≤ 0 (or NaN) gives
// the overhead alone.
int speechAnswerBudget(double seconds);

}  // namespace gwb::runtime
