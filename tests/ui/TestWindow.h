#pragma once
// A main window for a GUI test: settings isolated in `settingsFolder`, no saved layout read or
// written, shown (callers still wait for it to be exposed).
#include <QString>

#include <memory>

#include "TestSettings.h"
#include "ui/MainWindow.h"

namespace gwb::test {

inline std::unique_ptr<gwb::ui::MainWindow> openTestWindow(const QString& settingsFolder, const QString& appName)
{
    isolateSettings(settingsFolder, appName);
    gwb::ui::MainWindow::Options options;
    options.restoreLayout = false;
    options.saveLayoutOnClose = false;
    auto window = std::make_unique<gwb::ui::MainWindow>(options);
    window->show();
    return window;
}

} // namespace gwb::test
