#pragma once

#include <QImage>
#include <QWidget>

class QLabel;
class QToolButton;
class QMenu;

namespace gwb::ui {

class ImageView;

// The Image dock: a toolbar (fit, 100%, zoom, overlay labels), the zoomable ImageView with its
// overlay layer, and a caption line with the file name and size.
class ImagePanel : public QWidget {
    Q_OBJECT
public:
    explicit ImagePanel(QWidget* parent = nullptr);

    // Reads the file (EXIF orientation applied). On failure the panel keeps its current image,
    // emits message() with the reason and returns false: a broken file never takes the app down.
    bool openFile(const QString& path);
    void showImage(const QImage& image, const QString& name);

    ImageView* view() const { return m_view; }
    QImage image() const;
    QString imageName() const { return m_name; }

signals:
    void message(const QString& text);

private:
    void rebuildLabelMenu();
    void updateCaption();

    ImageView* m_view;
    QLabel* m_caption;
    QToolButton* m_labelsButton;
    QMenu* m_labelsMenu;
    QString m_name;
};

} // namespace gwb::ui
