#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace gwb::ui {

class EngineState;
struct ModelSummary;

// The Model dock: which model folder to use, which device runs it and why, how much device memory
// the loaded model holds, and Load/Unload. A status line under the buttons shows loading (with a
// busy bar) and load errors. Without the engine the device line says so and the buttons are
// disabled with the reason in their tooltip.
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
    QPushButton* unloadButton() const { return m_unload; }

signals:
    void modelFolderChanged(const QString& folder);
    void loadRequested(const QString& folder);
    void unloadRequested();

private:
    void browse();

    QLineEdit* m_folder;
    QLabel* m_device;
    QLabel* m_memory;
    QPushButton* m_load;
    QPushButton* m_unload;
    QLabel* m_status;
    QProgressBar* m_busy;
};

} // namespace gwb::ui
