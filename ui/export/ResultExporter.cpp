#include "ui/export/ResultExporter.h"

#include "ui/export/DetectionJson.h"
#include "ui/export/ExportDialog.h"
#include "ui/export/ExportRenderer.h"
#include "ui/export/ExportTarget.h"
#include "ui/export/ExportWriter.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/settings/AppSettings.h"
#include "ui/tasks/TaskCatalog.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/OverlayItem.h"
#include "ui/widgets/OverlayLayer.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QWidget>

namespace gwb::ui {

ResultExporter::ResultExporter(const Panels& panels, QWidget* window)
    : QObject(window), m_panels(panels), m_window(window)
{
}

QString ResultExporter::defaultFolder()
{
    return AppSettings::load().exportFolder;
}

void ResultExporter::noteTaskFinished(const TaskOutcome& outcome)
{
    m_lastTask = outcome.task;
    m_lastMedia = TaskCatalog::info(m_panels.prompt->task()).media;
    if (!outcome.objects.isEmpty() || outcome.imageWidth > 0)
        m_lastMedia = MediaKind::Image;
    else if (outcome.segments > 0)
        m_lastMedia = MediaKind::Audio;
}

void ResultExporter::noteTextRun()
{
    m_lastTask = QStringLiteral("prompt");
    m_lastMedia = MediaKind::Unknown;
}

QList<DetectedItem> ResultExporter::overlayObjects() const
{
    QList<DetectedItem> objects;
    for (const OverlayItem* item : m_panels.image->view()->overlay()->items()) {
        DetectedItem detected;
        detected.label = item->label();
        if (item->kind() == OverlayItem::Kind::Box) {
            detected.hasBox = true;
            detected.box = item->rect();
        } else {
            detected.hasPoint = true;
            detected.point = item->rect().topLeft();
        }
        objects << detected;
    }
    return objects;
}

ExportContent ResultExporter::currentContent() const
{
    ExportContent content;
    content.text = m_panels.output->answerText();
    const MediaKind media = m_lastTask.isEmpty() ? TaskCatalog::info(m_panels.prompt->task()).media : m_lastMedia;
    content.task = m_lastTask.isEmpty() ? QString::fromLatin1(TaskCatalog::info(m_panels.prompt->task()).key) : m_lastTask;
    if (media == MediaKind::Audio) {
        content.segments = m_panels.audio->transcript();
        content.source = m_panels.audio->transcriptSource();
    } else if (media == MediaKind::Image) {
        content.source = m_panels.prompt->firstMediaPath(MediaKind::Image);
        content.image = m_panels.image->image();
        content.objects = overlayObjects();
        OverlayLayer* overlay = m_panels.image->view()->overlay();
        content.labelColours = [overlay](const QString& label) { return overlay->colourFor(label); };
    } else {
        content.source = m_panels.prompt->firstMediaPath(MediaKind::Image);
        if (content.source.isEmpty())
            content.source = m_panels.prompt->firstMediaPath(MediaKind::Audio);
    }
    return content;
}

void ResultExporter::fillMenu(QMenu* menu)
{
    QAction* dialog = menu->addAction(tr("&Export Result…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                                      &ResultExporter::exportWithDialog);
    dialog->setObjectName(QStringLiteral("exportResultAction"));
    QMenu* quick = menu->addMenu(tr("Export &As"));
    for (ExportFormat format : allExportFormats()) {
        QAction* action = quick->addAction(exportFormatLabel(format), this, [this, format] { exportTo(format); });
        action->setObjectName(QStringLiteral("exportAs_") + exportExtension(format));
    }
    menu->addSeparator();
    QAction* copy = menu->addAction(tr("&Copy Detections as JSON"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                                    this, &ResultExporter::copyDetectionsAsJson);
    copy->setObjectName(QStringLiteral("copyDetectionsAction"));
}

bool ResultExporter::exportToPath(ExportFormat format, const QString& path)
{
    const QString error = writeExport(path, format, currentContent());
    if (!error.isEmpty()) {
        emit message(error);
        return false;
    }
    emit message(tr("Exported to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

QString ResultExporter::exportTo(ExportFormat format)
{
    const ExportContent content = currentContent();
    const ExportTarget target = exportTargetPath(defaultFolder(), savedFilenameTemplate(), content.source, content.task, format);
    if (!target.ok()) {
        emit message(target.error);
        return {};
    }
    return exportToPath(format, target.path) ? target.path : QString();
}

QString ResultExporter::exportWithDialog()
{
    const ExportContent content = currentContent();
    ExportDialog dialog(content, defaultFolder(), savedFilenameTemplate(), m_window);
    if (dialog.exec() != QDialog::Accepted || dialog.targetPath().isEmpty())
        return {};
    const QString path = dialog.targetPath();
    if (QFileInfo::exists(path)
        && QMessageBox::question(m_window, tr("Replace File?"),
                                 tr("%1 exists already. Replace it?").arg(QDir::toNativeSeparators(path)))
               != QMessageBox::Yes)
        return {};
    saveFilenameTemplate(dialog.filenameTemplate());
    if (dialog.folder() != defaultFolder()) {
        AppSettings settings = AppSettings::load();
        settings.exportFolder = dialog.folder();
        settings.save();
    }
    return exportToPath(dialog.format(), path) ? path : QString();
}

bool ResultExporter::copyDetectionsAsJson()
{
    const QList<DetectedItem> objects = overlayObjects();
    if (objects.isEmpty()) {
        emit message(tr("There are no detections to copy; run Detect or Point on an image first."));
        return false;
    }
    QApplication::clipboard()->setText(QString::fromUtf8(detectionsToJsonText(objects)));
    emit message(tr("Copied %n detection(s) as JSON.", nullptr, int(objects.size())));
    return true;
}

} // namespace gwb::ui
