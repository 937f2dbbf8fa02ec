#include "ui/export/ExportWriter.h"

#include "ui/export/ExportRenderer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace gwb::ui {

QString writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    const char* context = "gwb::ui::ExportWriter";
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return QCoreApplication::translate(context, "Cannot create the folder %1.").arg(QDir::toNativeSeparators(info.absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QCoreApplication::translate(context, "Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return QCoreApplication::translate(context, "Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

QString writeExport(const QString& path, ExportFormat format, const ExportContent& content)
{
    const RenderedExport rendered = renderExport(format, content);
    if (!rendered.ok())
        return rendered.error;
    return writeFileAtomically(path, rendered.bytes);
}

} // namespace gwb::ui
