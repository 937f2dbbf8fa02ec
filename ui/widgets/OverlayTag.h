#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QString>

namespace gwb::ui {

// The label of an overlay box or point: a small filled tag with text. It ignores the view's
// transformation, so it stays readable at any zoom while its anchor follows the image.
class OverlayTag : public QGraphicsItem {
public:
    OverlayTag(const QString& text, const QColor& colour, QGraphicsItem* parent);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    QString text() const { return m_text; }
    // Moves the tag by screen pixels from its anchor (the anchor itself follows the image).
    void shiftOnScreen(const QPointF& offset);

private:
    QString m_text;
    QColor m_colour;
    QRectF m_rect; // in device pixels, above the anchor point (y < 0)
};

} // namespace gwb::ui
