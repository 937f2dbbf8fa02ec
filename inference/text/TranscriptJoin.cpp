#include "inference/text/TranscriptJoin.h"

#include <algorithm>
#include <vector>

namespace gwb::text {
namespace {

struct Word {
  size_t begin, end;  // bytes of the word in its text
  std::string key;    // lower-case, ASCII punctuation removed
};

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool isAsciiPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

// Whitespace-separated words; tokens of punctuation alone ("-", "...") are not words.
std::vector<Word> words(const std::string& text) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && isSpace(text[i])) ++i;
    const size_t begin = i;
    std::string key;
    for (; i < text.size() && !isSpace(text[i]); ++i) {
      const char c = text[i];
      if (isAsciiPunct(c)) continue;
      key += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    if (!key.empty()) out.push_back({begin, i, std::move(key)});
  }
  return out;
}

// True when the k words of `a` ending before aEnd equal the k words of `b` from bBegin.
bool sameRun(const std::vector<Word>& a, size_t aEnd, const std::vector<Word>& b, size_t bBegin, size_t k) {
  for (size_t j = 0; j < k; ++j)
    if (a[aEnd - k + j].key != b[bBegin + j].key) return false;
  return true;
}

std::string trimRight(std::string s) {
  while (!s.empty() && isSpace(s.back())) s.pop_back();
  return s;
}

}  // namespace

std::string joinTranscripts(const std::string& previous, const std::string& next, size_t maxOverlapWords) {
  const std::vector<Word> a = words(previous), b = words(next);
  // Seams to try: exact (no partial words skipped), then one partial word skipped at the end of
  // `previous`, at the start of `next`, or both. Exact seams accept a single matching word; the
  // others need two, or a common short word would be enough to delete real speech.
  struct Seam {
    size_t skipA, skipB, minRun;
  };
  constexpr Seam kSeams[] = {{0, 0, 1}, {1, 0, 2}, {0, 1, 2}, {1, 1, 2}};
  // The longest run wins; on a tie the seam that skips fewer partial words.
  const Seam* best = nullptr;
  size_t bestRun = 0;
  for (const Seam& s : kSeams) {
    if (a.size() < s.skipA || b.size() < s.skipB) continue;
    const size_t aEnd = a.size() - s.skipA;
    const size_t limit = std::min({maxOverlapWords, aEnd, b.size() - s.skipB});
    for (size_t k = limit; k > bestRun && k >= s.minRun; --k) {
      if (sameRun(a, aEnd, b, s.skipB, k)) {
        best = &s;
        bestRun = k;
        break;
      }
    }
  }
  if (best) {
    // Keep `previous` up to its last matched word and `next` after its last matched word.
    const std::string head = previous.substr(0, a[a.size() - best->skipA - 1].end);
    size_t t = b[best->skipB + bestRun - 1].end;
    while (t < next.size() && isSpace(next[t])) ++t;
    const std::string tail = trimRight(next.substr(t));
    return tail.empty() ? head : head + " " + tail;
  }
  const std::string head = trimRight(previous);
  size_t t = 0;
  while (t < next.size() && isSpace(next[t])) ++t;
  if (head.empty()) return trimRight(next.substr(t));
  if (t == next.size()) return head;
  return head + " " + trimRight(next.substr(t));
}

std::string appendSegment(std::string& transcript, const std::string& piece, bool afterHardCut) {
  size_t a = 0;
  while (a < piece.size() && isSpace(piece[a])) ++a;
  const std::string text = trimRight(piece.substr(a));
  if (text.empty()) return {};
  const std::string before = trimRight(transcript);
  if (before.empty()) {
    transcript = text;
    return text;
  }
  if (!afterHardCut) {
    transcript = before + " " + text;
    return text;
  }
  transcript = joinTranscripts(before, text);
  // Usually the join keeps `before` whole and the piece adds what follows it; when it dropped a
  // partial word from the end of `before` the cue keeps the piece as heard.
  if (transcript.size() >= before.size() && transcript.compare(0, before.size(), before) == 0 &&
      (transcript.size() == before.size() || isSpace(transcript[before.size()]))) {
    size_t t = before.size();
    while (t < transcript.size() && isSpace(transcript[t])) ++t;
    return transcript.substr(t);
  }
  return text;
}

}  // namespace gwb::text
