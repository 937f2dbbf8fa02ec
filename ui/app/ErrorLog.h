#pragma once
// Every error the window shows is also logged: to stderr through the "gwb.ui" logging category
// and, one line each with a timestamp, to errors.log in the app's data folder
// (~/.local/share/GemmaWorkbench/gemma-workbench/errors.log), so that a user who started the app
// from the desktop can still send it with a bug report.
#include <QLoggingCategory>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(gwbUi)

namespace gwb::ui {

class ErrorLog {
public:
    // `where`: what failed, in English for the log ("model load", "image", "run").
    static void record(const QString& where, const QString& message);
    static QString filePath();
    // Above this size the log starts over (errors.log.1 keeps the previous one).
    static constexpr qint64 kMaxBytes = 1 << 20;
};

} // namespace gwb::ui
