#include "ui/widgets/OverlayItem.h"

#include "ui/widgets/OverlayTag.h"

#include <QPainter>
#include <QPen>

namespace gwb::ui {

namespace {
constexpr qreal kStroke = 2.0;            // screen pixels
constexpr qreal kHighlightStroke = 3.5;
constexpr qreal kPointRadius = 6.0;       // screen pixels
constexpr int kFillAlpha = 28;            // a light tint keeps the image visible under the box
constexpr int kHighlightFillAlpha = 80;
constexpr qreal kBaseZ = 1.0;
constexpr qreal kHighlightZ = 2.0;        // the hovered box comes on top of overlapping ones
} // namespace

OverlayItem* OverlayItem::makeBox(const QRectF& rect, const QString& label, const QColor& colour,
                                  QGraphicsItem* parent)
{
    return new OverlayItem(Kind::Box, rect.normalized(), label, colour, parent);
}

OverlayItem* OverlayItem::makePoint(const QPointF& point, const QString& label,
                                    const QColor& colour, QGraphicsItem* parent)
{
    return new OverlayItem(Kind::Point, QRectF(point, QSizeF(0, 0)), label, colour, parent);
}

OverlayItem::OverlayItem(Kind kind, const QRectF& rect, const QString& label,
                         const QColor& colour, QGraphicsItem* parent)
    : QGraphicsItem(parent), m_kind(kind), m_rect(rect), m_label(label), m_colour(colour)
{
    setAcceptHoverEvents(true);
    setZValue(kBaseZ);
    setToolTip(label);
    if (!label.isEmpty()) {
        m_tag = new OverlayTag(label, colour, this);
        // Boxes carry the tag on their top-left corner; points just right of the marker.
        m_tag->setPos(rect.topLeft());
        if (kind == Kind::Point)
            m_tag->shiftOnScreen(QPointF(kPointRadius + 2.0, -kPointRadius));
    }
}

void OverlayItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    setZValue(on ? kHighlightZ : kBaseZ);
    update();
}

void OverlayItem::setPixelsPerDevicePixel(qreal pixels)
{
    if (pixels <= 0.0 || qFuzzyCompare(pixels, m_pixelsPerDevicePixel))
        return;
    prepareGeometryChange();
    m_pixelsPerDevicePixel = pixels;
}

qreal OverlayItem::marginInImagePixels() const
{
    const qreal screen = m_kind == Kind::Point ? kPointRadius + kHighlightStroke : kHighlightStroke;
    return screen * m_pixelsPerDevicePixel;
}

QRectF OverlayItem::boundingRect() const
{
    const qreal m = marginInImagePixels();
    return m_rect.adjusted(-m, -m, m, m);
}

void OverlayItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    QPen pen(m_colour, m_highlighted ? kHighlightStroke : kStroke);
    pen.setCosmetic(true);
    pen.setJoinStyle(Qt::MiterJoin);
    QColor fill = m_colour;
    fill.setAlpha(m_highlighted ? kHighlightFillAlpha : kFillAlpha);
    painter->setPen(pen);
    painter->setBrush(fill);
    if (m_kind == Kind::Box) {
        painter->drawRect(m_rect);
    } else {
        const qreal r = kPointRadius * m_pixelsPerDevicePixel;
        painter->drawEllipse(m_rect.topLeft(), r, r);
    }
}

void OverlayItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    setHighlighted(true);
    QGraphicsItem::hoverEnterEvent(event);
}

void OverlayItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event)
{
    setHighlighted(false);
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace gwb::ui
