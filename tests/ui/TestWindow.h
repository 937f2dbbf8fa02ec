#pragma once
// A main window for a GUI test: settings isolated in `settingsFolder`, no saved layout read or
// written, shown (callers still wait for it to be exposed); and the tiny real checkpoint loaded
// into it the way a user does.
#include <QPushButton>
#include <QString>
#include <QTest>

#include <memory>

#include "EngineTestSupport.h"
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineState.h"
#include "ui/panels/ModelPanel.h"

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

// Waits for the engine to start, loads tiny-s1 through the Model panel (folder, Load) and waits
// for the load to end. "" when the model is ready, else what went wrong; use as
// QCOMPARE(loadTinyModel(*window), QString()).
inline QString loadTinyModel(gwb::ui::MainWindow& window)
{
    using Phase = gwb::ui::EngineState::Phase;
    const auto phase = [&window] { return window.engineState().phase(); };
    if (!QTest::qWaitFor([&] { return phase() != Phase::Starting; }, kEngineTimeoutMs))
        return QStringLiteral("the engine did not start within %1 ms").arg(kEngineTimeoutMs);
    window.modelPanel()->setModelFolder(tinyModelDir());
    QTest::mouseClick(window.modelPanel()->loadButton(), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return phase() != Phase::Loading; }, kEngineTimeoutMs))
        return QStringLiteral("tiny-s1 did not load within %1 ms").arg(kEngineTimeoutMs);
    if (phase() != Phase::Ready)
        return QStringLiteral("tiny-s1 did not load: ") + window.engineState().statusText();
    return {};
}

} // namespace gwb::test
