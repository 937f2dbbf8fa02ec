#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace gwb::ui {

class OverlayTag;

// One detection result drawn over the image: a box or a point, in *image pixel* coordinates (the
// item is a child of the image's pixmap item, so zoom and pan move it with the picture). Strokes
// are cosmetic (constant width on screen); the hovered item is highlighted.
class OverlayItem : public QGraphicsItem {
public:
    enum class Kind { Box, Point };

    static OverlayItem* makeBox(const QRectF& rect, const QString& label, const QColor& colour,
                                QGraphicsItem* parent);
    static OverlayItem* makePoint(const QPointF& point, const QString& label, const QColor& colour,
                                  QGraphicsItem* parent);

    Kind kind() const { return m_kind; }
    QString label() const { return m_label; }
    QColor colour() const { return m_colour; }
    QRectF rect() const { return m_rect; }          // Box: the box; Point: a zero-size rect
    bool isHighlighted() const { return m_highlighted; }
    void setHighlighted(bool on);

    // How many image pixels one screen pixel covers; the view sets it when the zoom changes so
    // that boundingRect() covers the cosmetic stroke and the point marker.
    void setPixelsPerDevicePixel(qreal pixels);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    OverlayItem(Kind kind, const QRectF& rect, const QString& label, const QColor& colour,
                QGraphicsItem* parent);
    qreal marginInImagePixels() const;

    Kind m_kind;
    QRectF m_rect;
    QString m_label;
    QColor m_colour;
    bool m_highlighted = false;
    qreal m_pixelsPerDevicePixel = 1.0;
    OverlayTag* m_tag = nullptr;
};

} // namespace gwb::ui
