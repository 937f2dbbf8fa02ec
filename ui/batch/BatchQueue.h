#pragma once
// The batch queue's logic: many files, one task, run one at a time through the engine the window
// already has (EngineController::runExternalTask → the bridge's taskFinished / failed). Each
// item's result is written as soon as it finishes (atomically: temp file + rename), next to its
// input or into the chosen folder, so a crash or a quit loses at most the item that was running.
// Pause lets the running item finish and starts no other; Cancel stops the running item (its
// partial answer is not written) and cancels the waiting ones.
#include "ui/audio/TranscriptSegment.h"
#include "ui/export/ExportFormat.h"
#include "ui/intake/MediaKind.h"
#include "ui/tasks/TaskCatalog.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace gwb::ui {

class EngineController;
struct TaskOutcome;

class BatchQueue : public QObject {
    Q_OBJECT
public:
    enum class ItemState { Waiting, Running, Done, Failed, Cancelled };
    struct Item {
        QString path;
        MediaKind kind = MediaKind::Unknown;
        ItemState state = ItemState::Waiting;
        QString output;    // the written result (Done)
        QString message;   // progress, or why it failed / was cancelled
        int percent = 0;   // 0–100; -1 while running without a known length
    };

    explicit BatchQueue(EngineController* controller, QObject* parent = nullptr);

    // Adds files (folders are expanded). Files that are not images or audio are reported through
    // message() and left out. Returns the number of items added.
    int addPaths(const QStringList& paths);
    void removeAt(int index);
    // Removes every item that is not running.
    void clear();

    const QList<Item>& items() const { return m_items; }
    int count() const { return int(m_items.size()); }
    int countIn(ItemState state) const;

    void setTask(TaskId task) { m_task = task; }
    TaskId task() const { return m_task; }
    // Empty: next to each input file.
    void setOutputFolder(const QString& folder) { m_folder = folder; }
    QString outputFolder() const { return m_folder; }
    // No value: the best format per result (SRT for transcripts, JSON for detections, TXT else).
    void setFormat(std::optional<ExportFormat> format) { m_format = format; }
    std::optional<ExportFormat> format() const { return m_format; }
    void setFilenameTemplate(const QString& pattern) { m_template = pattern; }

    bool isActive() const { return m_active; }   // started and not finished or cancelled
    bool isPaused() const { return m_paused; }
    bool isRunningItem() const { return m_running >= 0; }
    // Why Start cannot work now (no files, engine not ready, a task the files do not fit); empty if it can.
    QString startBlockedReason() const;

public slots:
    void start();
    void pause();
    void resume();
    void cancel();

signals:
    void itemsChanged();            // added, removed or cleared
    void itemChanged(int index);    // state, progress or message of one item
    void stateChanged();            // active / paused / idle
    void finished(int done, int failed);
    void message(const QString& text);

private:
    void runNext();
    void finishRunning(const TaskOutcome& outcome);
    void failRunning(const QString& error);
    void setItemState(int index, ItemState state, const QString& message);
    void endBatch();
    MediaKind taskMedia() const;

    EngineController* m_controller;
    QList<Item> m_items;
    TaskId m_task = TaskId::Caption;
    QString m_folder;
    QString m_template;
    std::optional<ExportFormat> m_format;
    bool m_active = false;
    bool m_paused = false;
    bool m_cancelling = false;
    int m_running = -1;
    int m_maxTokens = 0;
    QString m_answer;
    Transcript m_segments;
};

} // namespace gwb::ui
