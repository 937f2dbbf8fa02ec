#pragma once

#include "ui/audio/TranscriptSegment.h"
#include "ui/audio/WaveformPeaks.h"

#include <QColor>
#include <QWidget>

#include <span>

namespace gwb::ui {

// Draws an audio waveform from WaveformPeaks: one vertical min..max line per screen column, the
// already-played part in the accent colour, and a playhead. Clicking or dragging asks for a seek.
// A transcript's segments are drawn as blocks on a track under the waveform, on the same time
// axis; clicking a block emits segmentClicked (the Audio panel plays that segment).
class WaveformView : public QWidget {
    Q_OBJECT
public:
    explicit WaveformView(QWidget* parent = nullptr);

    // Start a new signal at this sample rate (drops the old one).
    void reset(int sampleRate);
    void appendSamples(std::span<const float> monoSamples);
    void finish();
    void clear();

    const WaveformPeaks& peaks() const { return m_peaks; }
    qint64 positionMs() const { return m_positionMs; }
    void setPositionMs(qint64 ms);
    // Known length when the peaks are still loading (e.g. from the media player).
    void setDurationHintMs(qint64 ms);

    // The transcript track under the waveform (hidden while there are no segments).
    void setSegments(const Transcript& segments);
    void addSegment(const TranscriptSegment& segment);
    void setSegmentText(int index, const QString& text);
    void clearSegments();
    const Transcript& segments() const { return m_segments; }
    // The segment drawn highlighted (the one playing or selected); -1: none.
    void setActiveSegment(int index);
    int activeSegment() const { return m_activeSegment; }
    // Where a segment's block is drawn, in widget coordinates (empty for a bad index).
    QRect segmentRect(int index) const;
    int segmentAt(const QPoint& pos) const;
    // The waveform's part of the widget (all of it while there are no segments).
    QRect waveformRect() const;
    static constexpr int kSegmentTrackHeight = 26;

    QColor backgroundColour() const;
    QColor playedColour() const;
    QColor unplayedColour() const;

    QSize sizeHint() const override { return {480, 120}; }
    QSize minimumSizeHint() const override { return {120, 60}; }

signals:
    void seekRequested(qint64 ms);
    void segmentClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    qint64 durationMs() const;
    qint64 msAtX(int x) const;
    void paintEmptyState(QPainter& painter);
    void paintSegments(QPainter& painter);
    QRect trackRect() const;

    WaveformPeaks m_peaks;
    qint64 m_positionMs = 0;
    qint64 m_durationHintMs = 0;
    Transcript m_segments;
    int m_activeSegment = -1;
};

} // namespace gwb::ui
