#include "ui/widgets/WaveformView.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

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
    return std::max(m_peaks.durationMs(), m_durationHintMs);
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
    if (m_peaks.isEmpty()) {
        paintEmptyState(painter);
        return;
    }

    const int w = width();
    const int mid = height() / 2;
    const double half = (height() - 4) / 2.0;
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

void WaveformView::paintEmptyState(QPainter& painter)
{
    // A flat line where the waveform will be, with the hint above it.
    const int mid = height() / 2;
    painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    painter.drawLine(8, mid, width() - 8, mid);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(8, 0, width() - 16, mid - 4), Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap,
                     tr("No audio loaded. Drop a recording anywhere on the window."));
}

void WaveformView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && durationMs() > 0)
        emit seekRequested(msAtX(event->position().toPoint().x()));
}

void WaveformView::mouseMoveEvent(QMouseEvent* event)
{
    if ((event->buttons() & Qt::LeftButton) && durationMs() > 0)
        emit seekRequested(msAtX(event->position().toPoint().x()));
}

} // namespace gwb::ui
