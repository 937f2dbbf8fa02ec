#include "ui/app/ErrorLog.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(gwbUi, "gwb.ui")

namespace gwb::ui {

QString ErrorLog::filePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("errors.log"));
}

void ErrorLog::record(const QString& where, const QString& message)
{
    qCWarning(gwbUi).noquote() << where << ":" << message;
    const QString path = filePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (QFileInfo(path).size() > kMaxBytes) {
        QFile::remove(path + QStringLiteral(".1"));
        QFile::rename(path, path + QStringLiteral(".1"));
    }
    QFile file(path);
    // A log that cannot be written must not turn one error into two: stderr has it already.
    if (!file.open(QIODevice::Append | QIODevice::Text))
        return;
    QString flat = message;
    flat.replace(QLatin1Char('\n'), QLatin1Char(' '));
    file.write(QStringLiteral("%1 [%2] %3\n")
                   .arg(QDateTime::currentDateTime().toString(Qt::ISODate), where, flat)
                   .toUtf8());
}

} // namespace gwb::ui
