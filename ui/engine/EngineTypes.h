#pragma once
// Plain value types that cross the thread boundary between the GUI and the engine worker
// (EngineWorker / EngineBridge). Qt types only: the engine's own types stay in ui/engine/*.cpp.
#include <QMetaType>
#include <QString>

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

// A short, translated phrase for a stop reason ("cancelled", "the answer was complete", ...).
QString stopReasonText(StopReason reason);

} // namespace gwb::ui

Q_DECLARE_METATYPE(gwb::ui::TextRequest)
Q_DECLARE_METATYPE(gwb::ui::ModelSummary)
Q_DECLARE_METATYPE(gwb::ui::RunStats)
Q_DECLARE_METATYPE(gwb::ui::StopReason)
