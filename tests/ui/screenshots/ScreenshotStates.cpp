// gwb-ui-screenshots OUTDIR [STATE...] — renders the main window in each of its main states into
// OUTDIR/STATE.png (scripts/screenshots runs it under Xvfb for docs/images/). The window, its
// panels and the whole intake → controller → panel path are the real ones; the engine is the
// scripted one of the UI tests (ScriptedEngine.h), so the answers, boxes and transcript segments
// are realistic and the same on every machine. The media are generated on the fly.
//
// To add a state: write a function that brings a fresh window into it and add it to kStates.
#include "ScriptedWindow.h"
#include "TestMedia.h"
#include "ui/app/AppTheme.h"
#include "ui/app/WindowScreenshot.h"
#include "ui/batch/BatchPanel.h"
#include "ui/batch/BatchQueue.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>
#include <functional>

using namespace gwb::ui;
namespace t = gwb::test;

namespace {

struct Media {
    QString dir;
    QString file(const QString& name) const { return QDir(dir).filePath(name); }
};

// A small street scene whose objects the scripted detection marks.
QImage streetScene()
{
    QImage image(960, 640, QImage::Format_RGB32);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QLinearGradient sky(0, 0, 0, 420);
    sky.setColorAt(0, QColor(120, 170, 230));
    sky.setColorAt(1, QColor(200, 225, 245));
    p.fillRect(image.rect(), sky);
    p.fillRect(QRect(0, 420, 960, 220), QColor(95, 150, 80));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(250, 210, 80));
    p.drawEllipse(QPointF(820, 110), 55, 55);                          // sun
    p.setBrush(QColor(190, 90, 70));
    p.drawRect(120, 260, 300, 200);                                     // house
    QPainterPath roof;
    roof.moveTo(100, 265);
    roof.lineTo(270, 150);
    roof.lineTo(440, 265);
    p.setBrush(QColor(110, 60, 50));
    p.drawPath(roof);
    p.setBrush(QColor(240, 235, 200));
    p.drawRect(170, 310, 70, 60);
    p.drawRect(300, 310, 70, 60);
    p.setBrush(QColor(90, 60, 40));
    p.drawRect(600, 300, 36, 170);                                      // tree
    p.setBrush(QColor(50, 120, 60));
    p.drawEllipse(QPointF(618, 270), 95, 85);
    p.setBrush(QColor(40, 90, 180));
    p.drawRoundedRect(700, 450, 200, 80, 18, 18);                       // car
    p.setBrush(QColor(30, 30, 30));
    p.drawEllipse(QPointF(740, 535), 24, 24);
    p.drawEllipse(QPointF(860, 535), 24, 24);
    return image;
}

bool makeMedia(const Media& m)
{
    bool ok = t::writeImage(m.file(QStringLiteral("street.png")), streetScene());
    QDir(m.dir).mkpath(QStringLiteral("batch/results"));
    ok = t::writeImage(m.file(QStringLiteral("batch/holiday-1.png")), streetScene()) && ok;
    ok = t::writeImage(m.file(QStringLiteral("batch/holiday-2.png")), streetScene().mirrored(true, false)) && ok;
    ok = t::writeImage(m.file(QStringLiteral("batch/receipt.png")), t::scanLikeImage(600, 900)) && ok;
    // Speech if espeak-ng is there (a waveform that looks like speech), a tone otherwise.
    const QString speech = m.file(QStringLiteral("interview.wav"));
    if (QProcess::execute(QStringLiteral("espeak-ng"),
                          {QStringLiteral("-w"), speech, QStringLiteral("-s"), QStringLiteral("150"),
                           QStringLiteral("Welcome to the workbench. Everything runs on this computer. "
                                          "Drop a recording and the transcript appears under the waveform.")}) != 0)
        ok = t::writeWav(speech, 8.0) && ok;
    // A 6 s test-pattern video with ffmpeg.
    ok = QProcess::execute(QStringLiteral("ffmpeg"),
                           {QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y"),
                            QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                            QStringLiteral("testsrc2=size=640x360:rate=25:duration=6"),
                            QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), m.file(QStringLiteral("clip.mp4"))}) == 0
         && ok;
    return ok;
}

t::EngineScript script()
{
    t::EngineScript s;
    s.deviceName = QStringLiteral("Example GPU (8 GiB)");
    s.deviceReason = QStringLiteral("the only discrete GPU");
    s.openDeviceMs = 10;
    s.loadMs = 50;
    s.stepMs = 5;
    s.answer = {QStringLiteral("Found **4 objects**: a house, a tree, a car and the sun.")};
    s.boxes = {{QStringLiteral("house"), 100 / 960.0, 150 / 640.0, 440 / 960.0, 460 / 640.0},
               {QStringLiteral("tree"), 523 / 960.0, 185 / 640.0, 713 / 960.0, 470 / 640.0},
               {QStringLiteral("car"), 700 / 960.0, 450 / 640.0, 900 / 960.0, 559 / 640.0},
               {QStringLiteral("sun"), 765 / 960.0, 55 / 640.0, 875 / 960.0, 165 / 640.0}};
    s.segments = {{0.0, 2.1, QStringLiteral("Welcome to the workbench.")},
                  {2.1, 4.3, QStringLiteral("Everything runs on this computer.")},
                  {4.3, 8.0, QStringLiteral("Drop a recording and the transcript appears under the waveform.")}};
    return s;
}

