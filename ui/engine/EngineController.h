#pragma once
// The GUI-side wiring between the engine bridge and the panels: Load/Unload from the Model panel,
// Run/Stop from the Prompt panel, streamed text and speed into the Output panel, and one
// EngineState that it moves through the phases and hands to the window (stateChanged) so that
// buttons, tooltips and the status bar follow. Status-bar messages leave through message().
#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"
#include "ui/tasks/TaskCatalog.h"

#include <QObject>

#include <optional>

namespace gwb::ui {

class AudioPanel;
class EngineBridge;
class ImagePanel;
class ModelPanel;
class OutputPanel;
class PromptPanel;

class EngineController : public QObject {
    Q_OBJECT
public:
    struct Panels {
        ModelPanel* model;
        PromptPanel* prompt;
        OutputPanel* output;
        ImagePanel* image = nullptr;  // detect/point results are drawn on its overlay
        AudioPanel* audio = nullptr;
    };

    EngineController(EngineBridge* bridge, const Panels& panels, QObject* parent = nullptr);

    // Starts the engine thread (the device opens in the background).
    void start();

    const EngineState& state() const { return m_state; }
    EngineBridge* bridge() const { return m_bridge; }
    // The request the Prompt panel describes right now.
    TextRequest requestFromPrompt() const;
    // The media task the Prompt panel describes right now (image tasks use the first image in the
    // media list, audio tasks the first audio file).
    TaskRunRequest taskRequestFromPrompt() const;
    // The media task `id` on one file, with the Prompt panel's options (budget, length, prompt).
    TaskRunRequest taskRequestFor(TaskId id, const QString& file) const;
    // "[mm:ss–mm:ss] text" for one transcript segment.
    static QString segmentLine(double start, double end, const QString& text);
    // The runtime's preset name for a task of the picker.
    static QString runtimeTaskName(TaskId id);
    // Runs a request that is not the Prompt panel's (the batch queue's): the engine goes Busy and
    // back to Ready as for Run, answer pieces stream into the Output panel, but the Image overlay
    // and the Audio transcript are left alone. The caller listens to the bridge's taskFinished /
    // failed. False (and nothing runs) when the engine cannot run now.
    bool runExternalTask(const TaskRunRequest& request);
    bool isRunningExternalTask() const { return m_externalRun; }

public slots:
    void load(const QString& folder);
    void unload();
    void run();
    void stop();
    // A finished media task (the worker's taskFinished): detected boxes and points are drawn on
    // the Image panel's overlay in image pixels, with their labels.
    void showTaskResult(const gwb::ui::TaskOutcome& outcome);

signals:
    void stateChanged(const gwb::ui::EngineState& state);
    void message(const QString& text);
    // A task run from the Prompt panel finished (not the batch queue's); the result is on screen.
    void promptTaskFinished(const gwb::ui::TaskOutcome& outcome);
    // A text request from the Prompt panel started.
    void promptTextStarted();

private:
    void setPhase(EngineState::Phase phase);
    void publish();
    void onDeviceReady(const QString& name, const QString& reason, bool isCpuFallback);
    void onDeviceFailed(const QString& error);
    void onModelLoaded(const ModelSummary& summary);
    void onModelFailed(const QString& error);
    void onModelUnloaded();
    void onFinished(const RunStats& stats);
    void onFailed(const QString& error);
    void onSegment(double start, double end, const QString& text);

    EngineBridge* m_bridge;
    Panels m_panels;
    EngineState m_state;
    std::optional<ModelSummary> m_summary;
    QString m_loadingName;
    bool m_externalRun = false;
};

} // namespace gwb::ui
