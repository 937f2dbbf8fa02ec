#include "ui/intake/MediaRouter.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QMimeType>

#include <algorithm>
#include <array>
#include <utility>

namespace gwb::ui {

namespace {

// The routing table: MIME top-level type (or a specific container type that shared-mime-info files
// under "application/") to the panel that shows it.
constexpr std::array<std::pair<const char*, MediaKind>, 5> kRoutes{{
    {"image/", MediaKind::Image},
    {"audio/", MediaKind::Audio},
    {"video/", MediaKind::Video},
    {"application/ogg", MediaKind::Audio},       // Ogg without a more specific match
    {"application/x-matroska", MediaKind::Video},
}};

MediaKind kindForName(const QString& name)
{
    for (const auto& [prefix, kind] : kRoutes) {
        if (name.startsWith(QLatin1String(prefix)))
            return kind;
    }
    return MediaKind::Unknown;
}

// "page2" < "page10": runs of digits compare by value, everything else case-insensitively.
// (QCollator's numeric mode needs ICU, which not every Qt build has.)
bool naturalLess(const QString& a, const QString& b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            const qsizetype si = i, sj = j;
            while (i < a.size() && a[i].isDigit())
                ++i;
            while (j < b.size() && b[j].isDigit())
                ++j;
            // Compare by value without overflow: strip leading zeros, then length, then digits.
            QStringView x = QStringView(a).mid(si, i - si), y = QStringView(b).mid(sj, j - sj);
            while (x.size() > 1 && x.front() == u'0')
                x = x.mid(1);
            while (y.size() > 1 && y.front() == u'0')
                y = y.mid(1);
            if (x.size() != y.size())
                return x.size() < y.size();
            if (const int c = x.compare(y); c != 0)
                return c < 0;
            continue;
        }
        const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    return (a.size() - i) < (b.size() - j);
}

} // namespace

MediaKind MediaRouter::kindForMime(const QString& mimeName) const
{
    if (const MediaKind kind = kindForName(mimeName); kind != MediaKind::Unknown)
        return kind;
    // Some formats are registered as sub-classes (e.g. a vendor type inheriting video/mp4).
    const QMimeType mime = m_mimeDb.mimeTypeForName(mimeName);
    const QStringList ancestors = mime.allAncestors();
    for (const QString& ancestor : ancestors) {
        if (const MediaKind kind = kindForName(ancestor); kind != MediaKind::Unknown)
            return kind;
    }
    return MediaKind::Unknown;
}

RoutedFile MediaRouter::classify(const QString& path) const
{
    RoutedFile routed;
    routed.path = path;
    // MatchContent: only the bytes count. An empty or unreadable file yields
    // application/octet-stream or text/plain and ends up Unknown.
    const QMimeType mime = m_mimeDb.mimeTypeForFile(path, QMimeDatabase::MatchContent);
    routed.mimeType = mime.name();
    routed.kind = kindForMime(mime.name());
    return routed;
}

RoutingResult MediaRouter::route(const QStringList& paths) const
{
    RoutingResult result;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists() || !info.isReadable())
            result.missing << path;
        else if (info.isDir())
            addFolder(info.absoluteFilePath(), result);
        else
            addFile(info.absoluteFilePath(), result);
    }
    return result;
}

void MediaRouter::addFile(const QString& path, RoutingResult& result) const
{
    if (result.files.size() >= maxFiles()) {
        ++result.skippedForLimit;
        return;
    }
    result.files << classify(path);
}

void MediaRouter::addFolder(const QString& dir, RoutingResult& result) const
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Readable | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        found << it.next();

    std::sort(found.begin(), found.end(), naturalLess);
    for (const QString& file : std::as_const(found))
        addFile(file, result);
}

} // namespace gwb::ui
