// The main window with the engine connected, on lavapipe: the device line and the status bar say
// which device runs and that it is the CPU; Run is enabled only once a model is loaded (and not
// for video); a folder that is not a model shows its error while the window keeps working; Run
// streams into the Output panel and Stop ends a long answer.
#include "TestWindow.h"
#include "EngineTestSupport.h"
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineState.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gwb::ui;
namespace t = gwb::test;
using Phase = EngineState::Phase;

class TestEngineWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;

    Phase phase() const { return m_window->engineState().phase(); }
    PromptPanel* prompt() const { return m_window->promptPanel(); }
    ModelPanel* model() const { return m_window->modelPanel(); }
    QString statusMessage() const { return m_window->statusBar()->currentMessage(); }

    void loadFolder(const QString& folder)
    {
        model()->setModelFolder(folder);
        QVERIFY(model()->loadButton()->isEnabled());
        QTest::mouseClick(model()->loadButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Loading);
        QVERIFY(!model()->loadButton()->isEnabled());
        QVERIFY(!prompt()->runButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(phase() != Phase::Loading, t::kEngineTimeoutMs);
    }

private slots:
    void initTestCase()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Vulkan validation")));
        QVERIFY(m_settings.isValid());
        m_window = t::openTestWindow(m_settings.path(), QStringLiteral("test_engine_window"));
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void showsTheDeviceAndWhy()
    {
        QTRY_VERIFY_WITH_TIMEOUT(phase() != Phase::Starting, t::kEngineTimeoutMs);
        QCOMPARE(phase(), Phase::Unloaded);
        const EngineState& state = m_window->engineState();
        QVERIFY(!state.device().isEmpty());
        QVERIFY(model()->deviceText().contains(state.device()));
        QVERIFY(!state.deviceReason().isEmpty());
        QCOMPARE(model()->findChild<QLabel*>(QStringLiteral("deviceLine"))->toolTip(), state.deviceReason());
        if (qEnvironmentVariable("VK_DRIVER_FILES").contains(QStringLiteral("lvp"))) {
            // Never silently on the CPU: the device line, the status bar and its message say so.
            QVERIFY(state.isCpuFallback());
            QVERIFY2(model()->deviceText().contains(QStringLiteral("lavapipe")), qPrintable(model()->deviceText()));
            QVERIFY2(m_window->engineStatusText().startsWith(QStringLiteral("CPU: ")),
                     qPrintable(m_window->engineStatusText()));
            QVERIFY2(m_window->engineStatusText().contains(QStringLiteral("no GPU")),
                     qPrintable(m_window->engineStatusText()));
        }
        QVERIFY(m_window->engineStatusText().contains(QStringLiteral("not loaded")));
        QVERIFY(model()->loadButton()->isEnabled());
        QVERIFY(!model()->unloadButton()->isEnabled());
    }

    void runIsEnabledOnlyAfterAModelIsLoaded()
    {
        prompt()->setTask(TaskId::FreePrompt);
        prompt()->setPromptText(QStringLiteral("Say hello."));
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY2(prompt()->runButton()->toolTip().contains(QStringLiteral("not loaded")),
                 qPrintable(prompt()->runButton()->toolTip()));

        loadFolder(t::tinyModelDir());
        QCOMPARE(phase(), Phase::Ready);
        QVERIFY(prompt()->runButton()->isEnabled());
        QVERIFY(model()->unloadButton()->isEnabled());
        QVERIFY2(model()->memoryText().contains(QStringLiteral("MiB on the device")), qPrintable(model()->memoryText()));
        QVERIFY(model()->statusText().isEmpty());
        QVERIFY2(m_window->engineStatusText().contains(QStringLiteral("tiny-s1")), qPrintable(m_window->engineStatusText()));

        // An empty prompt or a media task keeps Run disabled, each with its reason.
        prompt()->setPromptText(QString());
        QVERIFY(!prompt()->runButton()->isEnabled());
        prompt()->setPromptText(QStringLiteral("Say hello."));
        QVERIFY(prompt()->runButton()->isEnabled());
        prompt()->setTask(TaskId::Caption);
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY2(prompt()->runButton()->toolTip().contains(QStringLiteral("image file first")),
                 qPrintable(prompt()->runButton()->toolTip()));
        prompt()->setTask(TaskId::Describe);
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY2(prompt()->runButton()->toolTip().contains(QStringLiteral("video file first")),
                 qPrintable(prompt()->runButton()->toolTip()));
        prompt()->setTask(TaskId::FreePrompt);
        QVERIFY(prompt()->runButton()->isEnabled());
    }

    // With a model loaded, image, audio and video tasks are offered.
    void mediaTasksAreEnabledInThePicker()
    {
        auto* picker = prompt()->findChild<QComboBox*>(QStringLiteral("taskPicker"));
        auto* items = qobject_cast<QStandardItemModel*>(picker->model());
        QVERIFY(items);
        int video = 0;
        for (int row = 0; row < items->rowCount(); ++row) {
            const QStandardItem* item = items->item(row);
            if (item->text().contains(QStringLiteral("Caption")) || item->text().contains(QStringLiteral("Transcribe")))
                QVERIFY(item->isEnabled());
            if (item->text().contains(QStringLiteral("Describe the video")) || item->text().contains(QStringLiteral("Ask about the video"))) {
                QVERIFY(item->isEnabled());
                ++video;
            }
            if (item->text().contains(QStringLiteral("Free prompt")))
                QVERIFY(item->isEnabled());
        }
        QCOMPARE(video, 2);
    }

    void runStreamsIntoTheOutputPanel()
    {
        QCOMPARE(phase(), Phase::Ready);
        prompt()->setPromptText(QStringLiteral("Write a short poem about the sea."));
        prompt()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(16);
        QCOMPARE(prompt()->maxNewTokens(), 16);
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Busy);
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY(prompt()->stopButton()->isEnabled());
        QVERIFY(!model()->loadButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        OutputPanel* output = m_window->outputPanel();
        QVERIFY(!(output->answerText() + output->thoughtText()).isEmpty());
        QVERIFY2(output->tokensPerSecondText().contains(QRegularExpression(QStringLiteral("^[0-9.]+ tok/s$"))),
                 qPrintable(output->tokensPerSecondText()));
        qInfo("%s", qPrintable(statusMessage()));
        QVERIFY2(statusMessage().startsWith(QStringLiteral("Done")), qPrintable(statusMessage()));
        QVERIFY(!prompt()->stopButton()->isEnabled());
    }

    void stopEndsALongAnswer()
    {
        QCOMPARE(phase(), Phase::Ready);
        prompt()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(200);
        OutputPanel* output = m_window->outputPanel();
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Busy);
        QTRY_VERIFY_WITH_TIMEOUT(!(output->answerText() + output->thoughtText()).isEmpty() || phase() != Phase::Busy,
                                 t::kEngineTimeoutMs);
        QCOMPARE(phase(), Phase::Busy);
        QTest::mouseClick(prompt()->stopButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        qInfo("%s", qPrintable(statusMessage()));
        QVERIFY2(statusMessage().contains(QStringLiteral("stopped")), qPrintable(statusMessage()));
    }

    void aFolderThatIsNotAModelShowsItsErrorAndTheWindowKeepsWorking()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        QVERIFY(t::writeFakeModel(folder.path(), "this is not JSON"));
        loadFolder(folder.path());
        QCOMPARE(phase(), Phase::Unloaded);
        QVERIFY2(model()->statusText().contains(QStringLiteral("config.json")), qPrintable(model()->statusText()));
        QVERIFY2(model()->statusText().contains(QStringLiteral("not valid JSON")), qPrintable(model()->statusText()));
        QVERIFY2(statusMessage().contains(QStringLiteral("config.json")), qPrintable(statusMessage()));
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY(model()->loadButton()->isEnabled());

        // The same window loads a real model right after.
        loadFolder(t::tinyModelDir());
        QCOMPARE(phase(), Phase::Ready);
        QVERIFY(model()->statusText().isEmpty());
        QVERIFY(prompt()->runButton()->isEnabled());
    }

    void unloadDisablesRun()
    {
        QCOMPARE(phase(), Phase::Ready);
        QTest::mouseClick(model()->unloadButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Unloaded);
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY(model()->memoryText().contains(QStringLiteral("Nothing loaded")));
    }

    void withoutADeviceLoadIsDisabledAndSaysWhy()
    {
        qputenv("GWB_DEVICE", "no-such-gpu");
        MainWindow::Options options;
        options.restoreLayout = false;
        options.saveLayoutOnClose = false;
        MainWindow window(options);
        QTRY_VERIFY_WITH_TIMEOUT(window.engineState().phase() != Phase::Starting, t::kEngineTimeoutMs);
        qunsetenv("GWB_DEVICE");
        QCOMPARE(window.engineState().phase(), Phase::NoDevice);
        QVERIFY2(window.engineStatusText().contains(QStringLiteral("none usable")), qPrintable(window.engineStatusText()));
        QVERIFY(!window.modelPanel()->loadButton()->isEnabled());
        QVERIFY2(window.modelPanel()->loadButton()->toolTip().contains(QStringLiteral("no-such-gpu")),
                 qPrintable(window.modelPanel()->loadButton()->toolTip()));
        QVERIFY(window.modelPanel()->deviceText().contains(QStringLiteral("no-such-gpu")));
        QVERIFY(!window.promptPanel()->runButton()->isEnabled());
    }
};

QTEST_MAIN(TestEngineWindow)
#include "test_engine_window.moc"
