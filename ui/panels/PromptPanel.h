#pragma once

#include "ui/intake/MediaKind.h"
#include "ui/tasks/TaskCatalog.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace gwb::ui {

class CollapsibleSection;
class EngineState;

// The Prompt dock: what to do (task), with what (media list), how (image token budget, output
// length, temperature, thinking, and under "More options" a system prompt, top-k, top-p and seed)
// and the Run/Stop buttons. It only collects the request; EngineController runs it. Run is enabled
// when the engine can run (EngineState) and the request can be run: a prompt where the task needs
// one, a file of the task's kind for image/audio tasks, and no media while the engine has no media
// input (media tasks are disabled in the picker then; video tasks always are, for now).
class PromptPanel : public QWidget {
    Q_OBJECT
public:
    explicit PromptPanel(QWidget* parent = nullptr);

    TaskId task() const;
    void setTask(TaskId id);
    QString promptText() const;
    void setPromptText(const QString& text);

    // Adds one media entry unless the same path is already listed; pasted images have no path.
    void addMedia(const QString& label, const QString& path, MediaKind kind);
    int mediaCount() const;
    QString mediaLabel(int row) const;
    // The first listed file of `kind` (pasted media without a file are skipped); empty if none.
    QString firstMediaPath(MediaKind kind) const;

    int imageTokenBudget() const;
    int maxNewTokens() const;
    double temperature() const;
    bool thinkingEnabled() const;
    QString systemPrompt() const;
    int topK() const;          // -1: the model's default
    double topP() const;       // -1: the model's default
    quint64 seed() const;
    // The option defaults from Settings (budget 70…1120, topK -1 / topP 0: the model's default).
    void setGenerationDefaults(int imageBudget, int maxNewTokens, double temperature, int topK, double topP);

    void setEngineState(const EngineState& state);
    // Why Run is disabled (its tooltip), empty when it is enabled.
    QString runBlockedReason() const;

    QPushButton* runButton() const { return m_run; }
    QPushButton* stopButton() const { return m_stop; }
    CollapsibleSection* moreOptions() const { return m_more; }

signals:
    void taskChanged(gwb::ui::TaskId id);
    void runRequested();
    void stopRequested();

private:
    QWidget* buildOptions();
    QWidget* buildMoreOptions();
    QWidget* buildMediaList();
    void fillTaskPicker();
    void onTaskIndexChanged();
    void updateTaskAvailability();
    void updateRunButton();

    QComboBox* m_taskPicker;
    QPlainTextEdit* m_prompt;
    QListWidget* m_media;
    QComboBox* m_budget;
    QSpinBox* m_maxTokens;
    QDoubleSpinBox* m_temperature;
    QCheckBox* m_thinking;
    QLineEdit* m_system;
    QSpinBox* m_topK;
    QDoubleSpinBox* m_topP;
    QSpinBox* m_seed;
    CollapsibleSection* m_more = nullptr;
    QPushButton* m_run;
    QPushButton* m_stop;
    bool m_engineCanRun = false;
    bool m_mediaInput = false;
    QString m_engineBlockedReason;
};

} // namespace gwb::ui
