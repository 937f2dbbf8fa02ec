#pragma once
// A main window driven by the scripted engine (ScriptedEngine.h), settings isolated, no saved
// layout read or written, shown; helpers to bring it to Ready with a model folder that exists.
#include "ScriptedEngine.h"
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineState.h"
#include "ui/panels/ModelPanel.h"

#include <QPushButton>
#include <QTest>

#include <memory>

namespace gwb::test {

inline std::unique_ptr<gwb::ui::MainWindow> openScriptedWindow(const QString& settingsFolder, const QString& appName,
                                                               const EngineScript& script)
{
    isolateSettings(settingsFolder, appName);
    gwb::ui::MainWindow::Options options;
    options.restoreLayout = false;
    options.saveLayoutOnClose = false;
    options.engineWorker = ScriptedEngineWorker::factory(script);
    auto window = std::make_unique<gwb::ui::MainWindow>(options);
    window->show();
    return window;
}

// Loads `modelFolder` through the Model panel; true when the window reached Ready.
inline bool loadScriptedModel(gwb::ui::MainWindow& window, const QString& modelFolder, int timeoutMs = 10000)
{
    gwb::ui::ModelPanel* panel = window.modelPanel();
    if (!QTest::qWaitFor([&] { return panel->loadButton()->isEnabled(); }, timeoutMs))
        return false;
    panel->setModelFolder(modelFolder);
    panel->loadButton()->click();
    return QTest::qWaitFor([&] { return window.engineState().phase() == gwb::ui::EngineState::Phase::Ready; },
                           timeoutMs);
}

} // namespace gwb::test
