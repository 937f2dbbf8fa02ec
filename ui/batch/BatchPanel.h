#pragma once
// The Batch dock: the queue's files with state, progress and result per file; Add Files / Add
// Folder (and drops on the panel itself), the task, the output format and folder, and
// Start / Pause / Resume / Cancel. The work is BatchQueue's; this is its view.
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace gwb::ui {

class BatchQueue;
class EngineController;

class BatchPanel : public QWidget {
    Q_OBJECT
public:
    explicit BatchPanel(EngineController* controller, QWidget* parent = nullptr);

    BatchQueue* queue() const { return m_queue; }
    QTableWidget* table() const { return m_table; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* cancelButton() const { return m_cancel; }
    QComboBox* taskPicker() const { return m_task; }
    QComboBox* formatPicker() const { return m_format; }
    QLineEdit* folderEdit() const { return m_folder; }

public slots:
    void addFilesDialog();
    void addFolderDialog();

signals:
    void message(const QString& text);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void rebuildTable();
    void updateRow(int index);
    void updateButtons();
    void applyOptions();

    BatchQueue* m_queue;
    QComboBox* m_task;
    QComboBox* m_format;
    QLineEdit* m_folder;
    QTableWidget* m_table;
    QPushButton* m_add;
    QPushButton* m_addFolder;
    QPushButton* m_remove;
    QPushButton* m_clear;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_cancel;
    QLabel* m_summary;
};

} // namespace gwb::ui
