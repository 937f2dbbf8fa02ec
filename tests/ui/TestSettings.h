#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace gwb::test {

// Points QSettings at a throw-away folder so tests never read or write the user's settings.
inline void isolateSettings(const QString& folder, const QString& appName)
{
    QCoreApplication::setOrganizationName(QStringLiteral("GemmaWorkbenchTests"));
    QCoreApplication::setApplicationName(appName);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
}

} // namespace gwb::test
