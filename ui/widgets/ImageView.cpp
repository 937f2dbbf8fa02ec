#include "ui/widgets/ImageView.h"

#include "ui/widgets/OverlayLayer.h"

#include <QEvent>
#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace gwb::ui {

namespace {
constexpr double kWheelStep = 1.2;   // zoom factor per wheel notch (120 units)
constexpr double kButtonStep = 1.25;
} // namespace

ImageView::ImageView(QWidget* parent) : QGraphicsView(parent)
{
    auto* scene = new QGraphicsScene(this);
    setScene(scene);
    m_pixmapItem = scene->addPixmap(QPixmap());
    m_pixmapItem->setTransformationMode(Qt::SmoothTransformation);
    // Hover events must reach the overlay items even though the image does not use them.
    m_pixmapItem->setAcceptHoverEvents(false);
    m_overlay = new OverlayLayer(m_pixmapItem, this);

    setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(palette().color(QPalette::Window).darker(115));
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    // Drops are handled window-wide (WindowDropFilter); the scene itself takes none.
    setAcceptDrops(false);
}

void ImageView::setImage(const QImage& image)
{
    m_overlay->clear();
    m_image = image;
    m_pixmapItem->setPixmap(QPixmap::fromImage(image));
    scene()->setSceneRect(m_pixmapItem->boundingRect());
    fitToWindow();
    viewport()->update();
}

void ImageView::clearImage()
{
    setImage(QImage());
}

double ImageView::zoom() const
{
    return transform().m11();
}

QPointF ImageView::mapFromImage(const QPointF& imagePoint) const
{
    const QPointF scenePoint = m_pixmapItem->mapToScene(imagePoint);
    return viewportTransform().map(scenePoint);
}

void ImageView::zoomIn()
{
    m_fitMode = false;
    zoomBy(kButtonStep);
}

void ImageView::zoomOut()
{
    m_fitMode = false;
    zoomBy(1.0 / kButtonStep);
}

void ImageView::setZoom(double factor)
{
    m_fitMode = false;
    applyZoom(factor);
}

void ImageView::actualSize()
{
    setZoom(1.0);
}

void ImageView::fitToWindow()
{
    m_fitMode = true;
    if (!hasImage()) {
        applyZoom(1.0);
        return;
    }
    const QSizeF available = viewport()->size();
    const QSizeF size = m_pixmapItem->boundingRect().size();
    // Never blow a small image up past 100% when fitting: that only makes it blurry.
    const double factor = std::min({available.width() / size.width(),
                                    available.height() / size.height(), 1.0});
    applyZoom(factor);
    centerOn(m_pixmapItem);
}

void ImageView::zoomBy(double step)
{
    applyZoom(zoom() * step);
}

void ImageView::applyZoom(double factor)
{
    factor = std::clamp(factor, kMinZoom, kMaxZoom);
    setTransform(QTransform::fromScale(factor, factor));
    m_overlay->setPixelsPerDevicePixel(1.0 / factor);
    emit zoomChanged(factor);
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    if (!hasImage()) {
        event->ignore();
        return;
    }
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0) {
        QGraphicsView::wheelEvent(event); // horizontal scroll pans
        return;
    }
    m_fitMode = false;
    zoomBy(std::pow(kWheelStep, notches));
    event->accept();
}

void ImageView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitMode)
        fitToWindow();
}

void ImageView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        setBackgroundBrush(palette().color(QPalette::Window).darker(115));
    QGraphicsView::changeEvent(event);
}

void ImageView::drawForeground(QPainter* painter, const QRectF& rect)
{
    QGraphicsView::drawForeground(painter, rect);
    if (hasImage())
        return;
    // Empty state: tell the user what this panel is for, in viewport coordinates.
    painter->save();
    painter->resetTransform();
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    QPen dashed(palette().color(QPalette::Mid), 1.5, Qt::DashLine);
    painter->setPen(dashed);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(area, 10, 10);
    painter->setPen(palette().color(QPalette::WindowText));
    painter->drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                      tr("Drop an image here, paste one with Ctrl+V, or open one with Ctrl+O."));
    painter->restore();
}

} // namespace gwb::ui
