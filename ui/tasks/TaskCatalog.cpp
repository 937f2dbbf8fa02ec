#include "ui/tasks/TaskCatalog.h"

#include <QCoreApplication>

namespace gwb::ui {

namespace {
constexpr const char* kContext = "gwb::ui::TaskCatalog";
} // namespace

const QList<TaskInfo>& TaskCatalog::all()
{
    // QT_TRANSLATE_NOOP marks the strings for lupdate; they are translated in label()/promptHint().
    static const QList<TaskInfo> tasks = {
        {TaskId::Caption, MediaKind::Image, "caption", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Caption"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: what the caption should focus on"), false},
        {TaskId::Ocr, MediaKind::Image, "ocr", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Read text (OCR)"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: which part of the page to read"), false},
        {TaskId::Detect, MediaKind::Image, "detect", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Detect objects"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: objects to find, e.g. \"cars, people\""), false},
        {TaskId::Point, MediaKind::Image, "point", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Point at objects"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Objects to point at"), true},
        {TaskId::AskImage, MediaKind::Image, "ask-image", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Ask about the image"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Your question about the image"), true},
        {TaskId::Transcribe, MediaKind::Audio, "transcribe", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Transcribe"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: spoken language or names to spell right"), false},
        {TaskId::Translate, MediaKind::Audio, "translate", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Translate speech"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Target language, e.g. \"English\""), true},
        {TaskId::Summarize, MediaKind::Audio, "summarize", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Summarize"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: length or focus of the summary"), false},
        {TaskId::AskAudio, MediaKind::Audio, "ask-audio", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Ask about the audio"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Your question about the recording"), true},
        {TaskId::Describe, MediaKind::Video, "describe", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Describe the video"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: what the description should cover"), false},
        {TaskId::Actions, MediaKind::Video, "actions", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "List actions with times"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Optional: which actions matter"), false},
        {TaskId::AskVideo, MediaKind::Video, "ask-video", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Ask about the video"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Your question about the video"), true},
        {TaskId::FreePrompt, MediaKind::Unknown, "free", QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Free prompt"),
         QT_TRANSLATE_NOOP("gwb::ui::TaskCatalog", "Write anything; attached media goes first"), true},
    };
    return tasks;
}

const TaskInfo& TaskCatalog::info(TaskId id)
{
    for (const TaskInfo& task : all()) {
        if (task.id == id)
            return task;
    }
    return all().back(); // unreachable with a valid enum; the free prompt is the safe fallback
}

QString TaskCatalog::label(TaskId id)
{
    return QCoreApplication::translate(kContext, info(id).label);
}

QString TaskCatalog::promptHint(TaskId id)
{
    return QCoreApplication::translate(kContext, info(id).promptHint);
}

TaskId TaskCatalog::defaultTaskFor(MediaKind kind, bool scanLike)
{
    switch (kind) {
    case MediaKind::Image: return scanLike ? TaskId::Ocr : TaskId::Caption;
    case MediaKind::Audio: return TaskId::Transcribe;
    case MediaKind::Video: return TaskId::Describe;
    case MediaKind::Unknown: break;
    }
    return TaskId::FreePrompt;
}

} // namespace gwb::ui
