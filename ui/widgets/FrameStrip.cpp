#include "ui/widgets/FrameStrip.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gwb::ui {

namespace {
constexpr int kSlotWidth = 96;
constexpr int kSlotGap = 6;
constexpr int kMargin = 4;
constexpr int kStampHeight = 16;
} // namespace

FrameStrip::FrameStrip(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(kHeight);
    setToolTip(tr("The frames a video task looks at, with their times. Click one to show it in the player."));
}

QString FrameStrip::timeText(double seconds)
{
    const int total = int(std::floor(std::max(0.0, seconds)));
    return QStringLiteral("%1:%2").arg(total / 60, 2, 10, QLatin1Char('0')).arg(total % 60, 2, 10, QLatin1Char('0'));
}

void FrameStrip::setFrames(const QList<StripFrame>& frames)
{
    m_frames = frames;
    updateWidth();
}

void FrameStrip::addFrame(const StripFrame& frame)
{
    m_frames.append(frame);
    updateWidth();
}

void FrameStrip::clearFrames()
{
    m_frames.clear();
    m_status.clear();
    updateWidth();
}

void FrameStrip::setStatus(const QString& text)
{
    m_status = text;
    update();
}

void FrameStrip::updateWidth()
{
    setMinimumWidth(m_frames.isEmpty() ? minimumSizeHint().width() : sizeHint().width());
    updateGeometry();
    update();
}

QSize FrameStrip::sizeHint() const
{
    const int n = std::max<int>(5, int(m_frames.size()));
    return {2 * kMargin + n * kSlotWidth + (n - 1) * kSlotGap, kHeight};
}

QRect FrameStrip::frameRect(int index) const
{
    if (index < 0 || index >= m_frames.size())
        return {};
    return QRect(kMargin + index * (kSlotWidth + kSlotGap), 6, kSlotWidth, kHeight - 12);
}

int FrameStrip::frameAt(const QPoint& pos) const
{
    for (int i = 0; i < m_frames.size(); ++i) {
        if (frameRect(i).contains(pos))
            return i;
    }
    return -1;
}

void FrameStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (m_frames.isEmpty()) {
        paintEmpty(painter);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    for (int i = 0; i < m_frames.size(); ++i) {
        const QRect slot = frameRect(i);
        const QRect picture = slot.adjusted(0, 0, 0, -kStampHeight);
        painter.fillRect(picture, Qt::black);
        const QImage& image = m_frames[i].image;
        if (!image.isNull()) {
            const QSize fitted = image.size().scaled(picture.size(), Qt::KeepAspectRatio);
            QRect target(QPoint(0, 0), fitted);
            target.moveCenter(picture.center());
            painter.drawImage(target, image);
        }
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(slot.left(), picture.bottom() + 1, slot.width(), kStampHeight), Qt::AlignCenter,
                         timeText(m_frames[i].seconds));
    }
    if (!m_status.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(kMargin, 0, -kMargin, 0), Qt::AlignRight | Qt::AlignBottom, m_status);
    }
}

void FrameStrip::paintEmpty(QPainter& painter)
{
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect area = rect().adjusted(kMargin, 6, -kMargin, -6);
    QColor slot = palette().color(QPalette::Mid);
    slot.setAlpha(60);
    painter.setPen(Qt::NoPen);
    painter.setBrush(slot);
    for (int x = area.left(); x + kSlotWidth <= area.right(); x += kSlotWidth + kSlotGap)
        painter.drawRoundedRect(QRect(x, area.top(), kSlotWidth, area.height()), 6, 6);

    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                     m_status.isEmpty() ? tr("The frames a video task samples (one per second) appear here.") : m_status);
}

void FrameStrip::mousePressEvent(QMouseEvent* event)
{
    const int index = frameAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && index >= 0)
        emit frameClicked(m_frames[index].seconds);
}

} // namespace gwb::ui
