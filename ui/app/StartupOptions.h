#pragma once

#include <QString>
#include <QStringList>

namespace gwb::ui {

// The GUI's command line:
//   gemma-workbench [--lang CODE] [--screenshot FILE] [--reset-layout] [FILE|FOLDER...]
struct StartupOptions {
    QString language;        // "de", "en", ...; empty = the system locale
    QString screenshotPath;  // render the window into this PNG after startup, then exit
    bool resetLayout = false;
    QStringList files;       // opened as if dropped
    QString error;           // non-empty when the arguments were invalid
    bool exitNow = false;    // --help / --version already printed

    // Parses arguments (arguments[0] is the program). Prints --help/--version itself.
    static StartupOptions parse(const QStringList& arguments);
};

} // namespace gwb::ui
