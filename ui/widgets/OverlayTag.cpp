#include "ui/widgets/OverlayTag.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>

namespace gwb::ui {

namespace {
constexpr qreal kPadX = 4.0;
constexpr qreal kPadY = 1.5;

// Black or white text, whichever reads better on the tag colour.
QColor textColourOn(const QColor& background)
{
    const double luma = 0.299 * background.redF() + 0.587 * background.greenF()
                        + 0.114 * background.blueF();
    return luma > 0.6 ? QColor(Qt::black) : QColor(Qt::white);
}
} // namespace

OverlayTag::OverlayTag(const QString& text, const QColor& colour, QGraphicsItem* parent)
    : QGraphicsItem(parent), m_text(text), m_colour(colour)
{
    setFlag(ItemIgnoresTransformations);
    setAcceptHoverEvents(false);
    const QFontMetricsF metrics(QGuiApplication::font());
    const qreal width = metrics.horizontalAdvance(m_text) + 2 * kPadX;
    const qreal height = metrics.height() + 2 * kPadY;
    m_rect = QRectF(0, -height, width, height);
}

void OverlayTag::shiftOnScreen(const QPointF& offset)
{
    prepareGeometryChange();
    m_rect.translate(offset);
}

QRectF OverlayTag::boundingRect() const
{
    return m_rect;
}

void OverlayTag::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_colour);
    painter->drawRect(m_rect);
    painter->setPen(textColourOn(m_colour));
    painter->setFont(QGuiApplication::font());
    painter->drawText(m_rect, Qt::AlignCenter, m_text);
}

} // namespace gwb::ui
