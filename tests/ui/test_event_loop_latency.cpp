// No UI action blocks the event loop for more than 100 ms. A heartbeat timer fires every 5 ms on
// the GUI thread and records the longest gap between two beats while the window, driven by a
// deliberately slow scripted engine (every load step and decode step sleeps on the engine
// thread), loads a model, streams an answer, stops it, runs a detection, and takes dropped files
// (a full-HD photo, a 10 s recording, a video, a folder). Any work done synchronously on the GUI
// thread — by the window or by waiting for the engine — shows up as a gap.
//
// This machine is shared (2 cores, many builds): a gap also grows while the GUI thread is ready
// to run but the kernel runs something else. That time is not the app's doing, so each gap is
// counted without the run-queue wait the kernel reports for the thread
// (/proc/self/task/TID/schedstat, field 2); the raw wall-clock gap is printed too.
#include "DropEvents.h"
#include "ScriptedWindow.h"
#include "TestMedia.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QFile>
#include <QUrl>

#include <sys/syscall.h>
#include <unistd.h>

#include <functional>

using namespace gwb::ui;
namespace t = gwb::test;

namespace {

// The budget of the issue: no action may hold the GUI thread longer than this.
constexpr qint64 kMaxGapMs = 100;

// Nanoseconds this thread has waited on a run queue (ready, not running) since it started.
qint64 runQueueWaitNs()
{
    static const QString path = QStringLiteral("/proc/self/task/%1/schedstat").arg(long(syscall(SYS_gettid)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = file.readAll().split(' ');
    return fields.size() >= 2 ? fields[1].toLongLong() : 0;
}

class Heartbeat : public QObject {
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] { beat(); });
    }
    void restart()
    {
        m_clock.start();
        m_last = 0;
        m_lastWaitNs = runQueueWaitNs();
        m_maxGap = m_maxRawGap = 0;
        m_timer.start();
    }
    // The longest gaps so far, counting the time since the last beat: without the run-queue
    // wait (what the app blocked) and raw (wall clock).
    qint64 maxGapMs()
    {
        beat();
        return m_maxGap;
    }
    qint64 maxRawGapMs() const { return m_maxRawGap; }

private:
    void beat()
    {
        const qint64 now = m_clock.elapsed();
        const qint64 waitNs = runQueueWaitNs();
        const qint64 raw = now - m_last;
        m_maxRawGap = std::max(m_maxRawGap, raw);
        m_maxGap = std::max(m_maxGap, raw - (waitNs - m_lastWaitNs) / 1000000);
        m_last = now;
        m_lastWaitNs = waitNs;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastWaitNs = 0;
    qint64 m_maxGap = 0;
    qint64 m_maxRawGap = 0;
};

// Runs a real event loop (not QTest::qWait's sleep-and-poll) until `done` or the timeout.
bool spinUntil(const std::function<bool()>& done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(5);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return done();
}

} // namespace

