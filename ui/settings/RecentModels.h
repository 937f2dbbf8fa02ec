#pragma once
// The model folders (or .gguf files) loaded recently, newest first, kept in QSettings under
// "model/recent". The File → Recent Models menu and the Model panel's picker show the same list.
#include <QStringList>

namespace gwb::ui {

class RecentModels {
public:
    static constexpr int kMaxEntries = 8;

    // Newest first; entries whose folder/file no longer exists are left out.
    static QStringList list();
    // Moves `path` to the front (adding it if new) and trims the list to kMaxEntries.
    static void add(const QString& path);
    static void remove(const QString& path);
    static void clear();
};

} // namespace gwb::ui
