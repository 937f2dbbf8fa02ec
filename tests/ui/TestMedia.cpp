#include "TestMedia.h"

#include <QFile>
#include <QPainter>
#include <QtEndian>

#include <cmath>
#include <numbers>

namespace gwb::test {

QImage photoLikeImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(40 + 180 * x / width, 120 + 60 * y / height, 200 - 150 * x / width));
    }
    return image;
}

QImage scanLikeImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(qRgb(246, 246, 242));
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(25, 25, 30));
    // Lines of "words": short dark bars with gaps, like printed text.
    for (int y = 20; y + 6 < height - 20; y += 16) {
        for (int x = 16; x < width - 30; x += 34)
            painter.drawRect(x, y, 24, 5);
    }
    return image;
}

bool writeImage(const QString& path, const QImage& image, const char* format)
{
    return image.save(path, format);
}

QByteArray wavBytes(double seconds, int sampleRate, double frequency)
{
    const auto frames = quint32(seconds * sampleRate);
    const quint32 dataBytes = frames * 2;
    QByteArray out;
    auto u32 = [&out](quint32 v) { char b[4]; qToLittleEndian(v, b); out.append(b, 4); };
    auto u16 = [&out](quint16 v) { char b[2]; qToLittleEndian(v, b); out.append(b, 2); };
    out.append("RIFF", 4);
    u32(36 + dataBytes);
    out.append("WAVE", 4);
    out.append("fmt ", 4);
    u32(16);                      // fmt chunk size
    u16(1);                       // PCM
    u16(1);                       // mono
    u32(quint32(sampleRate));
    u32(quint32(sampleRate) * 2); // byte rate
    u16(2);                       // block align
    u16(16);                      // bits per sample
    out.append("data", 4);
    u32(dataBytes);
    for (quint32 i = 0; i < frames; ++i) {
        const double s = 0.6 * std::sin(2.0 * std::numbers::pi * frequency * i / sampleRate);
        u16(quint16(qint16(s * 32767.0)));
    }
    return out;
}

bool writeWav(const QString& path, double seconds, int sampleRate, double frequency)
{
    return writeBytes(path, wavBytes(seconds, sampleRate, frequency));
}

bool writeMp4Stub(const QString& path)
{
    QByteArray box;
    box.append("\x00\x00\x00\x18", 4);
    box.append("ftypisom", 8);
    box.append("\x00\x00\x02\x00", 4);
    box.append("isommp41", 8);
    return writeBytes(path, box);
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace gwb::test
