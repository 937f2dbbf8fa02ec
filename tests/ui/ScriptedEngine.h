#pragma once
// A fake engine for the window: an EngineWorker subclass (put on the engine thread through
// MainWindow::Options::engineWorker) that answers from a script instead of a GPU. Every step
// sleeps on the engine thread — as a slow real engine would block it — so tests can prove the
// GUI thread never waits for the engine, and the screenshot tool can show each state of the
// window with realistic results (boxes, transcript segments) without a real model.
#include "ui/engine/EngineWorker.h"
#include "ui/engine/EngineWorkerFactory.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace gwb::test {

struct EngineScript {
    QString deviceName = QStringLiteral("Scripted GPU");
    QString deviceReason = QStringLiteral("the only device (scripted)");
    bool cpuFallback = false;
    qint64 deviceMemoryBytes = qint64(8) << 30;
    int openDeviceMs = 50;
    int loadMs = 600;              // spread over 10 progress reports
    int stepMs = 40;               // per streamed piece (decode step)
    QStringList answer = {QStringLiteral("A "), QStringLiteral("scripted "), QStringLiteral("answer.")};
    struct Box {
        QString label;
        double x0, y0, x1, y1;     // fractions of the image's width/height
    };
    QList<Box> boxes;              // detect/point tasks: found in the image's pixels
    struct Segment {
        double start, end;
        QString text;
    };
    QList<Segment> segments;       // audio tasks
    QString failRunWith;           // non-empty: every run fails with this message
    QString failLoadWith;          // non-empty: every load fails with this message
};

class ScriptedEngineWorker : public gwb::ui::EngineWorker {
    Q_OBJECT
public:
    ScriptedEngineWorker(const std::atomic<bool>* cancel, EngineScript script);

    static gwb::ui::EngineWorkerFactory factory(const EngineScript& script);

    void openDevice() override;
    void loadModel(const QString& folder) override;
    void unloadModel() override;
    void runText(const gwb::ui::TextRequest& request) override;
    void runTask(const gwb::ui::TaskRunRequest& request) override;
    void shutdown() override;

private:
    // Streams the script's answer; false when cancelled.
    bool streamAnswer(int& generated);
    gwb::ui::ModelSummary m_summary;
    EngineScript m_script;
    bool m_loaded = false;
};

} // namespace gwb::test
