#include "ui/app/WindowScreenshot.h"

#include <QPixmap>
#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace gwb::ui {

bool WindowScreenshot::capture(QWidget* window, const QString& path)
{
    if (!window)
        return false;
    return window->grab().save(path, "PNG");
}

void WindowScreenshot::captureWhenReady(QWidget* window, const QString& path,
                                        std::function<void(bool)> done)
{
    QPointer<QWidget> guard(window);
    QTimer::singleShot(kSettleMs, window, [guard, path, done = std::move(done)] {
        done(capture(guard.data(), path));
    });
}

} // namespace gwb::ui
