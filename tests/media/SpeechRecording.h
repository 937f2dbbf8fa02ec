#pragma once
// A five-minute test recording made at test time (espeak-ng, sox): sentences with silences of
// known length between them, two stretches of continuous speech longer than 30 s (short clauses
// spoken back to back, so no pause a segmenter could cut at), then a long stretch without speech;
// a low white-noise floor and a quiet tremolo tone (music-like) run under all of it. Every pause
// position is known from the concatenation. 16 kHz mono 16-bit WAV.
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "ExternalTool.h"

namespace gwb::test {

struct SpeechRecording {
  QString path;     // the mixed recording
  double seconds = 0;
  std::vector<std::pair<double, double>> pauses;      // every silence put between speech, seconds
  std::vector<std::pair<double, double>> continuous;  // speech with no pause, each longer than 30 s
  std::vector<std::pair<double, double>> speech;      // every spoken piece (a continuous stretch is one)
  QString error;    // set when a tool failed (not installed, say)
};

namespace detail {

// Samples in a 16-bit mono WAV (the size of its "data" chunk / 2); -1 if unreadable.
inline long long wavSamples(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return -1;
  const QByteArray b = f.readAll();
  for (qsizetype i = 12; i + 8 <= b.size();) {
    uint32_t size;
    std::memcpy(&size, b.constData() + i + 4, 4);
    if (b.mid(i, 4) == "data") return (std::min<long long>(size, b.size() - i - 8)) / 2;
    i += 8 + qsizetype(size) + (size & 1);
  }
  return -1;
}

}  // namespace detail

inline SpeechRecording makeSpeechRecording(const QString& dir, double totalSeconds = 300.0) {
  SpeechRecording r;
  const QStringList clausesA = {
      "the morning train left the station at seven and carried workers",
      "farmers students and travellers along the valley past the river",
      "the old mill the orchards and the quiet villages where children",
      "waved from gardens while the conductor walked slowly through every",
      "carriage checking tickets and answering questions about connections",
      "delays and the weather that was expected later in the afternoon",
      "across the northern hills and the coast while the sun rose higher",
      "over the fields and the mist lifted from the slow brown river",
      "and the passengers read their papers drank their coffee and talked",
      "about the harvest the prices at the market and the coming winter"};
  const QStringList clausesB = {
      "after lunch the committee returned to the long table and discussed",
      "the budget for the new library the repairs to the swimming pool",
      "the lighting in the market square the timetable of the buses",
      "the cleaning of the streets and the plans for the summer festival",
      "which would bring music dancing food stalls and visitors from every",
      "town in the region for three long days and nights of celebration",
      "and everyone agreed that the square would need new benches soon",
      "before the first visitors arrived with their families and friends",
      "and the mayor promised to paint the fountain and plant new trees",
      "along the avenue that leads from the station to the town hall"};
  const QStringList sentences = {"Good morning and welcome to the weekly news.", "Here is the weather for today.",
                                 "Now a short story about a fox.", "The fox ran into the forest.",
                                 "It was never seen again.", "That is all for this morning.",
                                 "Thank you for listening.", "Please join us again next week."};
  // The layout: (clauses or one sentence, the silence after it).
  struct Part {
    QStringList texts;
    double pauseAfter;
  };
  const std::vector<Part> parts = {{clausesA, 2.5}, {{sentences[0]}, 1.5}, {{sentences[1]}, 1.2},
                                   {{sentences[2]}, 3.0}, {{sentences[3]}, 2.0}, {clausesB, 1.6},
                                   {{sentences[4]}, 1.3}, {{sentences[5]}, 2.2}, {{sentences[6]}, 1.4},
                                   {{sentences[7]}, 0.0}};
  const double lead = 2.0;
  const int rate = 16000;
  QStringList files;
  auto silence = [&](double seconds) -> QString {
    const QString f = QDir(dir).filePath(QString("gap%1.wav").arg(files.size()));
    r.error = runTool("sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", f, "trim", "0", QString::number(seconds, 'f', 4)});
    files << f;
    return r.error;
  };
  if (!silence(lead).isEmpty()) return r;
  r.pauses.push_back({0.0, lead});
  long long at = llround(lead * rate);
  for (const Part& part : parts) {
    const long long begin = at;
    for (const QString& text : part.texts) {
      const QString raw = QDir(dir).filePath(QString("raw%1.wav").arg(files.size()));
      const QString f = QDir(dir).filePath(QString("speech%1.wav").arg(files.size()));
      r.error = runTool("espeak-ng", {"-v", "en-us", "-s", "160", "-w", raw, text});
      if (r.error.isEmpty())  // espeak's own leading and trailing silence trimmed: pauses are exactly ours
        r.error = runTool("sox", {raw, "-r", "16000", "-c", "1", "-b", "16", f, "silence", "1", "0.01", "2%",
                                           "reverse", "silence", "1", "0.01", "2%", "reverse"});
      const long long n = r.error.isEmpty() ? detail::wavSamples(f) : -1;
      if (n <= 0) {
        if (r.error.isEmpty()) r.error = "cannot read " + f;
        return r;
      }
      files << f;
      at += n;
    }
    r.speech.push_back({double(begin) / rate, double(at) / rate});
    if (part.texts.size() > 1) r.continuous.push_back(r.speech.back());
    if (part.pauseAfter > 0) {
      if (!silence(part.pauseAfter).isEmpty()) return r;
      r.pauses.push_back({double(at) / rate, double(at) / rate + part.pauseAfter});
      at += llround(part.pauseAfter * rate);
    }
  }
  if (double(at) / rate + 1.0 >= totalSeconds) {
    r.error = "the speech is longer than the recording";
    return r;
  }
  r.pauses.push_back({double(at) / rate, totalSeconds});  // the rest: noise and tone only
  if (!silence(totalSeconds - double(at) / rate).isEmpty()) return r;
  const QString speech = QDir(dir).filePath("speech.wav"), noise = QDir(dir).filePath("noise.wav");
  const QString tone = QDir(dir).filePath("tone.wav");
  r.path = QDir(dir).filePath("recording.wav");
  const QString total = QString::number(totalSeconds, 'f', 4);
  for (const auto& [program, args] : std::vector<std::pair<QString, QStringList>>{
           {"sox", files + QStringList{speech}},
           {"sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", noise, "synth", total, "whitenoise", "vol", "0.01"}},
           {"sox", {"-n", "-r", "16000", "-c", "1", "-b", "16", tone, "synth", total, "sine", "330", "tremolo", "3", "80", "vol", "0.03"}},
           {"sox", {"-m", "-v", "1", speech, "-v", "1", noise, "-v", "1", tone, "-b", "16", r.path}}}) {
    r.error = runTool(program, args);
    if (!r.error.isEmpty()) return r;
  }
  const long long n = detail::wavSamples(r.path);
  r.seconds = double(n) / rate;
  if (n <= 0) r.error = "cannot read " + r.path;
  return r;
}

}  // namespace gwb::test
