#pragma once
// The GUI thread's handle on the engine: starts the worker thread, forwards requests to the
// EngineWorker on it (queued), re-emits the worker's signals in the GUI thread, and sets the
// cancel flag directly. Destroying the bridge cancels a running request, lets the worker free the
// model and the device on its own thread, and joins the thread.
//
// Typical use:
//   bridge.start();                        // -> deviceReady / deviceFailed
//   bridge.loadModel(folder);              // -> modelLoading, then modelLoaded / modelFailed
//   bridge.runText(request);               // -> thinkingPiece/answerPiece..., finished / failed
//   bridge.stop();                         // the running request ends with StopReason::Cancelled
#include "ui/engine/EngineTypes.h"
#include "ui/engine/EngineWorkerFactory.h"

#include <QObject>
#include <QString>

#include <atomic>

class QThread;

namespace gwb::ui {

class EngineWorker;

class EngineBridge : public QObject {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    // `makeWorker` empty: the real engine.
    explicit EngineBridge(const EngineWorkerFactory& makeWorker, QObject* parent = nullptr);
    ~EngineBridge() override;

    // Starts the worker thread and opens the device there. Calling it again does nothing.
    void start();
    bool isStarted() const { return m_started; }

    void loadModel(const QString& folder);
    void unloadModel();
    void runText(const TextRequest& request);
    // -> answerPiece..., segmentReady..., taskFinished / failed
    void runTask(const TaskRunRequest& request);
    // Thread-safe; the running request stops before its next decode step. A request queued
    // after stop() runs normally (runText clears the flag).
    void stop();
    bool stopRequested() const { return m_cancel.load(); }

signals:
    void deviceReady(const QString& name, const QString& reason, bool isCpuFallback);
    void deviceFailed(const QString& message);
    void deviceMemoryKnown(qint64 deviceLocalBytes);
    void devicesListed(const QStringList& names);
    void modelLoading(int percent);
    void modelLoaded(const gwb::ui::ModelSummary& summary);
    void modelMemoryChanged(const gwb::ui::ModelSummary& summary);
    void modelFailed(const QString& message);
    void modelUnloaded();
    void answerPiece(const QString& text);
    void thinkingPiece(const QString& text);
    void decodeProgress(int generatedTokens, double tokensPerSecond);
    void finished(const gwb::ui::RunStats& stats);
    void failed(const QString& message);
    void segmentReady(double start, double end, const QString& text);
    void taskProgress(const QString& text, int done, int total);
    void taskFinished(const gwb::ui::TaskOutcome& outcome);

private:
    std::atomic<bool> m_cancel{false};
    QThread* m_thread;
    EngineWorker* m_worker; // lives on m_thread; deleted there when the thread finishes
    bool m_started = false;
};

} // namespace gwb::ui
