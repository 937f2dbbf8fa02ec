#include "ui/intake/WindowDropFilter.h"

#include <QCoreApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

#include <algorithm>

namespace gwb::ui {

WindowDropFilter::WindowDropFilter(QWidget* window) : QObject(window), m_window(window)
{
    QCoreApplication::instance()->installEventFilter(this);
}

bool WindowDropFilter::carriesMedia(const QMimeData* data)
{
    if (!data)
        return false;
    if (data->hasImage())
        return true;
    const QList<QUrl> urls = data->urls();
    return std::any_of(urls.begin(), urls.end(), [](const QUrl& url) { return url.isLocalFile(); });
}

bool WindowDropFilter::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
        return false;
    auto* widget = qobject_cast<QWidget*>(watched);
    if (!widget || widget->window() != m_window)
        return false;
    // A panel that takes drops itself (the batch queue) marks itself with this property.
    for (const QWidget* w = widget; w; w = w->parentWidget()) {
        if (w->property(kOwnDropsProperty).toBool())
            return false;
    }
    auto* drop = static_cast<QDropEvent*>(event); // QDragEnterEvent/QDragMoveEvent derive from it
    if (!carriesMedia(drop->mimeData()))
        return false;
    drop->setDropAction(Qt::CopyAction);
    drop->accept();
    if (type == QEvent::Drop)
        emit dropped(drop->mimeData());
    return true;
}

} // namespace gwb::ui
