// The Video panel: a dropped video's frames are sampled in the background with the engine's own
// sampler (one per second) and shown on the strip with their times; clicking a frame asks for a
// seek there; and a video task (Describe) runs from the window with the tiny real checkpoint on
// lavapipe. The test video is made with the ffmpeg command-line tool (testsrc, 3 s at 5 fps).
#include "TestWindow.h"
#include "DropEvents.h"
#include "EngineTestSupport.h"
#include "ExternalTool.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineController.h"
#include "ui/engine/EngineState.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/panels/VideoPanel.h"
#include "ui/widgets/FrameStrip.h"
#include "ui/widgets/FrameStripLoader.h"

#include <QDir>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace gwb::ui;
namespace t = gwb::test;
using Phase = EngineState::Phase;

class TestVideoPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_media;
    std::unique_ptr<MainWindow> m_window;
    QString m_video;

    Phase phase() const { return m_window->engineState().phase(); }

private slots:
    void initTestCase()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Vulkan validation")));
        QVERIFY(m_settings.isValid() && m_media.isValid());
        m_video = QDir(m_media.path()).filePath(QStringLiteral("clip.mp4"));
        QCOMPARE(t::runFfmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                               QStringLiteral("testsrc=size=96x64:rate=5:duration=3"), QStringLiteral("-c:v"),
                               QStringLiteral("libx264"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), m_video},
                              60000),
                 QString());

        m_window = t::openTestWindow(m_settings.path(), QStringLiteral("test_video_panel"));
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void droppedVideoShowsItsSampledFrames()
    {
        VideoPanel* video = m_window->videoPanel();
        QSignalSpy ready(video->frameLoader(), &FrameStripLoader::framesReady);
        QVERIFY(t::dropUrls(m_window.get(), {QUrl::fromLocalFile(m_video)}));
        QCOMPARE(video->currentFile(), m_video);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        FrameStrip* strip = video->frameStrip();
        // 3 s at one frame per second: 0, 1 and 2 s (each the first frame at or after its time).
        QCOMPARE(strip->frames().size(), 3);
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(std::abs(strip->frames()[i].seconds - i) < 0.21, qPrintable(QString::number(strip->frames()[i].seconds)));
            QVERIFY(!strip->frames()[i].image.isNull());
            QCOMPARE(FrameStrip::timeText(strip->frames()[i].seconds), QStringLiteral("00:0%1").arg(i));
            QVERIFY(!strip->frameRect(i).isEmpty());
        }
        // testsrc moves: the frames differ.
        QVERIFY(strip->frames()[0].image != strip->frames()[2].image);

        QSignalSpy clicked(strip, &FrameStrip::frameClicked);
        QTest::mouseClick(strip, Qt::LeftButton, Qt::NoModifier, strip->frameRect(2).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().toDouble(), strip->frames()[2].seconds);

        // A file that is not a video leaves an empty strip that says why.
        const QString broken = QDir(m_media.path()).filePath(QStringLiteral("broken.mp4"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QSignalSpy failed(video->frameLoader(), &FrameStripLoader::failed);
        video->openFile(broken);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QVERIFY(strip->frames().isEmpty());
        QVERIFY2(strip->status().startsWith(QStringLiteral("No frames")), qPrintable(strip->status()));
    }

    void videoTaskRunsFromTheWindow()
    {
        QCOMPARE(t::loadTinyModel(*m_window), QString());

        PromptPanel* prompt = m_window->promptPanel();
        QVERIFY(t::dropUrls(m_window.get(), {QUrl::fromLocalFile(m_video)}));
        QCOMPARE(prompt->firstMediaPath(MediaKind::Video), m_video);
        QCOMPARE(prompt->task(), TaskId::Describe); // the default task for a video
        prompt->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(16);
        QVERIFY2(prompt->runButton()->isEnabled(), qPrintable(prompt->runButton()->toolTip()));
        const TaskRunRequest request = m_window->engineController()->taskRequestFromPrompt();
        QCOMPARE(request.task, QStringLiteral("describe"));
        QCOMPARE(request.video, m_video);

        QSignalSpy finished(m_window->engineController()->bridge(), &EngineBridge::taskFinished);
        QSignalSpy failed(m_window->engineController()->bridge(), &EngineBridge::failed);
        QTest::mouseClick(prompt->runButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Busy);
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(finished.count(), 1);
        const auto outcome = finished.first().first().value<TaskOutcome>();
        QVERIFY(!outcome.cancelled);
        QVERIFY(outcome.generatedTokens > 0 && outcome.generatedTokens <= 16);
        QVERIFY(!m_window->outputPanel()->answerText().isEmpty());
    }
};

QTEST_MAIN(TestVideoPanel)
#include "test_video_panel.moc"
