#include "ui/intake/MediaIntake.h"

#include "ui/intake/ScanDetector.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/panels/VideoPanel.h"

#include <QFileInfo>
#include <QMimeData>
#include <QSet>
#include <QUrl>

namespace gwb::ui {

MediaIntake::MediaIntake(const Panels& panels, QObject* parent)
    : QObject(parent), m_panels(panels)
{
}

bool MediaIntake::show(const RoutedFile& file, bool& scanLike)
{
    switch (file.kind) {
    case MediaKind::Image:
        if (!m_panels.image->openFile(file.path))
            return false;
        scanLike = ScanDetector::looksLikeScan(m_panels.image->image());
        return true;
    case MediaKind::Audio: m_panels.audio->openFile(file.path); return true;
    case MediaKind::Video: m_panels.video->openFile(file.path); return true;
    case MediaKind::Unknown: break;
    }
    return false;
}

int MediaIntake::openPaths(const QStringList& paths)
{
    const RoutingResult result = m_router.route(paths);
    QStringList unknown;
    QSet<MediaKind> shown;
    bool haveTask = false;
    TaskId task = TaskId::FreePrompt;
    int accepted = 0;

    for (const RoutedFile& file : result.files) {
        const QString name = QFileInfo(file.path).fileName();
        if (file.kind == MediaKind::Unknown) {
            unknown << name;
            continue;
        }
        // The panel shows the first file of each kind; the rest only join the media list, which
        // is what the model receives.
        bool scanLike = false;
        if (!shown.contains(file.kind)) {
            if (!show(file, scanLike))
                continue; // the panel already said why
            shown.insert(file.kind);
            emit panelWanted(file.kind);
        }
        if (!haveTask) {
            task = TaskCatalog::defaultTaskFor(file.kind, scanLike);
            haveTask = true;
        }
        m_panels.prompt->addMedia(name, file.path, file.kind);
        ++accepted;
    }

    if (haveTask) {
        m_panels.prompt->setTask(task);
        emit taskChosen(task);
    }
    const QString text = summary(result, accepted, unknown, task);
    if (!text.isEmpty())
        emit message(text);
    return accepted;
}

QString MediaIntake::summary(const RoutingResult& result, int accepted, const QStringList& unknown,
                             TaskId task) const
{
    QStringList parts;
    if (accepted == 1 && result.files.size() == 1) {
        const RoutedFile& f = result.files.first();
        parts << tr("Opened %1 (%2): task set to %3")
                     .arg(QFileInfo(f.path).fileName(), mediaKindName(f.kind), TaskCatalog::label(task));
    } else if (accepted > 0) {
        parts << tr("Opened %n file(s): task set to %1", nullptr, accepted).arg(TaskCatalog::label(task));
    }
    if (!unknown.isEmpty()) {
        const QString first = unknown.first();
        parts << (unknown.size() == 1
                      ? tr("%1 is not an image, audio or video file").arg(first)
                      : tr("%n file(s) are not images, audio or video (e.g. %1)", nullptr,
                           int(unknown.size())).arg(first));
    }
    if (!result.missing.isEmpty())
        parts << tr("%n path(s) could not be read", nullptr, int(result.missing.size()));
    if (result.skippedForLimit > 0)
        parts << tr("%n more file(s) skipped: at most %1 files per drop", nullptr,
                    result.skippedForLimit).arg(MediaRouter::maxFiles());
    return parts.join(QStringLiteral(" · "));
}

bool MediaIntake::openImage(const QImage& image, const QString& name)
{
    if (image.isNull())
        return false;
    m_panels.image->showImage(image, name);
    m_panels.prompt->addMedia(name, QString(), MediaKind::Image);
    const TaskId task = TaskCatalog::defaultTaskFor(MediaKind::Image, ScanDetector::looksLikeScan(image));
    m_panels.prompt->setTask(task);
    emit panelWanted(MediaKind::Image);
    emit taskChosen(task);
    emit message(tr("%1 (%2 × %3 px): task set to %4")
                     .arg(name).arg(image.width()).arg(image.height()).arg(TaskCatalog::label(task)));
    return true;
}

bool MediaIntake::openMimeData(const QMimeData* data)
{
    if (!data)
        return false;
    QStringList paths;
    const QList<QUrl> urls = data->urls();
    for (const QUrl& url : urls) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (!paths.isEmpty())
        return openPaths(paths) > 0;
    if (data->hasImage()) {
        const QImage image = qvariant_cast<QImage>(data->imageData());
        return openImage(image, tr("Pasted image %1").arg(++m_pastedCount));
    }
    emit message(tr("Nothing to open: the clipboard or drop holds no image or file."));
    return false;
}

} // namespace gwb::ui
