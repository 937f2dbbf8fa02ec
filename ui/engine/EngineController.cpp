#include "ui/engine/EngineController.h"

#include "ui/engine/EngineBridge.h"
#include "ui/panels/ModelPanel.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"

#include <QDir>
#include <QFileInfo>

namespace gwb::ui {

namespace {
QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', bytes < 10 * 1024 * 1024 ? 1 : 0);
}
} // namespace

EngineController::EngineController(EngineBridge* bridge, const Panels& panels, QObject* parent)
    : QObject(parent), m_bridge(bridge), m_panels(panels)
{
    connect(m_bridge, &EngineBridge::deviceReady, this, &EngineController::onDeviceReady);
    connect(m_bridge, &EngineBridge::deviceFailed, this, &EngineController::onDeviceFailed);
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
    setPhase(EngineState::Phase::Ready);
    emit message(tr("Loaded %1: %2 MiB on %3.").arg(summary.name, mib(summary.deviceBytes), m_state.device()));
}

void EngineController::onModelFailed(const QString& error)
{
    m_summary.reset();
    m_panels.model->setModelSummary(nullptr);
    m_panels.model->setStatus(error, true);
    m_state.setModel({});
    setPhase(EngineState::Phase::Unloaded);
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
    m_bridge->runText(requestFromPrompt());
    emit message(tr("Running on %1…").arg(m_state.device()));
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
    if (m_state.phase() == EngineState::Phase::Busy)
        setPhase(m_summary ? EngineState::Phase::Ready : EngineState::Phase::Unloaded);
    emit message(error);
}

} // namespace gwb::ui
