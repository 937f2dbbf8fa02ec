#pragma once
// Plain value types that cross the thread boundary between the GUI and the engine worker
// (EngineWorker / EngineBridge). Qt types only: the engine's own types stay in ui/engine/*.cpp.
#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

namespace gwb::ui {

// One text request: the system prompt and the user's text go through the model's chat template.
struct TextRequest {
    QString systemPrompt;      // empty: no system turn
    QString userText;
    bool thinking = false;     // Gemma 4: let the model think before answering
    int maxNewTokens = 256;
    double temperature = 0.0;  // 0: greedy
    int topK = -1;             // -1: the checkpoint's default (generation_config.json); 0: off
    double topP = -1.0;        // -1: the checkpoint's default; 1: off
    quint64 seed = 0;
};

// What a loaded model is and what it takes on the device.
struct ModelSummary {
    QString folder;
    QString name;             // the folder's name
    QString variant;          // "E2B", "E4B", ..., "custom"
    int layers = 0;
    qint64 weightBytes = 0;   // decoder weights on the device
    qint64 cacheBytes = 0;    // KV cache of the session
    int contextLength = 0;    // tokens the KV cache holds
    qint64 deviceBytes = 0;   // everything the engine holds on the device right now
    // E2B / E4B's per-layer embedding table: on the device (its bytes, part of weightBytes) or in
    // host memory (model/PleTableDevice.h decides); neither for models without one.
    qint64 pleTableDeviceBytes = 0;
    bool pleTableInHost = false;
    bool canEncodeText = false;  // the folder has a tokenizer and a chat template
};

enum class StopReason { StopToken, MaxTokens, Cancelled, ContextFull };

// Numbers about one finished request.
struct RunStats {
    int promptTokens = 0;
    int generatedTokens = 0;
    double prefillMs = 0.0;
    double decodeMs = 0.0;
    double decodeTokensPerSecond = 0.0;
    StopReason reason = StopReason::MaxTokens;
};

// One task preset run on media files (the engine's runtime::runTask).
struct TaskRunRequest {
    QString task;              // the runtime preset: "caption", "ocr", "detect", "ask", "transcribe", ...
    QStringList images;        // image presets: the files (detect/point use the first)
    QString audio;             // audio presets: one file
    QString video;             // video presets: one file (frames sampled with the engine's defaults)
    QString prompt;            // ask: the question; detect/point: what to find; others: replaces the instruction
    QString language;          // transcribe: the spoken language (optional)
    QString targetLanguage;    // translate: required
    int budget = 0;            // image soft-token budget; 0: the preset's
    int maxNewTokens = 0;      // per generation; 0: the preset's
};

// An object a detect/point task found, in pixels of the image as decoded.
struct DetectedItem {
    QString label;
    bool hasBox = false;
    QRectF box;                // x0,y0 → x1,y1
    bool hasPoint = false;
    QPointF point;
};

// What a finished task produced (the streamed text and the segments arrived already).
struct TaskOutcome {
    QString task;
    QString text;
    QList<DetectedItem> objects;
    QStringList problems;      // what the box parser could not read
    QStringList notes;         // e.g. audio cut to 30 s, no speech found
    int imageWidth = 0;
    int imageHeight = 0;
    int segments = 0;
    bool cancelled = false;
    int promptTokens = 0;
    int generatedTokens = 0;
};

// A short, translated phrase for a stop reason ("cancelled", "the answer was complete", ...).
QString stopReasonText(StopReason reason);

} // namespace gwb::ui

Q_DECLARE_METATYPE(gwb::ui::TextRequest)
Q_DECLARE_METATYPE(gwb::ui::ModelSummary)
Q_DECLARE_METATYPE(gwb::ui::RunStats)
Q_DECLARE_METATYPE(gwb::ui::StopReason)
Q_DECLARE_METATYPE(gwb::ui::TaskRunRequest)
Q_DECLARE_METATYPE(gwb::ui::DetectedItem)
Q_DECLARE_METATYPE(gwb::ui::TaskOutcome)
