#pragma once

#include "ui/engine/EngineState.h"
#include "ui/engine/EngineWorkerFactory.h"
#include "ui/intake/MediaKind.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;

namespace gwb::ui {

struct AppSettings;
class AudioPanel;
class BatchPanel;
class ResultExporter;
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
        EngineWorkerFactory engineWorker;  // empty: the real engine (tests pass a fake one)
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
    BatchPanel* batchPanel() const { return m_batch; }
    ResultExporter* resultExporter() const { return m_exporter; }
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
    void showSettings();
    // Sets the Prompt panel's defaults and the theme from `settings` (saving is the caller's).
    void applySettings(const gwb::ui::AppSettings& settings);
    void showModelGuide();
    // An error the user must see: in the Output panel until dismissed, in the status bar, and
    // in the log (ErrorLog).
    void showError(const QString& text);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QDockWidget* addPanelDock(QWidget* panel, const QString& title, const QString& objectName);
    void createDocks();
    void createMenus();
    void createStatusBar();
    void connectIntake();
    void connectEngine();
    // The Export menu and the Batch dock (both need the engine controller).
    void createExportAndBatch();
    void placeBatchDock();
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
    ResultExporter* m_exporter = nullptr;
    BatchPanel* m_batch = nullptr;
    QDockWidget* m_batchDock = nullptr;
};

} // namespace gwb::ui
