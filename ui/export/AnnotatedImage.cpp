#include "ui/export/AnnotatedImage.h"

#include "ui/widgets/OverlayLayer.h"

#include <QFont>
#include <QFontMetrics>
#include <QHash>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <memory>

namespace gwb::ui {

namespace {
QColor textColourOn(const QColor& background)
{
    return background.lightnessF() > 0.6 ? Qt::black : Qt::white;
}

void drawTag(QPainter& painter, const QPoint& anchor, const QString& label, const QColor& colour,
             const QSize& imageSize)
{
    if (label.isEmpty())
        return;
    const QFontMetrics metrics(painter.font());
    const int padding = std::max(2, metrics.height() / 6);
    QRect tag(0, 0, metrics.horizontalAdvance(label) + 2 * padding, metrics.height() + padding);
    // Above the box when there is room, else just inside its top edge.
    tag.moveBottomLeft(anchor - QPoint(0, 1));
    if (tag.top() < 0)
        tag.moveTopLeft(anchor);
    if (tag.right() >= imageSize.width())
        tag.moveRight(imageSize.width() - 1);
    tag.moveLeft(std::max(0, tag.left()));
    painter.fillRect(tag, colour);
    painter.setPen(textColourOn(colour));
    painter.drawText(tag, Qt::AlignCenter, label);
}
} // namespace

int annotationStrokeWidth(const QSize& imageSize)
{
    return std::max(2, int(std::lround(std::min(imageSize.width(), imageSize.height()) / 250.0)));
}

LabelColours defaultLabelColours(const QList<DetectedItem>& objects)
{
    auto order = std::make_shared<QHash<QString, int>>();
    for (const DetectedItem& item : objects) {
        if (!order->contains(item.label))
            order->insert(item.label, int(order->size()));
    }
    return [order](const QString& label) {
        return OverlayLayer::paletteColour(order->value(label, 0));
    };
}

QImage annotateImage(const QImage& image, const QList<DetectedItem>& objects, const LabelColours& colourFor)
{
    QImage out = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    if (out.isNull())
        return out;
    const int stroke = annotationStrokeWidth(out.size());
    QPainter painter(&out);
    QFont font = painter.font();
    font.setPixelSize(std::max(11, std::min(out.width(), out.height()) / 40));
    painter.setFont(font);
    for (const DetectedItem& item : objects) {
        const QColor colour = colourFor ? colourFor(item.label) : OverlayLayer::paletteColour(0);
        if (item.hasBox) {
            // Pixel edges: x0 is the first pixel column inside the box, x1 the first outside.
            const QRectF b = item.box.normalized();
            const int x0 = int(std::lround(b.left())), y0 = int(std::lround(b.top()));
            const int x1 = int(std::lround(b.right())), y1 = int(std::lround(b.bottom()));
            const int w = std::max(1, x1 - x0), h = std::max(1, y1 - y0);
            const int sx = std::min(stroke, w), sy = std::min(stroke, h);
            painter.fillRect(QRect(x0, y0, w, sy), colour);           // top
            painter.fillRect(QRect(x0, y0 + h - sy, w, sy), colour);  // bottom
            painter.fillRect(QRect(x0, y0, sx, h), colour);           // left
            painter.fillRect(QRect(x0 + w - sx, y0, sx, h), colour);  // right
            drawTag(painter, QPoint(x0, y0), item.label, colour, out.size());
        } else if (item.hasPoint) {
            const QPointF p = item.point;
            const double radius = 3.0 * stroke;
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.setPen(QPen(Qt::white, stroke / 2.0 + 0.5));
            painter.setBrush(colour);
            painter.drawEllipse(p, radius, radius);
            painter.setRenderHint(QPainter::Antialiasing, false);
            drawTag(painter, QPoint(int(p.x() + radius), int(p.y() - radius)), item.label, colour, out.size());
        }
    }
    painter.end();
    return out;
}

} // namespace gwb::ui
