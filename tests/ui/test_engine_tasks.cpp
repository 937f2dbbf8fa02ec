// Image and audio tasks from the window, on lavapipe with the tiny real checkpoint: a dropped
// image is captioned into the Output panel; detect/point results are drawn on the Image panel's
// overlay at image pixels; a dropped WAV is transcribed with one timed line per segment; Stop ends
// a running task; video tasks are offered too (test_video_panel runs one).
#include "TestWindow.h"
#include "DropEvents.h"
#include "EngineTestSupport.h"
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineController.h"
#include "ui/engine/EngineState.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/OverlayItem.h"
#include "ui/widgets/OverlayLayer.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace gwb::ui;
namespace t = gwb::test;
using Phase = EngineState::Phase;

namespace {

using gwb::test::dropUrls;

QString fixture(const char* name)
{
    return t::tinyModelDir() + QLatin1Char('/') + QLatin1String(name);
}

} // namespace

class TestEngineTasks : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    std::unique_ptr<MainWindow> m_window;

    Phase phase() const { return m_window->engineState().phase(); }
    PromptPanel* prompt() const { return m_window->promptPanel(); }
    OutputPanel* output() const { return m_window->outputPanel(); }
    QString statusMessage() const { return m_window->statusBar()->currentMessage(); }
    // The Prompt panel's smallest answer length is 16 tokens.
    void setMaxTokens(int n) { prompt()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(n); }
    void setSmallestBudget()
    {
        auto* budget = prompt()->findChild<QComboBox*>(QStringLiteral("imageBudget"));
        QVERIFY(budget);
        budget->setCurrentIndex(budget->findData(70));
        QCOMPARE(prompt()->imageTokenBudget(), 70);
    }
    void clearMedia()
    {
        auto* list = prompt()->findChild<QListWidget*>();
        QVERIFY(list);
        list->clear();
    }

