// A dropped WAV is transcribed with the tiny real checkpoint on lavapipe; its segments appear as
// blocks under the waveform and as rows of the editable list, a click plays a segment, and the
// edited text is what the SRT export writes (checked line by line against the SubRip format).
#include "TestWindow.h"
#include "DropEvents.h"
#include "EngineTestSupport.h"
#include "ui/MainWindow.h"
#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineController.h"
#include "ui/engine/EngineState.h"
#include "ui/export/ExportTarget.h"
#include "ui/export/ResultExporter.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/settings/AppSettings.h"
#include "ui/widgets/WaveformView.h"

#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <cmath>

using namespace gwb::ui;
namespace t = gwb::test;
using Phase = EngineState::Phase;

namespace {

QString srtTime(double seconds)
{
    const qint64 ms = std::llround(seconds * 1000.0);
    return QStringLiteral("%1:%2:%3,%4")
        .arg(ms / 3600000, 2, 10, QLatin1Char('0'))
        .arg(ms / 60000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

} // namespace

class TestTranscriptExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;
    QTemporaryDir m_out;
    std::unique_ptr<MainWindow> m_window;

    Phase phase() const { return m_window->engineState().phase(); }
    PromptPanel* prompt() const { return m_window->promptPanel(); }

private slots:
    void initTestCase()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("Vulkan validation")));
        QVERIFY(m_settings.isValid() && m_out.isValid());
        m_window = t::openTestWindow(m_settings.path(), QStringLiteral("test_transcript_export"));
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(t::loadTinyModel(*m_window), QString());
    }

    void cleanupTestCase() { m_window.reset(); }

    void transcriptAppearsUnderTheWaveformAndExportsToSrt()
    {
        const QString wav = t::tinyModelDir() + QStringLiteral("/audio.wav");
        QVERIFY(t::dropUrls(m_window.get(), {QUrl::fromLocalFile(wav)}));
        AudioPanel* audio = m_window->audioPanel();
        QCOMPARE(audio->currentFile(), wav);
        prompt()->setTask(TaskId::Transcribe);
        prompt()->setPromptText(QString());
        prompt()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(16);
        QVERIFY2(prompt()->runButton()->isEnabled(), qPrintable(prompt()->runButton()->toolTip()));

        QSignalSpy segments(m_window->engineController()->bridge(), &EngineBridge::segmentReady);
        QTest::mouseClick(prompt()->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(phase() == Phase::Ready, t::kEngineTimeoutMs);
        QVERIFY(segments.count() >= 1);

        // Every segment the engine reported is a block under the waveform and a row of the list,
        // with the engine's times.
        WaveformView* waveform = audio->waveform();
        const Transcript shown = audio->transcript();
        QCOMPARE(shown.size(), segments.count());
        QCOMPARE(audio->transcriptSource(), wav);
        QTableWidget* table = audio->segmentTable();
        QCOMPARE(table->rowCount(), int(segments.count()));
        QVERIFY(table->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!waveform->peaks().isEmpty(), 10000);
        for (int i = 0; i < shown.size(); ++i) {
            QCOMPARE(shown[i].start, segments[i][0].toDouble());
            QCOMPARE(shown[i].end, segments[i][1].toDouble());
            const QRect block = waveform->segmentRect(i);
            QVERIFY(!block.isEmpty());
            QVERIFY(!waveform->waveformRect().intersects(block)); // under the waveform, not on it
            QCOMPARE(block.bottom() + 2 + 1, waveform->height());
            qInfo("segment %d: %.3f–%.3f s at x %d–%d of %d: %s", i, shown[i].start, shown[i].end, block.left(),
                  block.right(), waveform->width(), qPrintable(shown[i].text));
        }

        // Clicking the first block plays that segment: playback stops at its end.
        const QRect first = waveform->segmentRect(0);
        QTest::mouseClick(waveform, Qt::LeftButton, Qt::NoModifier, first.center());
        QCOMPARE(waveform->activeSegment(), 0);
        QCOMPARE(audio->segmentStopMs(), std::llround(shown[0].end * 1000.0));
        QCOMPARE(table->currentRow(), 0);

        // The user corrects the first segment's text before exporting.
        const QString corrected = QStringLiteral("Corrected text, ünïcode – fine");
        table->item(0, 2)->setText(corrected);
        QCOMPARE(audio->transcript()[0].text, corrected);
        QCOMPARE(waveform->segments()[0].text, corrected);

        // Export as SRT to the export folder with a template.
        AppSettings settings = AppSettings::load();
        settings.exportFolder = m_out.path();
        settings.save();
        saveFilenameTemplate(QStringLiteral("{name}-{task}"));
        const QString path = m_window->resultExporter()->exportTo(ExportFormat::Srt);
        QCOMPARE(path, QDir(m_out.path()).filePath(QStringLiteral("audio-transcribe.srt")));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString srt = QString::fromUtf8(file.readAll());
        qInfo("%s", qPrintable(srt));
        // SubRip: blocks of number, "hh:mm:ss,mmm --> hh:mm:ss,mmm", text lines, blank line.
        // Segments with blank text are left out and the numbering stays consecutive.
        Transcript expected;
        for (const TranscriptSegment& s : audio->transcript()) {
            if (!s.text.trimmed().isEmpty())
                expected << s;
        }
        QVERIFY(!expected.isEmpty());
        QVERIFY(srt.endsWith(QStringLiteral("\n\n")));
        const QStringList blocks = srt.left(srt.size() - 2).split(QStringLiteral("\n\n"));
        QCOMPARE(blocks.size(), expected.size());
        const QRegularExpression timing(QStringLiteral("^(\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d) --> (\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d)$"));
        for (int i = 0; i < blocks.size(); ++i) {
            const QStringList lines = blocks[i].split(QLatin1Char('\n'));
            QVERIFY2(lines.size() >= 3, qPrintable(blocks[i]));
            QCOMPARE(lines[0], QString::number(i + 1));
            const QRegularExpressionMatch m = timing.match(lines[1]);
            QVERIFY2(m.hasMatch(), qPrintable(lines[1]));
            QCOMPARE(m.captured(1), srtTime(expected[i].start));
            QCOMPARE(m.captured(2), srtTime(expected[i].end));
            QCOMPARE(lines.mid(2).join(QLatin1Char('\n')), expected[i].text.trimmed());
        }
        QVERIFY(blocks[0].endsWith(QLatin1Char('\n') + corrected)); // the edit, not the model's text

        // Opening another recording starts without the old transcript.
        const QString other = QDir(m_out.path()).filePath(QStringLiteral("other.wav"));
        QVERIFY(QFile::copy(wav, other));
        audio->openFile(other);
        QCOMPARE(audio->transcript().size(), 0);
        QCOMPARE(table->rowCount(), 0);
    }
};

QTEST_MAIN(TestTranscriptExport)
#include "test_transcript_export.moc"