class TestEventLoopLatency : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_media;
    std::unique_ptr<MainWindow> m_window;
    Heartbeat m_heartbeat;

    // Starts the heartbeat, runs `action` from inside the event loop, spins until `done`, and
    // checks the longest gap.
    void measure(const char* what, const std::function<void()>& action, const std::function<bool()>& done,
                 int timeoutMs = 20000)
    {
        m_heartbeat.restart();
        spinUntil([] { return false; }, 30); // a few beats before the action
        QElapsedTimer actionClock;
        qint64 actionMs = -1;
        QTimer::singleShot(0, this, [&] {
            actionClock.start();
            action();
            actionMs = actionClock.elapsed();
        });
        QVERIFY2(spinUntil(done, timeoutMs), what);
        spinUntil([] { return false; }, 30);
        const qint64 gap = m_heartbeat.maxGapMs();
        qInfo("%-34s action %3lld ms, longest event-loop gap %3lld ms (%3lld ms wall clock)", what, actionMs,
              gap, m_heartbeat.maxRawGapMs());
        QVERIFY2(gap <= kMaxGapMs, qPrintable(QStringLiteral("%1 blocked the event loop for %2 ms")
                                                  .arg(QLatin1String(what)).arg(gap)));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_media.isValid());
        QVERIFY2(QFile::exists(QStringLiteral("/proc/self/schedstat")), "the kernel reports no schedstat");
        QVERIFY(t::writeImage(m_media.filePath(QStringLiteral("photo.png")), t::photoLikeImage(1920, 1080)));
        QVERIFY(t::writeWav(m_media.filePath(QStringLiteral("speech.wav")), 10.0));
        QVERIFY(t::writeMp4Stub(m_media.filePath(QStringLiteral("clip.mp4"))));
        QDir folder(m_media.filePath(QStringLiteral("folder")));
        QVERIFY(folder.mkpath(QStringLiteral(".")));
        for (int i = 0; i < 5; ++i)
            QVERIFY(t::writeImage(folder.filePath(QStringLiteral("page%1.png").arg(i)), t::scanLikeImage(800, 1100)));

        t::EngineScript script;
        script.openDeviceMs = 300;
        script.loadMs = 1500;
        script.stepMs = 40;
        script.answer.clear();
        for (int i = 0; i < 40; ++i)
            script.answer << QStringLiteral("**word %1** and `code` ").arg(i) << QStringLiteral("\n- item\n");
        script.boxes = {{QStringLiteral("cat"), 0.1, 0.2, 0.5, 0.9}, {QStringLiteral("dog"), 0.55, 0.1, 0.95, 0.8}};
        m_window = t::openScriptedWindow(m_settings.path(), QStringLiteral("test_event_loop_latency"), script);
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY(m_window->modelPanel()->loadButton()->isEnabled());
    }

    void cleanupTestCase() { m_window.reset(); }

    void loadingAModel()
    {
        measure("loading a model (1.5 s)", [this] {
            m_window->modelPanel()->setModelFolder(m_media.path());
            m_window->modelPanel()->loadButton()->click();
        }, [this] { return m_window->engineState().phase() == EngineState::Phase::Ready; });
    }

    void streamingAnAnswer()
    {
        PromptPanel* prompt = m_window->promptPanel();
        prompt->setTask(TaskId::FreePrompt);
        prompt->setPromptText(QStringLiteral("Write a list."));
        measure("running (80 pieces, Markdown)", [prompt] { prompt->runButton()->click(); },
                [this] { return m_window->engineState().phase() == EngineState::Phase::Ready; });
        QVERIFY(m_window->outputPanel()->answerText().contains(QStringLiteral("word 39")));
    }

    void stoppingARun()
    {
        PromptPanel* prompt = m_window->promptPanel();
        prompt->runButton()->click();
        QTRY_VERIFY(!m_window->outputPanel()->answerText().isEmpty());
        measure("stopping", [prompt] { prompt->stopButton()->click(); },
                [this] { return m_window->engineState().phase() == EngineState::Phase::Ready; });
        QVERIFY(!m_window->outputPanel()->answerText().contains(QStringLiteral("word 39")));
    }

    void droppingFiles()
    {
        const QString photo = m_media.filePath(QStringLiteral("photo.png"));
        measure("dropping a 1920x1080 photo", [this, photo] {
            t::dropUrls(m_window.get(), {QUrl::fromLocalFile(photo)});
        }, [this] { return m_window->promptPanel()->mediaCount() >= 1; });
        measure("dropping a 10 s WAV", [this] {
            t::dropUrls(m_window.get(), {QUrl::fromLocalFile(m_media.filePath(QStringLiteral("speech.wav")))});
        }, [this] { return m_window->promptPanel()->mediaCount() >= 2; });
        measure("dropping a video", [this] {
            t::dropUrls(m_window.get(), {QUrl::fromLocalFile(m_media.filePath(QStringLiteral("clip.mp4")))});
        }, [this] { return m_window->promptPanel()->mediaCount() >= 3; });
        measure("dropping a folder of 5 scans", [this] {
            t::dropUrls(m_window.get(), {QUrl::fromLocalFile(m_media.filePath(QStringLiteral("folder")))});
        }, [this] { return m_window->promptPanel()->mediaCount() >= 8; });
    }

    void runningADetection()
    {
        PromptPanel* prompt = m_window->promptPanel();
        prompt->setTask(TaskId::Detect);
        prompt->setPromptText(QStringLiteral("animals"));
        QVERIFY2(prompt->runButton()->isEnabled(), qPrintable(prompt->runBlockedReason()));
        measure("detecting (boxes drawn)", [prompt] { prompt->runButton()->click(); },
                [this] { return m_window->engineState().phase() == EngineState::Phase::Ready; });
    }
};

QTEST_MAIN(TestEventLoopLatency)
#include "test_event_loop_latency.moc"
