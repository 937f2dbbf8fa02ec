#pragma once
// Joins the transcripts of two consecutive audio segments that overlap in time (a hard cut in
// the middle of speech is transcribed twice around the seam), so the words spoken in the overlap
// appear once. Whisper-style apps that skip this step show the duplicated words users complain
// about; apps that cut without overlap lose the word under the cut.
#include <cstddef>
#include <string>

namespace gwb::text {

// previous + " " + next, minus the longest run of words (at most maxOverlapWords) that ends
// `previous` and starts `next`. Words match ignoring ASCII case and punctuation ("Then," equals
// "then"). Because a cut can split a word, the seam may also skip one partial word at the end of
// `previous` or the start of `next`, but only when at least two whole words match around it.
// With no such match nothing is removed: words are never lost on a guess.
std::string joinTranscripts(const std::string& previous, const std::string& next, size_t maxOverlapWords = 8);

// Adds the text of the next audio segment to the transcript assembled so far. After a hard cut
// (afterHardCut: the segment before this one ended inside speech and the two overlap) the seam
// goes through joinTranscripts, so words heard twice appear once; after a pause the piece is
// appended with one space and nothing is removed: a word said again after a pause is real speech.
// Returns what the piece adds to the transcript (its text less the words already there), which is
// the text its subtitle cue should show; blank pieces add nothing.
std::string appendSegment(std::string& transcript, const std::string& piece, bool afterHardCut);

}  // namespace gwb::text
