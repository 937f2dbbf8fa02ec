#pragma once
// The GUI-side wiring between the engine bridge and the panels: Load/Unload from the Model panel,
// Run/Stop from the Prompt panel, streamed text and speed into the Output panel, and one
// EngineState that it moves through the phases and hands to the window (stateChanged) so that
// buttons, tooltips and the status bar follow. Status-bar messages leave through message().
#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"

#include <QObject>

#include <optional>

namespace gwb::ui {

class EngineBridge;
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
    };

    EngineController(EngineBridge* bridge, const Panels& panels, QObject* parent = nullptr);

    // Starts the engine thread (the device opens in the background).
    void start();

    const EngineState& state() const { return m_state; }
    EngineBridge* bridge() const { return m_bridge; }
    // The request the Prompt panel describes right now.
    TextRequest requestFromPrompt() const;

public slots:
    void load(const QString& folder);
    void unload();
    void run();
    void stop();

signals:
    void stateChanged(const gwb::ui::EngineState& state);
    void message(const QString& text);

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

    EngineBridge* m_bridge;
    Panels m_panels;
    EngineState m_state;
    std::optional<ModelSummary> m_summary;
    QString m_loadingName;
};

} // namespace gwb::ui
