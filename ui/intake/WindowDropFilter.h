#pragma once

#include <QObject>

class QMimeData;
class QWidget;

namespace gwb::ui {

// Makes the whole window one drop target for files and images. Installed on the application, it
// intercepts drags of URLs or image data over *any* widget of the window (a text box would
// otherwise swallow a dropped file as its path text) and reports the drop. Plain text drags pass
// through untouched, so dragging text into the prompt still works.
class WindowDropFilter : public QObject {
    Q_OBJECT
public:
    explicit WindowDropFilter(QWidget* window);

    static bool carriesMedia(const QMimeData* data);
    // Widgets with this property set to true (and their children) handle drops themselves.
    static constexpr const char* kOwnDropsProperty = "gwbOwnDrops";

signals:
    // Emitted synchronously during the drop: `data` is only valid inside the connected slot.
    void dropped(const QMimeData* data);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* m_window;
};

} // namespace gwb::ui
