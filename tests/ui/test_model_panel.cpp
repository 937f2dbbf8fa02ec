// The Model panel: the first-run guide while there is no model (and what fits this machine, with
// the memory the released models need recomputed here by the engine's own estimate), the device
// line naming a CPU fallback with its reason, and recently used models in the panel and the menu.
#include "ScriptedEngine.h"
#include "TestSettings.h"
#include "TestWindow.h"
#include "inference/model/MemoryEstimate.h"
#include "inference/model/ModelConfig.h"
#include "inference/model/ModelFootprint.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"
#include "ui/panels/ModelFit.h"
#include "ui/panels/ModelGuide.h"
#include "ui/panels/ModelPanel.h"
#include "ui/settings/RecentModels.h"

#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace gwb::ui;
namespace t = gwb::test;

class TestModelPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_models;

    static QMenu* recentMenu(MainWindow& window)
    {
        return window.menuBar()->findChild<QMenu*>(QStringLiteral("recentModelsMenu"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_models.isValid());
        t::isolateSettings(m_settings.path(), QStringLiteral("test_model_panel"));
    }

    void cleanup() { QSettings().clear(); }

    void knownModelSizesMatchTheEngineEstimate()
    {
        // The table in ModelFit.cpp against the engine's estimate from the released configs:
        // bf16 weights the engine uploads + an f16 KV cache of the app's 4096 tokens.
        const QString configs = QStringLiteral(GWB_SHARED_DIR) + QStringLiteral("/configs/");
        const QStringList folders = {QStringLiteral("gemma-4-E2B-config"), QStringLiteral("gemma-4-E4B-config")};
        QCOMPARE(ModelFit::knownModels().size(), folders.size());
        for (int i = 0; i < folders.size(); ++i) {
            const auto cfg = gwb::model::ModelConfig::load((configs + folders[i] + QStringLiteral("/config.json")).toStdString());
            const auto footprint = gwb::model::estimateFootprint(cfg, gwb::model::DType::BF16);
            gwb::model::KvCacheOptions kv;
            kv.contextLength = EngineWorker::kDefaultContextLength;
            kv.elementType = gwb::model::DType::F16;
            const auto estimate = gwb::model::estimateMemory(footprint, cfg.text, kv);
            const KnownModel& known = ModelFit::knownModels()[i];
            QVERIFY2(qint64(estimate.weightBytes) == known.weightBytes && qint64(estimate.kvCacheBytes) == known.cacheBytes,
                     qPrintable(QStringLiteral("%1: engine says weights %2, cache %3")
                                    .arg(known.repository).arg(estimate.weightBytes).arg(estimate.kvCacheBytes)));
        }
        QVERIFY(ModelFit::knownModels()[0].totalBytes() < ModelFit::knownModels()[1].totalBytes());
    }

    void verdicts()
    {
        const qint64 gib = qint64(1) << 30;
        QCOMPARE(ModelFit::verdict(4 * gib, 8 * gib), ModelFit::Verdict::Fits);
        QCOMPARE(ModelFit::verdict(8 * gib, 10 * gib), ModelFit::Verdict::Fits);       // exactly 80 %
        QCOMPARE(ModelFit::verdict(9 * gib, 10 * gib), ModelFit::Verdict::Tight);
        QCOMPARE(ModelFit::verdict(11 * gib, 10 * gib), ModelFit::Verdict::TooBig);
        QCOMPARE(ModelFit::verdict(4 * gib, 0), ModelFit::Verdict::Unknown);
        QVERIFY(ModelFit::systemMemoryBytes() > (qint64(256) << 20));
    }

    void guideSaysWhatFitsThisDevice()
    {
        ModelGuide guide;
        QVERIFY(guide.text().contains(QStringLiteral("google/gemma-4-E2B-it")));
        QVERIFY(guide.text().contains(QStringLiteral("google/gemma-4-E4B-it")));
        QVERIFY(guide.text().contains(QStringLiteral("unknown until the device is open")));
        // A 2 GiB GPU holds neither model comfortably; E4B (bigger) is too big for it.
        guide.setDevice(QStringLiteral("Tiny GPU"), qint64(2) << 30, false);
        QVERIFY(guide.text().contains(QStringLiteral("Tiny GPU")));
        QVERIFY(guide.text().contains(QStringLiteral("too big for this device")));
        // A 1 TiB GPU fits both.
        guide.setDevice(QStringLiteral("Huge GPU"), qint64(1) << 40, false);
        QCOMPARE(guide.text().count(QStringLiteral("<td>fits</td>")), 2);
        // On the CPU the RAM counts, and the guide says the CPU runs it.
        guide.setDevice(QStringLiteral("llvmpipe (LLVM 15.0.6, 256 bits)"), qint64(1) << 40, true);
        QVERIFY(guide.text().contains(QStringLiteral("on the CPU")));
    }

    void guideShowsUntilAModelIsChosen()
    {
        ModelPanel panel;
        QVERIFY(panel.isGuideVisible());
        panel.setModelFolder(m_models.path());
        QVERIFY(!panel.isGuideVisible());
        panel.setModelFolder(m_models.filePath(QStringLiteral("does-not-exist")));
        QVERIFY(panel.isGuideVisible());
        ModelSummary loaded;
        loaded.folder = m_models.path();
        loaded.name = QStringLiteral("tiny");
        panel.setModelSummary(&loaded);
        QVERIFY(!panel.isGuideVisible());
    }

    void cpuFallbackIsNamedWithItsReason()
    {
        ModelPanel panel;
        EngineState state(EngineState::Phase::Unloaded, QStringLiteral("llvmpipe (LLVM 15.0.6, 256 bits)"));
        state.setDeviceDetails(QStringLiteral("no GPU found, using lavapipe (CPU)"), true);
        panel.setEngineState(state);
        QVERIFY2(panel.deviceText().contains(QStringLiteral("llvmpipe")), qPrintable(panel.deviceText()));
        QVERIFY2(panel.deviceText().contains(QStringLiteral("CPU")), qPrintable(panel.deviceText()));
        QVERIFY(panel.findChild<QWidget*>(QStringLiteral("deviceLine"))->toolTip().contains(QStringLiteral("lavapipe")));

        EngineState gpu(EngineState::Phase::Unloaded, QStringLiteral("NVIDIA H100"));
        gpu.setDeviceDetails(QStringLiteral("the only discrete GPU"), false);
        panel.setEngineState(gpu);
        QCOMPARE(panel.deviceText(), QStringLiteral("NVIDIA H100 — the only discrete GPU"));
    }

    void realEngineReportsDeviceMemoryAndList()
    {
        // On lavapipe: the device's memory (for the guide) and every device (for Settings).
        EngineBridge bridge;
        QSignalSpy ready(&bridge, &EngineBridge::deviceReady);
        QSignalSpy memory(&bridge, &EngineBridge::deviceMemoryKnown);
        QSignalSpy listed(&bridge, &EngineBridge::devicesListed);
        bridge.start();
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 60000);
        QCOMPARE(ready.size(), 1);
        QCOMPARE(memory.size(), 1);
        QVERIFY(memory.first().first().toLongLong() > (qint64(64) << 20));
        const QStringList names = listed.first().first().toStringList();
        QVERIFY2(names.contains(ready.first().first().toString()), qPrintable(names.join(QLatin1Char(','))));
    }

    void loadedModelsBecomeRecentAndLoadFromTheMenu()
    {
        const QString tiny = QDir(m_models.path()).filePath(QStringLiteral("tiny-model"));
        QVERIFY(QDir().mkpath(tiny));
        t::isolateSettings(m_settings.path(), QStringLiteral("test_model_panel"));
        MainWindow::Options options;
        options.restoreLayout = false;
        options.saveLayoutOnClose = false;
        t::EngineScript script;
        script.loadMs = 50;
        options.engineWorker = t::ScriptedEngineWorker::factory(script);
        MainWindow window(options);
        ModelPanel* panel = window.modelPanel();
        QTRY_VERIFY(panel->loadButton()->isEnabled()); // the scripted device is open
        QVERIFY(RecentModels::list().isEmpty());

        panel->setModelFolder(tiny);
        panel->loadButton()->click();
        QTRY_VERIFY(window.engineState().phase() == EngineState::Phase::Ready);
        QCOMPARE(RecentModels::list(), QStringList{tiny});

        // The panel's Recent button and File → Recent Models list it; picking it loads it.
        QMenu* panelMenu = panel->recentButton()->menu();
        emit panelMenu->aboutToShow();
        QCOMPARE(panelMenu->actions().first()->text(), QStringLiteral("tiny-model"));
        QMenu* menu = recentMenu(window);
        QVERIFY(menu);
        emit menu->aboutToShow();
        QVERIFY(menu->actions().first()->text().endsWith(tiny));
        panel->setModelFolder(QString());
        QSignalSpy loads(panel, &ModelPanel::loadRequested);
        menu->actions().first()->trigger();
        QCOMPARE(loads.size(), 1);
        QCOMPARE(loads.first().first().toString(), tiny);
        QCOMPARE(panel->modelFolder(), tiny);
        QTRY_VERIFY(window.engineState().phase() == EngineState::Phase::Ready);
    }
};

QTEST_MAIN(TestModelPanel)
#include "test_model_panel.moc"
