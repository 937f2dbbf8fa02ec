#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace gwb::ui {

class EngineState;
class ModelGuide;
struct ModelSummary;

// The Model dock: which model folder to use (typed, browsed, or picked from the recently loaded
// ones), which device runs it and why, how much device memory the loaded model holds, and
// Load/Unload. A status line under the buttons shows loading (with a busy bar) and load errors.
// Without the engine the device line says so and the buttons are disabled with the reason in their
// tooltip. A CPU fallback (lavapipe) is shown in the warning colour. While no model is loaded and
// the field names no existing folder, the first-run guide (ModelGuide) says where to get Gemma 4
// and which variant fits this machine.
class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    QString modelFolder() const;
    void setModelFolder(const QString& folder);
    void setEngineState(const EngineState& state);
    // The loaded model (memory line); nullptr when none is loaded.
    void setModelSummary(const ModelSummary* summary);
    // The status line under the buttons: progress (busy) or an error, empty to hide it.
    void setStatus(const QString& text, bool isError = false, bool busy = false);

    QString deviceText() const;
    QString memoryText() const;
    QString statusText() const;

    QPushButton* loadButton() const { return m_load; }
    QToolButton* recentButton() const { return m_recent; }
    ModelGuide* guide() const { return m_guide; }
    bool isGuideVisible() const;
    QPushButton* unloadButton() const { return m_unload; }

signals:
    void modelFolderChanged(const QString& folder);
    void loadRequested(const QString& folder);
    void unloadRequested();

protected:
    void changeEvent(QEvent* event) override;

public slots:
    // Puts `path` in the field and asks for it to be loaded (File → Recent Models).
    void loadRecent(const QString& path);
    // File → Open Model: a folder dialog, then Load (a .gguf file from the Recent menu).
    void chooseModel();
    void chooseGgufFile();

private:
    void browse();
    void fillRecentMenu();
    void updateGuide();
    void recolour();

    QLineEdit* m_folder;
    QLabel* m_device;
    QLabel* m_memory;
    QPushButton* m_load;
    QPushButton* m_unload;
    QLabel* m_status;
    QProgressBar* m_busy;
    QToolButton* m_recent;
    ModelGuide* m_guide;
    bool m_loaded = false;
    bool m_engineCanLoad = false;
    bool m_statusIsError = false;
    bool m_cpuFallback = false;
    bool m_recolouring = false;
};

} // namespace gwb::ui
