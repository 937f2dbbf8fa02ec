// Overlay boxes and points are drawn in image-pixel coordinates: checked on the pixels of a grab()
// at two zoom levels, with per-label hiding and hover highlight.
#include "ui/widgets/ImageView.h"
#include "ui/widgets/OverlayItem.h"
#include "ui/widgets/OverlayLayer.h"

#include <QImage>
#include <QTest>

using namespace gwb::ui;

namespace {

bool similar(QRgb a, const QColor& b, int tolerance)
{
    return std::abs(qRed(a) - b.red()) <= tolerance && std::abs(qGreen(a) - b.green()) <= tolerance
           && std::abs(qBlue(a) - b.blue()) <= tolerance;
}

// True when a pixel of `colour` lies within `radius` of `at` (strokes are antialiased).
bool colourNear(const QImage& shot, QPoint at, const QColor& colour, int radius = 2)
{
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p = at + QPoint(dx, dy);
            if (shot.rect().contains(p) && similar(shot.pixel(p), colour, 40))
                return true;
        }
    }
    return false;
}

} // namespace

class TestOverlay : public QObject {
    Q_OBJECT
private:
    static QImage whiteImage()
    {
        QImage image(200, 120, QImage::Format_RGB32);
        image.fill(Qt::white);
        return image;
    }
    static QImage grabViewport(ImageView& view)
    {
        return view.viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    }
    static QPoint at(ImageView& view, double x, double y)
    {
        return view.mapFromImage(QPointF(x, y)).toPoint();
    }

private slots:
    void boxFollowsImagePixelsAtAnyZoom_data()
    {
        QTest::addColumn<double>("zoom");
        QTest::newRow("100%") << 1.0;
        QTest::newRow("200%") << 2.0;
        QTest::newRow("75%") << 0.75;
    }
    void boxFollowsImagePixelsAtAnyZoom()
    {
        QFETCH(double, zoom);
        ImageView view;
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setImage(whiteImage());
        const QRectF box(40, 30, 80, 50);
        OverlayItem* item = view.overlay()->addBox(box, "cat");
        view.setZoom(zoom);
        view.centerOn(view.imageItem());
        QCoreApplication::processEvents();

        const QColor colour = view.overlay()->colourFor("cat");
        QCOMPARE(item->colour(), colour);
        const QImage shot = grabViewport(view);
        // All four edges, at their midpoints, carry the label colour...
        QVERIFY(colourNear(shot, at(view, box.left(), box.center().y()), colour));
        QVERIFY(colourNear(shot, at(view, box.right(), box.center().y()), colour));
        QVERIFY(colourNear(shot, at(view, box.center().x(), box.bottom()), colour));
        QVERIFY(colourNear(shot, at(view, box.center().x() + 30, box.top()), colour));
        // ...the inside is only lightly tinted, and the image outside the box is untouched.
        const QRgb inside = shot.pixel(at(view, box.center().x(), box.center().y() + 10));
        QVERIFY(qGray(inside) > 180 && inside != qRgb(255, 255, 255));
        QCOMPARE(shot.pixel(at(view, 20, box.center().y())), qRgb(255, 255, 255));
        QCOMPARE(shot.pixel(at(view, 150, 100)), qRgb(255, 255, 255));
        // 10 image pixels left of the box edge is white, whatever the zoom.
        QVERIFY(!colourNear(shot, at(view, box.left() - 10, box.center().y()), colour, 1));
    }

    void labelsCanBeHiddenOneByOne()
    {
        ImageView view;
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setImage(whiteImage());
        view.setZoom(1.0);
        view.overlay()->addBox(QRectF(10, 10, 60, 40), "cat");
        view.overlay()->addBox(QRectF(110, 50, 60, 40), "dog");
        view.overlay()->addPoint(QPointF(100, 100), "dog");
        QCOMPARE(view.overlay()->labels(), (QStringList{"cat", "dog"}));
        QVERIFY(view.overlay()->colourFor("cat") != view.overlay()->colourFor("dog"));

        view.overlay()->setLabelVisible("dog", false);
        QImage shot = grabViewport(view);
        QVERIFY(colourNear(shot, at(view, 10, 30), view.overlay()->colourFor("cat")));
        QCOMPARE(shot.pixel(at(view, 110, 70)), qRgb(255, 255, 255));
        QCOMPARE(shot.pixel(at(view, 100, 100)), qRgb(255, 255, 255));

        view.overlay()->setLabelVisible("dog", true);
        shot = grabViewport(view);
        QVERIFY(colourNear(shot, at(view, 110, 70), view.overlay()->colourFor("dog")));
        QVERIFY(colourNear(shot, at(view, 100, 100), view.overlay()->colourFor("dog"), 7));

        view.overlay()->clear();
        QVERIFY(view.overlay()->labels().isEmpty());
        QCOMPARE(grabViewport(view).pixel(at(view, 10, 30)), qRgb(255, 255, 255));
    }

    void hoverHighlightsTheBox()
    {
        ImageView view;
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setImage(whiteImage());
        view.setZoom(1.0);
        OverlayItem* box = view.overlay()->addBox(QRectF(40, 30, 80, 50), "cat");
        const QPoint inside = at(view, 80, 55);
        const QRgb before = grabViewport(view).pixel(inside);
        QVERIFY(!box->isHighlighted());

        QTest::mouseMove(view.viewport(), inside);
        QTRY_VERIFY(box->isHighlighted());
        const QRgb after = grabViewport(view).pixel(inside);
        QVERIFY2(qGray(after) < qGray(before), "the highlighted fill is stronger");

        QTest::mouseMove(view.viewport(), at(view, 180, 110));
        QTRY_VERIFY(!box->isHighlighted());
    }

    void wheelZoomsAndFitRestores()
    {
        ImageView view;
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QImage big(2000, 1000, QImage::Format_RGB32);
        big.fill(Qt::gray);
        view.setImage(big);
        QVERIFY(view.isFitMode());
        QVERIFY(qAbs(view.zoom() - 0.2) < 0.01); // 400/2000 limits

        const double fitted = view.zoom();
        QWheelEvent wheel(QPointF(200, 150), view.viewport()->mapToGlobal(QPointF(200, 150)),
                          QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view.viewport(), &wheel);
        QVERIFY(view.zoom() > fitted * 1.1);
        QVERIFY(!view.isFitMode());
        view.fitToWindow();
        QCOMPARE(view.zoom(), fitted);
    }
};

QTEST_MAIN(TestOverlay)
#include "test_overlay.moc"
