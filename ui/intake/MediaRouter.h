#pragma once

#include "ui/intake/MediaKind.h"

#include <QList>
#include <QMimeDatabase>
#include <QString>
#include <QStringList>

namespace gwb::ui {

// One file after routing: where it goes and why (the MIME type found in its bytes).
struct RoutedFile {
    QString path;
    MediaKind kind = MediaKind::Unknown;
    QString mimeType;
};

// The result of routing a drop or an Open: every file found, plus what could not be used.
struct RoutingResult {
    QList<RoutedFile> files;     // in the order the user gave them, folders expanded in place
    QStringList missing;         // paths that do not exist or cannot be read
    int skippedForLimit = 0;     // files left out because a folder held more than maxFiles()
};

// Decides which panel a file belongs to. The decision is made from the file's *content*
// (QMimeDatabase magic), never from its name alone: a PNG saved as "notes.txt" is an image, and a
// text file renamed "song.wav" is not audio. A file whose bytes match no known signature is
// Unknown rather than guessed from its extension, so the user gets a clear message instead of a
// decoder error later.
class MediaRouter {
public:
    // Classify one existing file.
    RoutedFile classify(const QString& path) const;

    // Classify files and folders; folders are walked recursively (hidden entries skipped),
    // their files sorted naturally ("page2" before "page10").
    RoutingResult route(const QStringList& paths) const;

    // The kind for a MIME type name, by its top-level type and its ancestors (the routing table).
    MediaKind kindForMime(const QString& mimeName) const;

    // A dropped folder can hold thousands of files; past this many we stop and say so.
    static constexpr int maxFiles() { return 500; }

private:
    void addFolder(const QString& dir, RoutingResult& result) const;
    void addFile(const QString& path, RoutingResult& result) const;

    QMimeDatabase m_mimeDb;
};

} // namespace gwb::ui
