#pragma once

#include <QColor>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSet>
#include <QStringList>

class QGraphicsItem;

namespace gwb::ui {

class OverlayItem;

// The boxes and points drawn over one image, grouped by label. Each label gets a stable colour
// (in order of first appearance) and can be shown or hidden as a whole, which is how the user
// filters a crowded detection result ("hide all 'person' boxes").
class OverlayLayer : public QObject {
    Q_OBJECT
public:
    // `imageItem` is the image's pixmap item: overlays are its children, so their coordinates
    // are image pixels, and it owns them (the layer only keeps a list and deletes on clear()).
    explicit OverlayLayer(QGraphicsItem* imageItem, QObject* parent = nullptr);

    OverlayItem* addBox(const QRectF& imageRect, const QString& label);
    OverlayItem* addPoint(const QPointF& imagePoint, const QString& label);
    void clear();

    QList<OverlayItem*> items() const { return m_items; }
    QStringList labels() const { return m_labels; }
    QColor colourFor(const QString& label) const;
    // The n-th colour of the label palette (labels take them in order of first appearance).
    static QColor paletteColour(int index);

    void setLabelVisible(const QString& label, bool visible);
    bool isLabelVisible(const QString& label) const;
    void setAllVisible(bool visible);

    // Called by the view on zoom so that items know how big a screen pixel is in image pixels.
    void setPixelsPerDevicePixel(qreal pixels);

signals:
    void labelsChanged();

private:
    OverlayItem* adopt(OverlayItem* item);
    void noteLabel(const QString& label);

    QGraphicsItem* m_imageItem;
    QList<OverlayItem*> m_items;
    QStringList m_labels;
    QSet<QString> m_hidden;
    bool m_allVisible = true;
    qreal m_pixelsPerDevicePixel = 1.0;
};

} // namespace gwb::ui
