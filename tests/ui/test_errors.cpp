// Errors are shown as readable messages in the window and logged, never a crash: a model that
// does not load, the GPU running out of memory, a cancelled generation, and files that cannot be
// read. The engine is scripted (ScriptedEngine.h) so each failure happens on cue.
#include "DropEvents.h"
#include "ScriptedWindow.h"
#include "TestMedia.h"
#include "ui/app/ErrorLog.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUrl>

using namespace gwb::ui;
namespace t = gwb::test;

class TestErrors : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_files;

    static QString logText()
    {
        QFile file(ErrorLog::filePath());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    void runFreePrompt(MainWindow& window)
    {
        window.promptPanel()->setTask(TaskId::FreePrompt);
        window.promptPanel()->setPromptText(QStringLiteral("Say hello."));
        QVERIFY(window.promptPanel()->runButton()->isEnabled());
        window.promptPanel()->runButton()->click();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_files.isValid());
        // isolateSettings also puts the app's data folder (errors.log) in Qt's test location.
        t::isolateSettings(m_settings.path(), QStringLiteral("test_errors"));
        QFile::remove(ErrorLog::filePath());
    }

    void modelThatDoesNotLoad()
    {
        t::EngineScript script;
        script.loadMs = 50;
        script.failLoadWith = QStringLiteral("config.json: text_config.hidden_size is missing.");
        auto window = t::openScriptedWindow(m_settings.path(), QStringLiteral("test_errors"), script);
        QTRY_VERIFY(window->modelPanel()->loadButton()->isEnabled());
        window->modelPanel()->setModelFolder(m_files.path());
        window->modelPanel()->loadButton()->click();
        QTRY_VERIFY(window->modelPanel()->statusText().contains(QStringLiteral("hidden_size is missing")));
        QCOMPARE(window->engineState().phase(), EngineState::Phase::Unloaded);
        QVERIFY(window->outputPanel()->isShowingError());
        QVERIFY2(window->outputPanel()->noticeText().startsWith(QStringLiteral("The model did not load.")),
                 qPrintable(window->outputPanel()->noticeText()));
        QVERIFY(window->modelPanel()->loadButton()->isEnabled()); // the user can try again
        QVERIFY(logText().contains(QStringLiteral("[model load] config.json: text_config.hidden_size is missing.")));
    }

    void gpuOutOfMemory()
    {
        t::EngineScript script;
        script.loadMs = 50;
        script.failRunWith = QStringLiteral("The GPU ran out of memory (try a smaller model or a shorter answer): "
                                            "vkAllocateMemory failed for a 2048 MiB buffer");
        auto window = t::openScriptedWindow(m_settings.path(), QStringLiteral("test_errors"), script);
        QVERIFY(t::loadScriptedModel(*window, m_files.path()));
        runFreePrompt(*window);
        QTRY_VERIFY(window->outputPanel()->isShowingError());
        QVERIFY(window->outputPanel()->noticeText().contains(QStringLiteral("ran out of memory")));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("ran out of memory")));
        // The model stays loaded and Run is possible again.
        QTRY_COMPARE(window->engineState().phase(), EngineState::Phase::Ready);
        QVERIFY(window->promptPanel()->runButton()->isEnabled());
        QVERIFY(logText().contains(QStringLiteral("[run] The GPU ran out of memory")));
        // The next request clears the old error.
        window->outputPanel()->beginResponse();
        QVERIFY(!window->outputPanel()->isNoticeVisible());
    }

    void cancelledGeneration()
    {
        t::EngineScript script;
        script.loadMs = 50;
        script.stepMs = 30;
        script.answer.clear();
        for (int i = 0; i < 200; ++i)
            script.answer << QStringLiteral("word%1 ").arg(i);
        auto window = t::openScriptedWindow(m_settings.path(), QStringLiteral("test_errors"), script);
        QVERIFY(t::loadScriptedModel(*window, m_files.path()));
        runFreePrompt(*window);
        QTRY_VERIFY(!window->outputPanel()->answerText().isEmpty());
        QVERIFY(window->promptPanel()->stopButton()->isEnabled());
        window->promptPanel()->stopButton()->click();
        QTRY_COMPARE(window->engineState().phase(), EngineState::Phase::Ready);
        QVERIFY(window->outputPanel()->isNoticeVisible());
        QVERIFY(!window->outputPanel()->isShowingError()); // stopping is not an error
        QVERIFY2(window->outputPanel()->noticeText().contains(QStringLiteral("incomplete")),
                 qPrintable(window->outputPanel()->noticeText()));
        QVERIFY(window->outputPanel()->answerText().count(QStringLiteral("word")) < 200);
    }

    void unreadableFiles()
    {
        t::EngineScript script;
        auto window = t::openScriptedWindow(m_settings.path(), QStringLiteral("test_errors"), script);
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        // A PNG cut off after its header: recognised as an image, but it cannot be decoded.
        QByteArray png;
        {
            QBuffer buffer(&png);
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            QVERIFY(t::photoLikeImage().save(&buffer, "PNG"));
        }
        const QString broken = m_files.filePath(QStringLiteral("broken.png"));
        QVERIFY(t::writeBytes(broken, png.left(60)));
        QVERIFY(t::dropUrls(window.get(), {QUrl::fromLocalFile(broken)}));
        QTRY_VERIFY(window->outputPanel()->isShowingError());
        QVERIFY2(window->outputPanel()->noticeText().contains(QStringLiteral("broken.png")),
                 qPrintable(window->outputPanel()->noticeText()));
        QVERIFY(logText().contains(QStringLiteral("broken.png")));

        // Random bytes with a media name and a path that vanished: said in the status bar.
        const QString noise = m_files.filePath(QStringLiteral("noise.wav"));
        QByteArray bytes(4096, Qt::Uninitialized);
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char((i * 7919 + 13) % 251);
        QVERIFY(t::writeBytes(noise, bytes));
        window->openPaths({noise, m_files.filePath(QStringLiteral("gone.png"))});
        QVERIFY2(!window->statusBar()->currentMessage().isEmpty(), "nothing said about the unusable files");
        QVERIFY(window->isVisible());
    }
};

QTEST_MAIN(TestErrors)
#include "test_errors.moc"
