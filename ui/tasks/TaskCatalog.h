#pragma once

#include "ui/intake/MediaKind.h"

#include <QList>
#include <QString>

namespace gwb::ui {

// The tasks the Prompt panel offers. The engine's runtime owns the real presets (prompt text,
// sampling, parser); the UI only needs a stable id, a label, which media the task is for and a hint
// for the prompt box.
enum class TaskId {
    Caption, Ocr, Detect, Point, AskImage,
    Transcribe, Translate, Summarize, AskAudio,
    Describe, Actions, AskVideo,
    FreePrompt,
};

struct TaskInfo {
    TaskId id;
    MediaKind media;          // Unknown = needs no media (free prompt)
    const char* key;          // stable, untranslated: used in settings and later in requests
    const char* label;        // translated through tr() at display time
    const char* promptHint;   // placeholder of the prompt box
    bool promptRequired;      // "ask" tasks need a question; the others work with an empty box
};

class TaskCatalog {
public:
    static const QList<TaskInfo>& all();
    static const TaskInfo& info(TaskId id);
    static QString label(TaskId id);
    static QString promptHint(TaskId id);

    // The task a freshly dropped file starts with. `scanLike` only matters for images.
    static TaskId defaultTaskFor(MediaKind kind, bool scanLike);
};

} // namespace gwb::ui
