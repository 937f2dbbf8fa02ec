// WaveformPeaks folds samples into min/max buckets; WaveformView draws them (checked on the pixels
// of a grab() of a synthetic half-tone, half-silence signal).
#include "ui/audio/WaveformPeaks.h"
#include "ui/widgets/TransportBar.h"
#include "ui/widgets/WaveformView.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <numbers>
#include <vector>

using namespace gwb::ui;

namespace {

std::vector<float> toneThenSilence(int rate, double amplitude)
{
    std::vector<float> samples(std::size_t(rate), 0.0f); // 1 s
    for (int i = 0; i < rate / 2; ++i)
        samples[std::size_t(i)] = float(amplitude * std::sin(2 * std::numbers::pi * 200.0 * i / rate));
    return samples;
}

int countColumn(const QImage& shot, int x, const QColor& colour)
{
    int n = 0;
    for (int y = 0; y < shot.height(); ++y) {
        const QRgb p = shot.pixel(x, y);
        n += std::abs(qRed(p) - colour.red()) < 8 && std::abs(qGreen(p) - colour.green()) < 8
             && std::abs(qBlue(p) - colour.blue()) < 8;
    }
    return n;
}

} // namespace

class TestWaveform : public QObject {
    Q_OBJECT
private slots:
    void peaksKeepMinAndMaxPerBucket()
    {
        WaveformPeaks peaks(1000, 4);
        const std::vector<float> samples = {0.1f, -0.5f, 0.3f, 0.0f, 2.0f, -3.0f};
        peaks.append(samples);
        QCOMPARE(peaks.peaks().size(), 1); // the second bucket is still open
        peaks.finish();
        QCOMPARE(peaks.peaks().size(), 2);
        QCOMPARE(peaks.peaks()[0].min, -0.5f);
        QCOMPARE(peaks.peaks()[0].max, 0.3f);
        QCOMPARE(peaks.peaks()[1].min, -1.0f); // clamped to [-1, 1]
        QCOMPARE(peaks.peaks()[1].max, 1.0f);
        QCOMPARE(peaks.sampleCount(), qint64(6));
        QCOMPARE(peaks.durationMs(), qint64(6));
        const WaveformPeaks::Peak all = peaks.range(0, 2);
        QCOMPARE(all.min, -1.0f);
        QCOMPARE(all.max, 1.0f);
        QCOMPARE(peaks.range(5, 9).max, 0.0f); // out of range is empty, not a crash
    }

    void viewDrawsToneAndSilence()
    {
        WaveformView view;
        view.resize(400, 104);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.reset(8000);
        const std::vector<float> samples = toneThenSilence(8000, 0.5);
        view.appendSamples(samples);
        view.finish();
        QCOMPARE(view.peaks().durationMs(), qint64(1000));

        const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QColor wave = view.unplayedColour();
        // Amplitude 0.5 fills half of the height: (104 - 4) / 2 * 0.5 * 2 ≈ 50 rows.
        const int tone = countColumn(shot, 100, wave);
        QVERIFY2(tone >= 46 && tone <= 54, qPrintable(QString::number(tone)));
        const int silence = countColumn(shot, 300, wave);
        QVERIFY2(silence <= 2, qPrintable(QString::number(silence)));
        // The background around the tone is untouched.
        QCOMPARE(shot.pixel(100, 5), view.backgroundColour().rgb());
    }

    void playedPartAndSeek()
    {
        WaveformView view;
        view.resize(400, 104);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.reset(8000);
        const std::vector<float> samples = toneThenSilence(8000, 0.5);
        view.appendSamples(samples);
        view.finish();
        view.setPositionMs(500); // half played
        const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        QVERIFY(countColumn(shot, 100, view.playedColour()) >= 46);
        QCOMPARE(countColumn(shot, 100, view.unplayedColour()), 0);

        QSignalSpy seeks(&view, &WaveformView::seekRequested);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(100, 50));
        QCOMPARE(seeks.size(), 1);
        QCOMPARE(seeks.first().first().toLongLong(), qint64(250));
    }

    void emptyViewDrawsNoWave()
    {
        WaveformView view;
        view.resize(300, 100);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(countColumn(shot, 20, view.unplayedColour()), 0);
        QSignalSpy seeks(&view, &WaveformView::seekRequested);
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(100, 50));
        QCOMPARE(seeks.size(), 0); // nothing to seek in
    }

    void timeFormat()
    {
        QCOMPARE(TransportBar::formatTime(0), QStringLiteral("0:00"));
        QCOMPARE(TransportBar::formatTime(83'000), QStringLiteral("1:23"));
        QCOMPARE(TransportBar::formatTime(3'723'000), QStringLiteral("1:02:03"));
        QCOMPARE(TransportBar::formatTime(-5), QStringLiteral("0:00"));
    }
};

QTEST_MAIN(TestWaveform)
#include "test_waveform.moc"