private slots:
    void initTestCase()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Vulkan validation")));
        QVERIFY(m_settings.isValid());
        m_window = t::openTestWindow(m_settings.path(), QStringLiteral("test_engine_tasks"));
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(phase() != Phase::Starting, t::kEngineTimeoutMs);
        QCOMPARE(phase(), Phase::Unloaded);
        QCOMPARE(t::loadTinyModel(*m_window), QString());
    }

    void cleanupTestCase() { m_window.reset(); }

    void imageAudioAndVideoTasksAreEnabled()
    {
        auto* picker = prompt()->findChild<QComboBox*>(QStringLiteral("taskPicker"));
        auto* items = qobject_cast<QStandardItemModel*>(picker->model());
        QVERIFY(items);
        int checked = 0;
        for (int row = 0; row < items->rowCount(); ++row) {
            const QStandardItem* item = items->item(row);
            if (item->text().contains(QStringLiteral("Caption")) || item->text().contains(QStringLiteral("Transcribe"))) {
                QVERIFY(item->isEnabled());
                ++checked;
            }
            if (item->text().contains(QStringLiteral("Describe the video"))) {
                QVERIFY(item->isEnabled());
                ++checked;
            }
        }
        QCOMPARE(checked, 3);
        // Without an image in the media list an image task cannot run, and says why.
        clearMedia();
        prompt()->setTask(TaskId::Caption);
        QVERIFY(!prompt()->runButton()->isEnabled());
        QVERIFY2(prompt()->runButton()->toolTip().contains(QStringLiteral("image")),
                 qPrintable(prompt()->runButton()->toolTip()));
    }

    void droppedImageIsCaptioned()
    {
        clearMedia();
        QVERIFY(dropUrls(m_window.get(), {QUrl::fromLocalFile(fixture("image.png"))}));
        prompt()->setTask(TaskId::Caption);
        prompt()->setPromptText(QString());
        setMaxTokens(16);
        setSmallestBudget();
        QVERIFY2(prompt()->runButton()->isEnabled(), qPrintable(prompt()->runButton()->toolTip()));
        QSignalSpy finished(m_window->engineController()->bridge(), &EngineBridge::taskFinished);
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Busy);
        QVERIFY(prompt()->stopButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        qInfo("%s | %s", qPrintable(statusMessage()), qPrintable(output()->answerText()));
        QCOMPARE(finished.count(), 1);
        const auto outcome = finished.first().first().value<TaskOutcome>();
        QVERIFY(!outcome.cancelled);
        QVERIFY(outcome.generatedTokens > 0 && outcome.generatedTokens <= 16);
        QVERIFY(outcome.imageWidth > 0 && outcome.imageHeight > 0);
        QVERIFY(!output()->answerText().isEmpty());
        QVERIFY2(statusMessage().startsWith(QStringLiteral("Done")), qPrintable(statusMessage()));
    }

    void detectedObjectsAreDrawnAtImagePixels()
    {
        // The worker's result goes through the same slot; a hand-made one pins the mapping.
        OverlayLayer* overlay = m_window->imagePanel()->view()->overlay();
        overlay->clear();
        TaskOutcome outcome;
        outcome.task = QStringLiteral("detect");
        DetectedItem cat;
        cat.label = QStringLiteral("cat");
        cat.hasBox = true;
        cat.box = QRectF(QPointF(10.5, 20.25), QPointF(60.0, 80.0));
        DetectedItem dog;
        dog.label = QStringLiteral("dog");
        dog.hasPoint = true;
        dog.point = QPointF(33.0, 44.0);
        outcome.objects = {cat, dog};
        m_window->engineController()->showTaskResult(outcome);
        const QList<OverlayItem*> items = overlay->items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0]->kind(), OverlayItem::Kind::Box);
        QCOMPARE(items[0]->label(), QStringLiteral("cat"));
        QCOMPARE(items[0]->rect(), QRectF(10.5, 20.25, 49.5, 59.75));
        QCOMPARE(items[1]->kind(), OverlayItem::Kind::Point);
        QCOMPARE(items[1]->label(), QStringLiteral("dog"));
        QCOMPARE(items[1]->rect().topLeft(), QPointF(33.0, 44.0));
        QVERIFY2(statusMessage().contains(QStringLiteral("2 object")), qPrintable(statusMessage()));
    }

    void aRealDetectRunFinishes()
    {
        // tiny-s1 writes gibberish, so the parser rarely finds boxes; the run must still end
        // cleanly with the image size and whatever it parsed drawn on the overlay.
        prompt()->setTask(TaskId::Detect);
        prompt()->setPromptText(QStringLiteral("cat"));
        setMaxTokens(16);
        QVERIFY2(prompt()->runButton()->isEnabled(), qPrintable(prompt()->runButton()->toolTip()));
        QSignalSpy finished(m_window->engineController()->bridge(), &EngineBridge::taskFinished);
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        QCOMPARE(finished.count(), 1);
        const auto outcome = finished.first().first().value<TaskOutcome>();
        QVERIFY(outcome.imageWidth > 0);
        QCOMPARE(m_window->imagePanel()->view()->overlay()->items().size(), outcome.objects.size());
    }

    void droppedAudioIsTranscribedWithTimes()
    {
        clearMedia();
        QVERIFY(dropUrls(m_window.get(), {QUrl::fromLocalFile(fixture("audio.wav"))}));
        prompt()->setTask(TaskId::Transcribe);
        prompt()->setPromptText(QString());
        setMaxTokens(16);
        QVERIFY2(prompt()->runButton()->isEnabled(), qPrintable(prompt()->runButton()->toolTip()));
        QSignalSpy segments(m_window->engineController()->bridge(), &EngineBridge::segmentReady);
        QSignalSpy progress(m_window->engineController()->bridge(), &EngineBridge::taskProgress);
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Busy);
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        qInfo("%s | %s", qPrintable(statusMessage()), qPrintable(output()->answerText()));
        QVERIFY(segments.count() >= 1);
        // Progress: the speech scan, then "Audio segment i of n" after each segment, i counting up to n.
        QVERIFY(!progress.isEmpty());
        QVERIFY2(progress.first().at(0).toString().startsWith(QStringLiteral("Finding speech")),
                 qPrintable(progress.first().at(0).toString()));
        const QList<QVariant> last = progress.last();
        QCOMPARE(last.at(0).toString(),
                 QStringLiteral("Audio segment %1 of %2").arg(last.at(1).toInt()).arg(last.at(2).toInt()));
        QCOMPARE(last.at(1).toInt(), last.at(2).toInt());
        QCOMPARE(qsizetype(last.at(2).toInt()), segments.count());
        QVERIFY2(output()->answerText().contains(QRegularExpression(QStringLiteral("^\\[\\d\\d:\\d\\d\u2013\\d\\d:\\d\\d\\] "))),
                 qPrintable(output()->answerText()));
    }

    void stopEndsATask()
    {
        clearMedia();
        QVERIFY(dropUrls(m_window.get(), {QUrl::fromLocalFile(fixture("image.png"))}));
        prompt()->setTask(TaskId::Caption);
        setMaxTokens(400);
        QSignalSpy finished(m_window->engineController()->bridge(), &EngineBridge::taskFinished);
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QCOMPARE(phase(), Phase::Busy);
        QTRY_VERIFY_WITH_TIMEOUT(!output()->answerText().isEmpty() || phase() != Phase::Busy, t::kEngineTimeoutMs);
        QCOMPARE(phase(), Phase::Busy);
        QTest::mouseClick(prompt()->stopButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        QCOMPARE(finished.count(), 1);
        QVERIFY(finished.first().first().value<TaskOutcome>().cancelled);
        QVERIFY2(statusMessage().contains(QStringLiteral("stopped")), qPrintable(statusMessage()));
    }
};

QTEST_MAIN(TestEngineTasks)
#include "test_engine_tasks.moc"
