#include "ui/panels/ImagePanel.h"

#include "ui/widgets/ImageView.h"
#include "ui/widgets/OverlayLayer.h"

#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QMenu>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace gwb::ui {

ImagePanel::ImagePanel(QWidget* parent)
    : QWidget(parent), m_view(new ImageView(this)), m_caption(new QLabel(this)),
      m_labelsButton(new QToolButton(this)), m_labelsMenu(new QMenu(this))
{
    auto* bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QAction* fit = bar->addAction(tr("Fit"), m_view, &ImageView::fitToWindow);
    fit->setToolTip(tr("Fit the image to the panel (Ctrl+0)"));
    QAction* actual = bar->addAction(tr("100%"), m_view, &ImageView::actualSize);
    actual->setToolTip(tr("Show the image at its real size (Ctrl+1)"));
    QAction* zoomOut = bar->addAction(QStringLiteral("−"), m_view, &ImageView::zoomOut);
    zoomOut->setToolTip(tr("Zoom out (Ctrl+-, or the mouse wheel)"));
    QAction* zoomIn = bar->addAction(QStringLiteral("+"), m_view, &ImageView::zoomIn);
    zoomIn->setToolTip(tr("Zoom in (Ctrl++, or the mouse wheel)"));
    bar->addSeparator();

    m_labelsButton->setText(tr("Labels"));
    m_labelsButton->setToolTip(tr("Show or hide the overlay boxes of each label"));
    m_labelsButton->setPopupMode(QToolButton::InstantPopup);
    m_labelsButton->setMenu(m_labelsMenu);
    m_labelsButton->setEnabled(false);
    bar->addWidget(m_labelsButton);

    auto* spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    auto* zoomLabel = new QLabel(bar);
    bar->addWidget(zoomLabel);
    connect(m_view, &ImageView::zoomChanged, zoomLabel,
            [zoomLabel](double zoom) { zoomLabel->setText(QStringLiteral("%1%").arg(qRound(zoom * 100))); });

    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setContentsMargins(6, 2, 6, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_caption);

    connect(m_view->overlay(), &OverlayLayer::labelsChanged, this, &ImagePanel::rebuildLabelMenu);
    updateCaption();
}

QImage ImagePanel::image() const
{
    return m_view->image();
}

bool ImagePanel::openFile(const QString& path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    // QImageReader refuses images above its allocation limit (256 MB by default) instead of
    // exhausting memory, so a hostile or huge file fails here with a message.
    const QImage image = reader.read();
    if (image.isNull()) {
        emit message(tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), reader.errorString()));
        return false;
    }
    showImage(image, QFileInfo(path).fileName());
    return true;
}

void ImagePanel::showImage(const QImage& image, const QString& name)
{
    m_name = name;
    m_view->setImage(image);
    updateCaption();
}

void ImagePanel::updateCaption()
{
    if (!m_view->hasImage()) {
        m_caption->setText(tr("No image"));
        return;
    }
    const QImage& img = m_view->image();
    m_caption->setText(tr("%1  —  %2 × %3 px").arg(m_name).arg(img.width()).arg(img.height()));
}

void ImagePanel::rebuildLabelMenu()
{
    m_labelsMenu->clear();
    OverlayLayer* overlay = m_view->overlay();
    const QStringList labels = overlay->labels();
    m_labelsButton->setEnabled(!labels.isEmpty());
    for (const QString& label : labels) {
        QAction* action = m_labelsMenu->addAction(label);
        action->setCheckable(true);
        action->setChecked(overlay->isLabelVisible(label));
        QPixmap swatch(12, 12);
        swatch.fill(overlay->colourFor(label));
        action->setIcon(QIcon(swatch));
        connect(action, &QAction::toggled, overlay,
                [overlay, label](bool on) { overlay->setLabelVisible(label, on); });
    }
}

} // namespace gwb::ui
