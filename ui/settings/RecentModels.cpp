#include "ui/settings/RecentModels.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace gwb::ui {

namespace {
constexpr auto kKey = "model/recent";

QStringList stored()
{
    return QSettings().value(kKey).toStringList();
}

void store(const QStringList& paths)
{
    QSettings().setValue(kKey, paths);
}

QString normalized(const QString& path)
{
    return QDir::cleanPath(path.trimmed());
}
} // namespace

QStringList RecentModels::list()
{
    QStringList existing;
    for (const QString& path : stored()) {
        if (QFileInfo::exists(path))
            existing << path;
    }
    return existing;
}

void RecentModels::add(const QString& path)
{
    const QString clean = normalized(path);
    if (clean.isEmpty() || clean == QLatin1String("."))
        return;
    QStringList paths = stored();
    paths.removeAll(clean);
    paths.prepend(clean);
    while (paths.size() > kMaxEntries)
        paths.removeLast();
    store(paths);
}

void RecentModels::remove(const QString& path)
{
    QStringList paths = stored();
    paths.removeAll(normalized(path));
    store(paths);
}

void RecentModels::clear()
{
    store({});
}

} // namespace gwb::ui
