#include "ui/widgets/WaveformView.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gwb::ui {

WaveformView::WaveformView(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setCursor(Qt::PointingHandCursor);
}

void WaveformView::reset(int sampleRate)
{
    // ~100 peaks per second: enough for a full-screen zoom of a few seconds, small for hours.
    m_peaks = WaveformPeaks(sampleRate, std::max(1, sampleRate / 100));
    m_positionMs = 0;
    update();
}

void WaveformView::appendSamples(std::span<const float> monoSamples)
{
    m_peaks.append(monoSamples);
    update();
}

void WaveformView::finish()
{
    m_peaks.finish();
    update();
}

void WaveformView::clear()
{
    m_peaks.clear();
    m_positionMs = 0;
    m_durationHintMs = 0;
    update();
}

void WaveformView::setPositionMs(qint64 ms)
{
    if (ms == m_positionMs)
        return;
    m_positionMs = ms;
    update();
}

void WaveformView::setDurationHintMs(qint64 ms)
{
    m_durationHintMs = ms;
    update();
}

QColor WaveformView::backgroundColour() const
{
    return palette().color(QPalette::Base);
}

QColor WaveformView::playedColour() const
{
    return palette().color(QPalette::Highlight);
}

QColor WaveformView::unplayedColour() const
{
    return palette().color(QPalette::Highlight).lighter(160);
}

qint64 WaveformView::durationMs() const
{
    // Segments can arrive before the peaks finish loading; the axis must hold them all.
    const qint64 segmentsEnd = m_segments.isEmpty() ? 0 : qint64(std::ceil(m_segments.last().end * 1000.0));
    return std::max({m_peaks.durationMs(), m_durationHintMs, segmentsEnd});
}

void WaveformView::setSegments(const Transcript& segments)
{
    m_segments = segments;
    m_activeSegment = -1;
    update();
}

void WaveformView::addSegment(const TranscriptSegment& segment)
{
    m_segments.append(segment);
    update();
}

void WaveformView::setSegmentText(int index, const QString& text)
{
    if (index < 0 || index >= m_segments.size())
        return;
    m_segments[index].text = text;
    update();
}

void WaveformView::clearSegments()
{
    m_segments.clear();
    m_activeSegment = -1;
    update();
}

void WaveformView::setActiveSegment(int index)
{
    if (index == m_activeSegment)
        return;
    m_activeSegment = index;
    update();
}

QRect WaveformView::trackRect() const
{
    if (m_segments.isEmpty())
        return {};
    return QRect(0, height() - kSegmentTrackHeight, width(), kSegmentTrackHeight);
}

QRect WaveformView::waveformRect() const
{
    if (m_segments.isEmpty())
        return rect();
    return QRect(0, 0, width(), std::max(0, height() - kSegmentTrackHeight));
}

QRect WaveformView::segmentRect(int index) const
{
    const qint64 duration = durationMs();
    if (index < 0 || index >= m_segments.size() || duration <= 0)
        return {};
    const TranscriptSegment& segment = m_segments[index];
    const QRect track = trackRect();
    const int x0 = int(std::floor(segment.start * 1000.0 * width() / double(duration)));
    const int x1 = int(std::ceil(segment.end * 1000.0 * width() / double(duration)));
    // A block is at least 3 px wide so that a very short segment can still be clicked.
    return QRect(x0, track.top() + 2, std::max(3, x1 - x0), track.height() - 4);
}

int WaveformView::segmentAt(const QPoint& pos) const
{
    for (int i = 0; i < m_segments.size(); ++i) {
        if (segmentRect(i).contains(pos))
            return i;
    }
    return -1;
}

qint64 WaveformView::msAtX(int x) const
{
    const qint64 duration = durationMs();
    if (duration <= 0 || width() <= 0)
        return 0;
    return std::clamp<qint64>(qint64(x) * duration / width(), 0, duration);
}

void WaveformView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), backgroundColour());
    paintSegments(painter);
    if (m_peaks.isEmpty()) {
        paintEmptyState(painter);
        return;
    }

    const QRect area = waveformRect();
    const int w = width();
    const int mid = area.height() / 2;
    const double half = (area.height() - 4) / 2.0;
    const qint64 duration = std::max<qint64>(1, durationMs());
    const int playedX = int(qint64(w) * m_positionMs / duration);
    // Buckets per column; while still loading, the columns cover the hinted full duration so the
    // waveform grows from the left instead of stretching.
    const double bucketMs = 1000.0 * m_peaks.samplesPerBucket() / m_peaks.sampleRate();
    const double bucketsPerColumn = double(duration) / bucketMs / w;

    for (int x = 0; x < w; ++x) {
        const auto first = qsizetype(x * bucketsPerColumn);
        const auto last = std::max(first + 1, qsizetype((x + 1) * bucketsPerColumn));
        if (first >= m_peaks.peaks().size())
            break;
        const WaveformPeaks::Peak p = m_peaks.range(first, last);
        const int top = mid - int(p.max * half + 0.5);
        const int bottom = mid - int(p.min * half - 0.5);
        painter.setPen(x < playedX ? playedColour() : unplayedColour());
        painter.drawLine(x, std::min(top, mid), x, std::max(bottom, mid));
    }

    painter.setPen(QPen(palette().color(QPalette::Text), 1));
    painter.drawLine(playedX, 0, playedX, height());
}

void WaveformView::paintSegments(QPainter& painter)
{
    if (m_segments.isEmpty())
        return;
    const QRect track = trackRect();
    painter.fillRect(track, palette().color(QPalette::AlternateBase));
    const QColor block = palette().color(QPalette::Highlight);
    for (int i = 0; i < m_segments.size(); ++i) {
        const QRect r = segmentRect(i);
        QColor fill = block;
        fill.setAlpha(i == m_activeSegment ? 230 : 110);
        painter.fillRect(r, fill);
        painter.setPen(palette().color(QPalette::Base));
        painter.drawLine(r.topLeft(), r.bottomLeft()); // keeps touching segments apart
        painter.setPen(i == m_activeSegment ? palette().color(QPalette::HighlightedText)
                                            : palette().color(QPalette::Text));
        const QString text = m_segments[i].text.simplified();
        painter.drawText(r.adjusted(4, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt::ElideRight, std::max(0, r.width() - 6)));
    }
}

void WaveformView::paintEmptyState(QPainter& painter)
{
    // A flat line where the waveform will be, with the hint above it.
    const int mid = waveformRect().height() / 2;
    painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    painter.drawLine(8, mid, width() - 8, mid);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(8, 0, width() - 16, mid - 4), Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap,
                     tr("No audio loaded. Drop a recording anywhere on the window."));
}

void WaveformView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || durationMs() <= 0)
        return;
    const QPoint pos = event->position().toPoint();
    if (trackRect().contains(pos)) {
        const int index = segmentAt(pos);
        if (index >= 0) {
            setActiveSegment(index);
            emit segmentClicked(index);
        }
        return;
    }
    emit seekRequested(msAtX(pos.x()));
}

void WaveformView::mouseMoveEvent(QMouseEvent* event)
{
    if ((event->buttons() & Qt::LeftButton) && durationMs() > 0
        && !trackRect().contains(event->position().toPoint()))
        emit seekRequested(msAtX(event->position().toPoint().x()));
}

} // namespace gwb::ui
