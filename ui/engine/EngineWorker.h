#pragma once
// The engine's side of the GUI bridge: a QObject that lives on its own QThread (EngineBridge
// moves it there) and owns the Vulkan device, the loaded model and its Session. Its slots block
// that thread while they work; results, text pieces and errors leave as signals, which reach the
// GUI queued. Cancel is an atomic flag the GUI thread sets directly (Session checks it before
// every decode step), because a queued "stop" call would wait behind the running request.
//
// The engine's types are only forward-declared here, so no Vulkan header reaches ui/ headers.
// Every engine exception becomes a *Failed / failed signal with a readable message.
#include "ui/engine/EngineTypes.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace gwb::gpu {
class Device;
}
namespace gwb::runtime {
class LoadedModel;
class Session;
}

namespace gwb::ui {

class EngineWorker : public QObject {
    Q_OBJECT
public:
    // `cancel` is owned by the caller (EngineBridge) and must outlive the worker.
    explicit EngineWorker(const std::atomic<bool>* cancel, QObject* parent = nullptr);
    ~EngineWorker() override;

    // The KV cache size a model gets when it is loaded (clamped to the model's maximum); a
    // request that needs more makes the session grow.
    static constexpr int kDefaultContextLength = 4096;

    // The slots are virtual so that tests can put a fake engine on the thread (see
    // EngineWorkerFactory.h); the bridge calls them through the base class.
public slots:
    // Opens the Vulkan device (GWB_DEVICE / GWB_VALIDATION are honoured by the engine).
    virtual void openDevice();
    // Loads a HF model folder; a model already loaded is released first.
    virtual void loadModel(const QString& folder);
    virtual void unloadModel();
    // Renders the chat template, prefills, and streams the answer until a stop token, the token
    // limit, the end of the context, or cancel.
    virtual void runText(const gwb::ui::TextRequest& request);
    // Runs a task preset on media files (runtime::runTask): answer pieces stream as answerPiece
    // (not for per-segment audio presets, whose text arrives as segmentReady), each audio segment
    // is reported with its times, and taskFinished carries the objects in image pixels. Cancel is
    // checked between segments and before every decode step.
    virtual void runTask(const gwb::ui::TaskRunRequest& request);
    // Frees model and device on the worker's thread (EngineBridge calls it before quitting).
    virtual void shutdown();

signals:
    void deviceReady(const QString& name, const QString& reason, bool isCpuFallback);
    void deviceFailed(const QString& message);
    // Right after deviceReady: the device's largest device-local heap in bytes.
    void deviceMemoryKnown(qint64 deviceLocalBytes);
    // Right after deviceReady: every Vulkan device, in the order GWB_DEVICE indexes them.
    void devicesListed(const QStringList& names);

    void modelLoading(int percent);  // -1: busy, no progress known
    void modelLoaded(const gwb::ui::ModelSummary& summary);
    void modelMemoryChanged(const gwb::ui::ModelSummary& summary);  // the session grew
    void modelFailed(const QString& message);
    void modelUnloaded();

    void answerPiece(const QString& text);
    void thinkingPiece(const QString& text);
    // Throttled progress of the decode loop (a few times a second).
    void decodeProgress(int generatedTokens, double tokensPerSecond);
    void finished(const gwb::ui::RunStats& stats);
    void failed(const QString& message);
    // A timed piece of an audio task's answer (seconds from the start of the file).
    void segmentReady(double start, double end, const QString& text);
    // Where a media task is, as a sentence for the status bar ("Audio segment 3 of 12", "Extracting
    // frames: 5 of 30", "Finding speech: 600 of 3600 s"), with done/total for a progress bar.
    void taskProgress(const QString& text, int done, int total);
    void taskFinished(const gwb::ui::TaskOutcome& outcome);

protected:
    bool cancelRequested() const { return m_cancel->load(); }

private:
    ModelSummary summarize() const;
    bool ensureSession(int tokensNeeded);
    void releaseModel();
    void handleDeviceLost();

    const std::atomic<bool>* m_cancel;
    std::unique_ptr<gpu::Device> m_device;
    std::unique_ptr<runtime::LoadedModel> m_model;
    std::unique_ptr<runtime::Session> m_session;
    QString m_folder;
};

} // namespace gwb::ui
