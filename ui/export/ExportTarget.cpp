#include "ui/export/ExportTarget.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace gwb::ui {

namespace {
constexpr auto kTemplateKey = "export/filenameTemplate";
constexpr auto kFormatKey = "export/format";
} // namespace

ExportTarget exportTargetPath(const QString& folder, const QString& pattern, const QString& source,
                              const QString& task, ExportFormat format, const QDateTime& when, int index)
{
    ExportTarget target;
    QString dir = folder.trimmed();
    if (dir.isEmpty() && !source.isEmpty())
        dir = QFileInfo(source).absolutePath();
    if (dir.isEmpty()) {
        target.error = QCoreApplication::translate("gwb::ui::ExportTarget",
                                                   "This result has no input file to save next to; choose an export folder.");
        return target;
    }
    FilenameFields fields;
    fields.name = source.isEmpty() ? QString() : QFileInfo(source).completeBaseName();
    fields.task = task;
    fields.ext = exportExtension(format);
    fields.when = when;
    fields.index = index;
    const FilenameResult name = expandFilenameTemplate(pattern, fields);
    if (!name.ok()) {
        target.error = name.error;
        return target;
    }
    target.path = QDir::cleanPath(QDir(dir).absoluteFilePath(name.fileName));
    return target;
}

QString savedFilenameTemplate()
{
    const QString pattern = QSettings().value(kTemplateKey).toString();
    return pattern.trimmed().isEmpty() ? QString::fromLatin1(kDefaultFilenameTemplate) : pattern;
}

void saveFilenameTemplate(const QString& pattern)
{
    QSettings().setValue(kTemplateKey, pattern);
}

ExportFormat savedExportFormat(ExportFormat fallback)
{
    ExportFormat format = fallback;
    const QString key = QSettings().value(kFormatKey).toString();
    return exportFormatFromKey(key, &format) ? format : fallback;
}

void saveExportFormat(ExportFormat format)
{
    QSettings().setValue(kFormatKey, exportExtension(format));
}

} // namespace gwb::ui
