#include "ui/widgets/OverlayLayer.h"

#include "ui/widgets/OverlayItem.h"

#include <algorithm>
#include <array>

namespace gwb::ui {

namespace {
// Ten colours that stay distinguishable from each other and against most photos.
constexpr std::array<QRgb, 10> kPalette = {
    0xffe6194b, 0xff3cb44b, 0xff4363d8, 0xfff58231, 0xff911eb4,
    0xff42d4f4, 0xfff032e6, 0xffbfef45, 0xff469990, 0xff9a6324,
};
} // namespace

OverlayLayer::OverlayLayer(QGraphicsItem* imageItem, QObject* parent)
    : QObject(parent), m_imageItem(imageItem)
{
}

QColor OverlayLayer::paletteColour(int index)
{
    return QColor(kPalette[std::size_t(std::max(0, index)) % kPalette.size()]);
}

QColor OverlayLayer::colourFor(const QString& label) const
{
    const qsizetype index = m_labels.indexOf(label);
    if (index < 0)
        return QColor(kPalette[0]);
    return QColor(kPalette[std::size_t(index) % kPalette.size()]);
}

void OverlayLayer::noteLabel(const QString& label)
{
    if (m_labels.contains(label))
        return;
    m_labels << label;
    emit labelsChanged();
}

OverlayItem* OverlayLayer::addBox(const QRectF& imageRect, const QString& label)
{
    noteLabel(label);
    return adopt(OverlayItem::makeBox(imageRect, label, colourFor(label), m_imageItem));
}

OverlayItem* OverlayLayer::addPoint(const QPointF& imagePoint, const QString& label)
{
    noteLabel(label);
    return adopt(OverlayItem::makePoint(imagePoint, label, colourFor(label), m_imageItem));
}

OverlayItem* OverlayLayer::adopt(OverlayItem* item)
{
    item->setPixelsPerDevicePixel(m_pixelsPerDevicePixel);
    item->setVisible(m_allVisible && !m_hidden.contains(item->label()));
    m_items << item;
    return item;
}

void OverlayLayer::clear()
{
    qDeleteAll(m_items);
    m_items.clear();
    m_hidden.clear();
    if (!m_labels.isEmpty()) {
        m_labels.clear();
        emit labelsChanged();
    }
}

void OverlayLayer::setLabelVisible(const QString& label, bool visible)
{
    if (visible)
        m_hidden.remove(label);
    else
        m_hidden.insert(label);
    for (OverlayItem* item : std::as_const(m_items)) {
        if (item->label() == label)
            item->setVisible(m_allVisible && visible);
    }
}

bool OverlayLayer::isLabelVisible(const QString& label) const
{
    return m_allVisible && !m_hidden.contains(label);
}

void OverlayLayer::setAllVisible(bool visible)
{
    m_allVisible = visible;
    for (OverlayItem* item : std::as_const(m_items))
        item->setVisible(visible && !m_hidden.contains(item->label()));
}

void OverlayLayer::setPixelsPerDevicePixel(qreal pixels)
{
    m_pixelsPerDevicePixel = pixels;
    for (OverlayItem* item : std::as_const(m_items))
        item->setPixelsPerDevicePixel(pixels);
}

} // namespace gwb::ui
