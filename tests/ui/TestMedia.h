#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

// Small media files written by hand for the UI tests, so no fixture has to be checked in.
namespace gwb::test {

// A photo-like image: colour gradients, no paper and ink.
QImage photoLikeImage(int width = 160, int height = 120);
// A scanned page: white paper with rows of dark "text" strokes.
QImage scanLikeImage(int width = 200, int height = 260);

bool writeImage(const QString& path, const QImage& image, const char* format = "PNG");
// 16-bit PCM mono WAV with a sine tone, written byte by byte (RIFF/fmt/data).
bool writeWav(const QString& path, double seconds = 0.5, int sampleRate = 16000,
              double frequency = 440.0);
QByteArray wavBytes(double seconds, int sampleRate, double frequency);
// Only an MP4 'ftyp' box: enough for content sniffing, not a playable video.
bool writeMp4Stub(const QString& path);
bool writeBytes(const QString& path, const QByteArray& bytes);

} // namespace gwb::test
