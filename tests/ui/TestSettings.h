#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace gwb::test {

// Points QSettings at a throw-away folder (and the app's data folder at Qt's test location) so
// tests never read or write the user's settings or files.
inline void isolateSettings(const QString& folder, const QString& appName)
{
    QCoreApplication::setOrganizationName(QStringLiteral("GemmaWorkbenchTests"));
    QCoreApplication::setApplicationName(appName);
    // Files the app writes to its data folder (errors.log) go to ~/.qttest, not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

} // namespace gwb::test
