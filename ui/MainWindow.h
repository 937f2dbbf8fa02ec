#pragma once

#include "ui/engine/EngineState.h"
#include "ui/intake/MediaKind.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;

namespace gwb::ui {

class AudioPanel;
class DockLayout;
class EngineBridge;
class EngineController;
class ImagePanel;
class MediaIntake;
class ModelPanel;
class OutputPanel;
class PromptPanel;
class VideoPanel;

// The application window: six dock panels, the menus and shortcuts, the status bar, and the
// wiring between them. The work itself lives elsewhere — layout in DockLayout, file intake in
// MediaIntake/MediaRouter, window-wide drops in WindowDropFilter, engine state in EngineState —
// and the engine wiring in EngineController — so this class stays a composition root.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        bool restoreLayout = true;   // read the saved layout and geometry from QSettings
        bool saveLayoutOnClose = true;
        bool startEngine = true;     // start the engine thread and open the Vulkan device
    };

    explicit MainWindow(QWidget* parent = nullptr);
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    ImagePanel* imagePanel() const { return m_image; }
    AudioPanel* audioPanel() const { return m_audio; }
    VideoPanel* videoPanel() const { return m_video; }
    PromptPanel* promptPanel() const { return m_prompt; }
    OutputPanel* outputPanel() const { return m_output; }
    ModelPanel* modelPanel() const { return m_model; }
    QString engineStatusText() const;
    const EngineState& engineState() const { return m_engine; }
    EngineController* engineController() const { return m_controller; }
    EngineBridge* engineBridge() const { return m_bridge; }

    // EngineController calls this as the engine starts, loads and runs.
    void setEngineState(const EngineState& state);

public slots:
    int openPaths(const QStringList& paths);
    void openFilesDialog();
    void openFolderDialog();
    bool pasteFromClipboard();
    void saveLayout();
    bool restoreLayout();
    void resetLayout();
    void showAbout();
    void showShortcuts();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QDockWidget* addPanelDock(QWidget* panel, const QString& title, const QString& objectName);
    void createDocks();
    void createMenus();
    void createStatusBar();
    void connectIntake();
    void connectEngine();
    void raisePanel(MediaKind kind);
    void showMessage(const QString& text);

    Options m_options;
    EngineState m_engine;
    ImagePanel* m_image;
    AudioPanel* m_audio;
    VideoPanel* m_video;
    PromptPanel* m_prompt;
    OutputPanel* m_output;
    ModelPanel* m_model;
    QDockWidget* m_imageDock = nullptr;
    QDockWidget* m_audioDock = nullptr;
    QDockWidget* m_videoDock = nullptr;
    QDockWidget* m_promptDock = nullptr;
    QDockWidget* m_outputDock = nullptr;
    QDockWidget* m_modelDock = nullptr;
    std::unique_ptr<DockLayout> m_layout;
    MediaIntake* m_intake = nullptr;
    QLabel* m_engineLabel = nullptr;
    EngineBridge* m_bridge = nullptr;
    EngineController* m_controller = nullptr;
};

} // namespace gwb::ui
