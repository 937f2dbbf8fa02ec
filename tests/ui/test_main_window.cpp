// The window (here without the engine) opens with its seven docks, shows the engine as not loaded, and routes dropped,
// opened and pasted media to the right panel with the right default task.
#include "DropEvents.h"
#include "TestMedia.h"
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/panels/VideoPanel.h"
#include "ui/widgets/WaveformView.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace gwb::ui;
namespace t = gwb::test;

namespace {

using gwb::test::dropUrls;

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_media;
    std::unique_ptr<MainWindow> m_window;

    QString media(const QString& name) const { return m_media.filePath(name); }
    QString statusMessage() const { return m_window->statusBar()->currentMessage(); }
    QWidget* promptEditor() const
    {
        // A text box accepts drops of its own; the window must still get the files.
        return m_window->promptPanel()->findChild<QPlainTextEdit*>()->viewport();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_media.isValid());
        t::isolateSettings(m_settings.path(), QStringLiteral("test_main_window"));
        QVERIFY(t::writeImage(media("photo.png"), t::photoLikeImage()));
        QVERIFY(t::writeImage(media("page.png"), t::scanLikeImage()));
        QVERIFY(t::writeWav(media("speech.wav"), 0.5));
        QVERIFY(t::writeMp4Stub(media("clip.mp4")));
        QVERIFY(t::writeBytes(media("mystery.dat"), QByteArray("\x13\x37\xc0\xde\x00\x01", 6).repeated(50)));
    }

    void init()
    {
        MainWindow::Options options;
        options.restoreLayout = false;
        options.saveLayoutOnClose = false;
        options.startEngine = false; // the window without the engine (test_engine_window has it)
        m_window = std::make_unique<MainWindow>(options);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() { m_window.reset(); }

    void opensWithSevenVisibleDocks()
    {
        // The six panels of the workbench plus the batch queue (tabbed behind the Output panel).
        const QList<QDockWidget*> docks = m_window->findChildren<QDockWidget*>();
        QCOMPARE(docks.size(), 7);
        QStringList names;
        for (QDockWidget* dock : docks) {
            names << dock->objectName();
            QVERIFY2(!dock->isHidden(), qPrintable(dock->objectName()));
            QVERIFY(dock->features().testFlag(QDockWidget::DockWidgetClosable));
            QVERIFY(dock->features().testFlag(QDockWidget::DockWidgetMovable));
        }
        names.sort();
        QCOMPARE(names, (QStringList{"audioDock", "batchDock", "imageDock", "modelDock", "outputDock",
                                     "promptDock", "videoDock"}));
    }

    void engineActionsAreDisabledAndSayWhy()
    {
        QVERIFY(m_window->engineStatusText().contains("not loaded"));
        QPushButton* load = m_window->modelPanel()->loadButton();
        QVERIFY(!load->isEnabled());
        QVERIFY(load->toolTip().contains("not loaded"));
        QPushButton* run = nullptr;
        for (QPushButton* b : m_window->promptPanel()->findChildren<QPushButton*>()) {
            if (b->text() == "Run")
                run = b;
        }
        QVERIFY(run);
        QVERIFY(!run->isEnabled());
        QVERIFY(run->toolTip().contains("not loaded"));
    }

    void dropRoutesByContent_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("task");
        QTest::newRow("photo -> caption") << "photo.png" << int(TaskId::Caption);
        QTest::newRow("scan -> OCR") << "page.png" << int(TaskId::Ocr);
        QTest::newRow("wav -> transcribe") << "speech.wav" << int(TaskId::Transcribe);
        QTest::newRow("mp4 -> describe") << "clip.mp4" << int(TaskId::Describe);
    }
    void dropRoutesByContent()
    {
        QFETCH(QString, file);
        QFETCH(int, task);
        // Start from a task no drop would pick, so the check below can fail.
        m_window->promptPanel()->setTask(TaskId::FreePrompt);
        QVERIFY(dropUrls(promptEditor(), {QUrl::fromLocalFile(media(file))}));

        QCOMPARE(int(m_window->promptPanel()->task()), task);
        QCOMPARE(m_window->promptPanel()->mediaCount(), 1);
        QCOMPARE(m_window->promptPanel()->mediaLabel(0), file);
        const bool image = file.endsWith(".png");
        QCOMPARE(m_window->imagePanel()->imageName(), image ? file : QString());
        QCOMPARE(m_window->audioPanel()->currentFile(),
                 file.endsWith(".wav") ? media(file) : QString());
        QCOMPARE(m_window->videoPanel()->currentFile(),
                 file.endsWith(".mp4") ? media(file) : QString());
        QVERIFY2(statusMessage().contains(file), qPrintable(statusMessage()));
    }

    void unknownFileGetsAMessageNotAPanel()
    {
        QVERIFY(dropUrls(m_window.get(), {QUrl::fromLocalFile(media("mystery.dat"))}));
        QCOMPARE(m_window->promptPanel()->mediaCount(), 0);
        QVERIFY(m_window->imagePanel()->imageName().isEmpty());
        QVERIFY(m_window->audioPanel()->currentFile().isEmpty());
        QVERIFY(m_window->videoPanel()->currentFile().isEmpty());
        QVERIFY2(statusMessage().contains("mystery.dat"), qPrintable(statusMessage()));
        QVERIFY(statusMessage().contains("not an image, audio or video"));
    }

    void droppedFolderIsExpanded()
    {
        QTemporaryDir folder;
        QVERIFY(t::writeImage(folder.filePath("a.png"), t::photoLikeImage()));
        QVERIFY(t::writeWav(folder.filePath("b.wav")));
        QVERIFY(t::writeBytes(folder.filePath("c.txt"), "text\n"));
        QVERIFY(dropUrls(m_window->imagePanel(), {QUrl::fromLocalFile(folder.path())}));
        QCOMPARE(m_window->promptPanel()->mediaCount(), 2);
        QCOMPARE(m_window->imagePanel()->imageName(), QStringLiteral("a.png"));
        QCOMPARE(m_window->audioPanel()->currentFile(), folder.filePath("b.wav"));
        QCOMPARE(m_window->promptPanel()->task(), TaskId::Caption); // from the first file
        QVERIFY2(statusMessage().contains("c.txt"), qPrintable(statusMessage()));
    }

    void plainTextDragIsLeftToTextWidgets()
    {
        QMimeData data;
        data.setText("just words");
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(promptEditor(), &enter);
        QCOMPARE(m_window->promptPanel()->mediaCount(), 0);
    }

    void openPathsWorksLikeADrop()
    {
        QCOMPARE(m_window->openPaths({media("page.png"), media("speech.wav")}), 2);
        QCOMPARE(m_window->promptPanel()->task(), TaskId::Ocr);
        QCOMPARE(m_window->promptPanel()->mediaCount(), 2);
    }

    void pastesAnImageFromTheClipboard()
    {
        QApplication::clipboard()->setImage(t::scanLikeImage(300, 400));
        QVERIFY(m_window->pasteFromClipboard());
        QCOMPARE(m_window->imagePanel()->image().size(), QSize(300, 400));
        QCOMPARE(m_window->promptPanel()->task(), TaskId::Ocr);
        QCOMPARE(m_window->promptPanel()->mediaLabel(0), QStringLiteral("Pasted image 1"));

        QApplication::clipboard()->setText("no image here");
        QVERIFY(!m_window->pasteFromClipboard());
        QCOMPARE(m_window->promptPanel()->mediaCount(), 1);
    }

    void brokenImageDoesNotCrash()
    {
        // PNG signature followed by garbage: sniffed as an image, fails to decode.
        QByteArray bytes("\x89PNG\r\n\x1a\n", 8);
        bytes += QByteArray(200, '\x7f');
        QVERIFY(t::writeBytes(media("broken.png"), bytes));
        QCOMPARE(m_window->openPaths({media("broken.png")}), 0);
        QVERIFY(m_window->imagePanel()->imageName().isEmpty());
        QVERIFY2(statusMessage().contains("broken.png"), qPrintable(statusMessage()));
    }

    void droppedWavDrawsItsWaveform()
    {
        QVERIFY(dropUrls(m_window.get(), {QUrl::fromLocalFile(media("speech.wav"))}));
        WaveformView* wave = m_window->audioPanel()->waveform();
        // Decoded asynchronously by QAudioDecoder (GStreamer).
        QTRY_VERIFY_WITH_TIMEOUT(wave->peaks().sampleCount() > 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(wave->peaks().durationMs() / 100, qint64(5), 10000); // 0.5 s
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
