#include "ui/widgets/FrameStrip.h"

#include <QPainter>

namespace gwb::ui {

namespace {
constexpr int kSlotWidth = 96;
constexpr int kSlotGap = 6;
} // namespace

FrameStrip::FrameStrip(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(sizeHint().height());
    setToolTip(tr("Frames sampled for a video task will appear here."));
}

void FrameStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect area = rect().adjusted(4, 6, -4, -6);
    QColor slot = palette().color(QPalette::Mid);
    slot.setAlpha(60);
    painter.setPen(Qt::NoPen);
    painter.setBrush(slot);
    for (int x = area.left(); x + kSlotWidth <= area.right(); x += kSlotWidth + kSlotGap)
        painter.drawRoundedRect(QRect(x, area.top(), kSlotWidth, area.height()), 6, 6);

    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Sampled frames (one per second) appear here once a video task runs."));
}

} // namespace gwb::ui
