#pragma once

#include <QGraphicsView>
#include <QImage>

class QGraphicsPixmapItem;

namespace gwb::ui {

class OverlayLayer;

// Shows one image with wheel zoom (anchored under the cursor), drag pan and fit-to-window, and
// carries the OverlayLayer for detection boxes and points. While in "fit" mode the image refits
// when the view is resized; any manual zoom leaves fit mode until fitToWindow() is called again.
class ImageView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    void clearImage();
    bool hasImage() const { return !m_image.isNull(); }
    const QImage& image() const { return m_image; }

    OverlayLayer* overlay() const { return m_overlay; }
    QGraphicsPixmapItem* imageItem() const { return m_pixmapItem; }

    double zoom() const;               // screen pixels per image pixel
    bool isFitMode() const { return m_fitMode; }

    // Where an image pixel lands in viewport coordinates (tests and future hit-testing use it).
    QPointF mapFromImage(const QPointF& imagePoint) const;

    static constexpr double kMinZoom = 0.02;
    static constexpr double kMaxZoom = 40.0;

public slots:
    void zoomIn();
    void zoomOut();
    void setZoom(double factor);
    void fitToWindow();
    void actualSize();

signals:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    // A theme switch (Settings → Theme) recolours the backdrop.
    void changeEvent(QEvent* event) override;

private:
    void applyZoom(double factor);
    void zoomBy(double step);

    QImage m_image;
    QGraphicsPixmapItem* m_pixmapItem = nullptr;
    OverlayLayer* m_overlay = nullptr;
    bool m_fitMode = true;
};

} // namespace gwb::ui