QString modelFolder()
{
    return QDir::cleanPath(QStringLiteral(GWB_SHARED_DIR) + QStringLiteral("/fixtures/tiny-s1"));
}

bool run(MainWindow& w, TaskId task, const QString& prompt = {})
{
    w.promptPanel()->setTask(task);
    w.promptPanel()->setPromptText(prompt);
    if (!w.promptPanel()->runButton()->isEnabled())
        return false;
    w.promptPanel()->runButton()->click();
    return QTest::qWaitFor([&] { return w.engineState().phase() == EngineState::Phase::Ready; }, 10000);
}

bool emptyState(MainWindow&, const Media&)
{
    return true; // just started: no model, the first-run guide in the Model panel
}

bool imageWithBoxes(MainWindow& w, const Media& m)
{
    return t::loadScriptedModel(w, modelFolder()) && w.openPaths({m.file(QStringLiteral("street.png"))}) == 1
           && run(w, TaskId::Detect, QStringLiteral("house, tree, car, sun"));
}

bool imageWithBoxesDark(MainWindow& w, const Media& m)
{
    AppTheme::apply(ThemeChoice::Dark);
    return imageWithBoxes(w, m);
}

bool audioTranscript(MainWindow& w, const Media& m)
{
    return t::loadScriptedModel(w, modelFolder()) && w.openPaths({m.file(QStringLiteral("interview.wav"))}) == 1
           && run(w, TaskId::Transcribe);
}

bool videoFrames(MainWindow& w, const Media& m)
{
    return t::loadScriptedModel(w, modelFolder()) && w.openPaths({m.file(QStringLiteral("clip.mp4"))}) == 1
           && run(w, TaskId::Describe);
}

bool batchOfFiles(MainWindow& w, const Media& m)
{
    if (!t::loadScriptedModel(w, modelFolder()))
        return false;
    BatchPanel* batch = w.batchPanel();
    for (QDockWidget* dock : w.findChildren<QDockWidget*>()) {
        if (dock->widget() == batch) {
            dock->show();
            dock->raise();
        }
    }
    batch->folderEdit()->setText(m.file(QStringLiteral("batch/results")));
    if (batch->queue()->addPaths({m.file(QStringLiteral("batch/holiday-1.png")), m.file(QStringLiteral("batch/holiday-2.png")),
                                  m.file(QStringLiteral("batch/receipt.png"))}) != 3)
        return false;
    batch->startButton()->click();
    return QTest::qWaitFor([&] { return batch->queue()->countIn(BatchQueue::ItemState::Done) == 3; }, 20000);
}

bool audioTranscriptDark(MainWindow& w, const Media& m)
{
    AppTheme::apply(ThemeChoice::Dark);
    return audioTranscript(w, m);
}

struct State {
    const char* name;
    std::function<bool(MainWindow&, const Media&)> enter;
    QStringList answer = {};  // the scripted answer, if not the detection's
};

const State kStates[] = {
    {"empty", emptyState},
    {"image-boxes", imageWithBoxes},
    {"audio-transcript", audioTranscript},
    {"video-frames", videoFrames,
     {QStringLiteral("A **test pattern**: colour bars with a moving diagonal line, a counter in the corner "
                     "and a small checkerboard. Nothing else changes over the six seconds.")}},
    {"batch", batchOfFiles},
    {"image-boxes-dark", imageWithBoxesDark},
    {"audio-transcript-dark", audioTranscriptDark},
};

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStringLiteral("Fusion"));
    QTextStream err(stderr);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        err << "usage: gwb-ui-screenshots OUTDIR [STATE...]\nstates:";
        for (const State& s : kStates)
            err << ' ' << s.name;
        err << '\n';
        return 2;
    }
    const QString outDir = args.first();
    QDir().mkpath(outDir);
    const QStringList wanted = args.mid(1);

    QTemporaryDir settings, media;
    const Media m{media.path()};
    if (!settings.isValid() || !media.isValid() || !makeMedia(m)) {
        err << "could not generate the media\n";
        return 1;
    }
    int failures = 0;
    for (const State& state : kStates) {
        if (!wanted.isEmpty() && !wanted.contains(QLatin1String(state.name)))
            continue;
        AppTheme::apply(ThemeChoice::System);
        auto window = t::openScriptedWindow(settings.path(), QStringLiteral("screenshots-%1").arg(QLatin1String(state.name)),
                                            state.answer.isEmpty() ? script() : [&] {
                                                t::EngineScript s = script();
                                                s.answer = state.answer;
                                                return s;
                                            }());
        window->resize(1400, 900);
        if (!QTest::qWaitForWindowExposed(window.get()))
            err << "the window was not exposed: " << state.name << '\n';
        const QString path = QDir(outDir).filePath(QLatin1String(state.name) + QStringLiteral(".png"));
        bool ok = state.enter(*window, m);
        if (ok) {
            QTest::qWait(WindowScreenshot::kSettleMs);
            ok = WindowScreenshot::capture(window.get(), path);
        }
        err << (ok ? "wrote " : "FAILED ") << path << '\n';
        err.flush();
        failures += ok ? 0 : 1;
    }
    return failures == 0 ? 0 : 1;
}
