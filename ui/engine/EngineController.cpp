#include "ui/engine/EngineController.h"

#include "ui/app/ErrorLog.h"
#include "ui/engine/EngineBridge.h"
#include "ui/panels/AudioPanel.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/tasks/TaskCatalog.h"
#include "ui/widgets/ImageView.h"
#include "ui/widgets/OverlayLayer.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <utility>

namespace gwb::ui {

namespace {
QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', bytes < 10 * 1024 * 1024 ? 1 : 0);
}

QString clock(double seconds)
{
    const int total = int(std::max(0.0, seconds));
    return QStringLiteral("%1:%2").arg(total / 60, 2, 10, QLatin1Char('0')).arg(total % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

// "ask-image" is the runtime's "ask".
QString EngineController::runtimeTaskName(TaskId id)
{
    if (id == TaskId::AskImage)
        return QStringLiteral("ask");
    return QString::fromLatin1(TaskCatalog::info(id).key);
}

EngineController::EngineController(EngineBridge* bridge, const Panels& panels, QObject* parent)
    : QObject(parent), m_bridge(bridge), m_panels(panels)
{
    connect(m_bridge, &EngineBridge::deviceReady, this, &EngineController::onDeviceReady);
    connect(m_bridge, &EngineBridge::deviceFailed, this, &EngineController::onDeviceFailed);
    connect(m_bridge, &EngineBridge::deviceMemoryKnown, this, [this](qint64 bytes) {
        m_state.setDeviceMemoryBytes(bytes);
        publish();
    });
    connect(m_bridge, &EngineBridge::devicesListed, this, [this](const QStringList& names) {
        m_state.setDevices(names);
        publish();
    });
    connect(m_bridge, &EngineBridge::modelLoading, this, [this](int percent) {
        if (m_state.phase() != EngineState::Phase::Loading)
            return;
        const QString text = percent < 0 ? tr("Loading %1…").arg(m_loadingName)
                                         : tr("Loading %1… %2%").arg(m_loadingName).arg(percent);
        m_panels.model->setStatus(text, false, true);
    });
    connect(m_bridge, &EngineBridge::modelLoaded, this, &EngineController::onModelLoaded);
    connect(m_bridge, &EngineBridge::modelMemoryChanged, this, [this](const ModelSummary& summary) {
        m_summary = summary;
        m_panels.model->setModelSummary(&*m_summary);
    });
    connect(m_bridge, &EngineBridge::modelFailed, this, &EngineController::onModelFailed);
    connect(m_bridge, &EngineBridge::modelUnloaded, this, &EngineController::onModelUnloaded);
    connect(m_bridge, &EngineBridge::answerPiece, m_panels.output, &OutputPanel::appendAnswer);
    connect(m_bridge, &EngineBridge::thinkingPiece, m_panels.output, &OutputPanel::appendThought);
    connect(m_bridge, &EngineBridge::decodeProgress, this, [this](int, double tokensPerSecond) {
        if (m_state.phase() == EngineState::Phase::Busy)
            m_panels.output->setTokensPerSecond(tokensPerSecond);
    });
    connect(m_bridge, &EngineBridge::finished, this, &EngineController::onFinished);
    connect(m_bridge, &EngineBridge::failed, this, &EngineController::onFailed);
    connect(m_bridge, &EngineBridge::segmentReady, this, &EngineController::onSegment);
    connect(m_bridge, &EngineBridge::taskProgress, this, [this](const QString& text, int, int) { emit message(text); });
    connect(m_bridge, &EngineBridge::taskFinished, this, &EngineController::showTaskResult);

    connect(m_panels.model, &ModelPanel::loadRequested, this, &EngineController::load);
    connect(m_panels.model, &ModelPanel::unloadRequested, this, &EngineController::unload);
    connect(m_panels.prompt, &PromptPanel::runRequested, this, &EngineController::run);
    connect(m_panels.prompt, &PromptPanel::stopRequested, this, &EngineController::stop);
}

void EngineController::start()
{
    if (m_bridge->isStarted())
        return;
    m_state.setPhase(EngineState::Phase::Starting);
    publish();
    m_bridge->start();
}

void EngineController::publish()
{
    emit stateChanged(m_state);
}

void EngineController::setPhase(EngineState::Phase phase)
{
    m_state.setPhase(phase);
    publish();
}

void EngineController::onDeviceReady(const QString& name, const QString& reason, bool isCpuFallback)
{
    m_state.setDevice(name);
    m_state.setDeviceDetails(reason, isCpuFallback);
    m_state.setDeviceError({});
    m_state.setModel({});
    m_state.setMediaInput(false);
    m_summary.reset();
    m_panels.model->setModelSummary(nullptr);
    setPhase(EngineState::Phase::Unloaded);
    if (isCpuFallback)
        emit message(tr("No GPU in use: %1 runs the model on the CPU through lavapipe, much slower than a GPU.").arg(name));
    else
        emit message(tr("Using %1 (%2).").arg(name, reason));
}

void EngineController::onDeviceFailed(const QString& error)
{
    m_state.setDevice({});
    m_state.setDeviceDetails({}, false);
    m_state.setDeviceError(error);
    setPhase(EngineState::Phase::NoDevice);
    ErrorLog::record(QStringLiteral("device"), error);
    m_panels.output->showError(error);
    emit message(error);
}

void EngineController::load(const QString& folder)
{
    if (!m_state.canLoadModel())
        return;
    if (folder.trimmed().isEmpty()) {
        m_panels.model->setStatus(tr("Choose a model folder first (Browse…)."), true);
        return;
    }
    m_loadingName = QFileInfo(QDir::cleanPath(folder)).fileName();
    if (m_loadingName.isEmpty())
        m_loadingName = folder;
    m_summary.reset();
    m_panels.model->setModelSummary(nullptr);
    m_panels.model->setStatus(tr("Loading %1…").arg(m_loadingName), false, true);
    m_state.setModel(m_loadingName);
    setPhase(EngineState::Phase::Loading);
    m_bridge->loadModel(folder);
}

void EngineController::onModelLoaded(const ModelSummary& summary)
{
    m_summary = summary;
    m_panels.model->setModelSummary(&*m_summary);
    m_panels.model->setStatus({});
    m_state.setModel(summary.name);
    m_state.setMediaInput(true);
    setPhase(EngineState::Phase::Ready);
    emit message(tr("Loaded %1: %2 MiB on %3.").arg(summary.name, mib(summary.deviceBytes), m_state.device()));
}

void EngineController::onModelFailed(const QString& error)
{
    m_summary.reset();
    m_panels.model->setModelSummary(nullptr);
    m_panels.model->setStatus(error, true);
    m_state.setModel({});
    m_state.setMediaInput(false);
    setPhase(EngineState::Phase::Unloaded);
    ErrorLog::record(QStringLiteral("model load"), error);
    m_panels.output->showError(tr("The model did not load. %1").arg(error));
    emit message(error);
}

void EngineController::unload()
{
    if (m_state.phase() != EngineState::Phase::Ready)
        return;
    // The worker handles requests in order, so a Load clicked next waits behind this unload.
    m_bridge->unloadModel();
    m_summary.reset();
    m_panels.model->setModelSummary(nullptr);
    m_panels.model->setStatus({});
    m_state.setModel({});
    m_state.setMediaInput(false);
    setPhase(EngineState::Phase::Unloaded);
    emit message(tr("The model was unloaded."));
}

void EngineController::onModelUnloaded()
{
    // After an Unload click the state is already Unloaded (or Loading the next model); only an
    // unload the engine decided on (a lost device) changes it here.
    const EngineState::Phase phase = m_state.phase();
    if (phase != EngineState::Phase::Ready && phase != EngineState::Phase::Busy)
        return;
    m_summary.reset();
    m_panels.model->setModelSummary(nullptr);
    m_panels.model->setStatus(tr("The model was unloaded because the device was lost. Load it again."), true);
    m_state.setModel({});
    m_state.setMediaInput(false);
    setPhase(EngineState::Phase::Unloaded);
}

TextRequest EngineController::requestFromPrompt() const
{
    const PromptPanel* prompt = m_panels.prompt;
    TextRequest request;
    request.systemPrompt = prompt->systemPrompt();
    request.userText = prompt->promptText();
    request.thinking = prompt->thinkingEnabled();
    request.maxNewTokens = prompt->maxNewTokens();
    request.temperature = prompt->temperature();
    request.topK = prompt->topK();
    request.topP = prompt->topP();
    request.seed = prompt->seed();
    return request;
}

TaskRunRequest EngineController::taskRequestFromPrompt() const
{
    const PromptPanel* prompt = m_panels.prompt;
    const TaskId id = prompt->task();
    const MediaKind media = TaskCatalog::info(id).media;
    return taskRequestFor(id, media == MediaKind::Unknown ? QString() : prompt->firstMediaPath(media));
}

TaskRunRequest EngineController::taskRequestFor(TaskId id, const QString& file) const
{
    const PromptPanel* prompt = m_panels.prompt;
    TaskRunRequest request;
    request.task = runtimeTaskName(id);
    request.maxNewTokens = prompt->maxNewTokens();
    const QString text = prompt->promptText().trimmed();
    if (TaskCatalog::info(id).media == MediaKind::Video) {
        request.video = file;
        request.prompt = text;
    } else if (TaskCatalog::info(id).media == MediaKind::Audio) {
        request.audio = file;
        // The prompt box holds the spoken language (transcribe) or the target language (translate).
        if (id == TaskId::Transcribe)
            request.language = text;
        else if (id == TaskId::Translate)
            request.targetLanguage = text;
        else
            request.prompt = text;
    } else {
        if (!file.isEmpty())
            request.images << file;
        request.budget = prompt->imageTokenBudget();
        request.prompt = text;
    }
    return request;
}

QString EngineController::segmentLine(double start, double end, const QString& text)
{
    QString flat = text.trimmed();
    flat.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return QStringLiteral("[%1–%2] %3  \n").arg(clock(start), clock(end), flat);
}

void EngineController::onSegment(double start, double end, const QString& text)
{
    if (m_state.phase() != EngineState::Phase::Busy)
        return;
    m_panels.output->appendAnswer(segmentLine(start, end, text));
    if (m_panels.audio && !m_externalRun)
        m_panels.audio->addSegment(start, end, text);
}

void EngineController::showTaskResult(const TaskOutcome& outcome)
{
    int drawn = 0;
    const bool external = std::exchange(m_externalRun, false);
    if (m_panels.image && !outcome.objects.isEmpty() && !external) {
        OverlayLayer* overlay = m_panels.image->view()->overlay();
        overlay->clear();
        for (const DetectedItem& item : outcome.objects) {
            if (item.hasBox)
                overlay->addBox(item.box.normalized(), item.label);
            else if (item.hasPoint)
                overlay->addPoint(item.point, item.label);
            else
                continue;
            ++drawn;
        }
    }
    if (m_state.phase() == EngineState::Phase::Busy)
        setPhase(EngineState::Phase::Ready);
    QString text;
    if (outcome.cancelled) {
        text = tr("The task was stopped.");
        m_panels.output->showNotice(tr("Stopped: the answer above is incomplete."));
    }
    else if (outcome.task == QLatin1String("detect") || outcome.task == QLatin1String("point"))
        text = tr("Done: %1 object(s) marked on the image; tokens generated: %2.").arg(drawn).arg(outcome.generatedTokens);
    else
        text = tr("Done: prompt tokens: %1, tokens generated: %2.").arg(outcome.promptTokens).arg(outcome.generatedTokens);
    const QStringList extra = outcome.notes + outcome.problems;
    if (!extra.isEmpty())
        text += QLatin1Char(' ') + extra.join(QStringLiteral("; "));
    emit message(text);
    if (!external)
        emit promptTaskFinished(outcome);
}

void EngineController::run()
{
    if (!m_state.canRun())
        return;
    const QString blocked = m_panels.prompt->runBlockedReason();
    if (!blocked.isEmpty()) {
        emit message(blocked);
        return;
    }
    m_panels.output->beginResponse();
    setPhase(EngineState::Phase::Busy);
    const MediaKind media = TaskCatalog::info(m_panels.prompt->task()).media;
    if (media != MediaKind::Unknown) {
        const TaskRunRequest request = taskRequestFromPrompt();
        if (media == MediaKind::Image && m_panels.image)
            m_panels.image->view()->overlay()->clear();
        if (media == MediaKind::Audio && m_panels.audio)
            m_panels.audio->clearTranscript(request.audio);
        m_bridge->runTask(request);
    } else {
        m_bridge->runText(requestFromPrompt());
        emit promptTextStarted();
    }
    emit message(tr("Running on %1…").arg(m_state.device()));
}

bool EngineController::runExternalTask(const TaskRunRequest& request)
{
    if (!m_state.canRun())
        return false;
    m_externalRun = true;
    m_panels.output->beginResponse();
    setPhase(EngineState::Phase::Busy);
    m_bridge->runTask(request);
    return true;
}

void EngineController::stop()
{
    if (m_state.phase() != EngineState::Phase::Busy)
        return;
    m_bridge->stop();
    emit message(tr("Stopping…"));
}

void EngineController::onFinished(const RunStats& stats)
{
    m_panels.output->setTokensPerSecond(stats.decodeTokensPerSecond);
    if (stats.reason == StopReason::Cancelled)
        m_panels.output->showNotice(tr("Stopped: the answer above is incomplete."));
    if (m_state.phase() == EngineState::Phase::Busy)
        setPhase(EngineState::Phase::Ready);
    emit message(tr("Done, %1: %2 prompt tokens in %3 ms, %4 tokens at %5 tok/s.")
                     .arg(stopReasonText(stats.reason))
                     .arg(stats.promptTokens)
                     .arg(stats.prefillMs, 0, 'f', 0)
                     .arg(stats.generatedTokens)
                     .arg(stats.decodeTokensPerSecond, 0, 'f', 1));
}

void EngineController::onFailed(const QString& error)
{
    m_externalRun = false;
    if (m_state.phase() == EngineState::Phase::Busy)
        setPhase(m_summary ? EngineState::Phase::Ready : EngineState::Phase::Unloaded);
    ErrorLog::record(QStringLiteral("run"), error);
    m_panels.output->showError(error);
    emit message(error);
}

} // namespace gwb::ui
