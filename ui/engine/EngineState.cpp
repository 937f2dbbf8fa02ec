#include "ui/engine/EngineState.h"

#include <QCoreApplication>

#include <utility>

namespace gwb::ui {

EngineState::EngineState(Phase phase, QString device, QString model)
    : m_phase(phase), m_device(std::move(device)), m_model(std::move(model))
{
}

void EngineState::setDeviceDetails(const QString& reason, bool cpuFallback)
{
    m_deviceReason = reason;
    m_cpuFallback = cpuFallback;
}

bool EngineState::canLoadModel() const
{
    return m_phase == Phase::Unloaded || m_phase == Phase::Ready;
}

bool EngineState::canRun() const
{
    return m_phase == Phase::Ready;
}

QString EngineState::statusText() const
{
    QString device;
    if (m_phase == Phase::Starting)
        device = QCoreApplication::translate("gwb::ui::EngineState", "GPU: starting…");
    else if (m_phase == Phase::NoDevice)
        device = QCoreApplication::translate("gwb::ui::EngineState", "GPU: none usable");
    else if (m_device.isEmpty())
        device = QCoreApplication::translate("gwb::ui::EngineState", "GPU: not initialised");
    else if (m_cpuFallback)
        device = QCoreApplication::translate("gwb::ui::EngineState", "CPU: %1 (no GPU, slow)").arg(m_device);
    else
        device = QCoreApplication::translate("gwb::ui::EngineState", "GPU: %1").arg(m_device);

    QString model;
    switch (m_phase) {
    case Phase::NoEngine: model = QCoreApplication::translate("gwb::ui::EngineState", "Model: not loaded (engine not connected)"); break;
    case Phase::Starting:
    case Phase::NoDevice:
    case Phase::Unloaded: model = QCoreApplication::translate("gwb::ui::EngineState", "Model: not loaded"); break;
    case Phase::Loading: model = QCoreApplication::translate("gwb::ui::EngineState", "Model: loading %1…").arg(m_model); break;
    case Phase::Ready: model = QCoreApplication::translate("gwb::ui::EngineState", "Model: %1").arg(m_model); break;
    case Phase::Busy: model = QCoreApplication::translate("gwb::ui::EngineState", "Model: %1 (running)").arg(m_model); break;
    }
    return device + QStringLiteral("  ·  ") + model;
}

QString EngineState::deviceText() const
{
    switch (m_phase) {
    case Phase::NoEngine: return QCoreApplication::translate("gwb::ui::EngineState", "Not detected yet: the Vulkan engine is not connected.");
    case Phase::Starting: return QCoreApplication::translate("gwb::ui::EngineState", "Looking for a Vulkan device…");
    case Phase::NoDevice: return QCoreApplication::translate("gwb::ui::EngineState", "No usable device. %1").arg(m_deviceError);
    case Phase::Unloaded:
    case Phase::Loading:
    case Phase::Ready:
    case Phase::Busy: break;
    }
    // The engine's reason is English; an automatic CPU fallback is said in the UI's language
    // instead (the Model panel keeps the engine's words in the tooltip).
    const bool automaticFallback = m_cpuFallback && m_deviceReason.contains(QStringLiteral("lavapipe"));
    QString text = m_device;
    if (!m_deviceReason.isEmpty() && !automaticFallback)
        text += QStringLiteral(" — ") + m_deviceReason;
    if (automaticFallback)
        text += QLatin1Char('\n') + QCoreApplication::translate("gwb::ui::EngineState", "No GPU found: the model runs on the CPU through lavapipe, far slower than on a GPU.");
    else if (m_cpuFallback)
        text += QLatin1Char('\n') + QCoreApplication::translate("gwb::ui::EngineState", "No GPU is used: the model runs on the CPU through lavapipe, far slower than on a GPU.");
    return text;
}

QString EngineState::runBlockedReason() const
{
    switch (m_phase) {
    case Phase::NoEngine:
        return QCoreApplication::translate("gwb::ui::EngineState", "The model is not loaded: this build does not connect the inference engine yet.");
    case Phase::Starting: return QCoreApplication::translate("gwb::ui::EngineState", "The model is not loaded: the engine is still starting.");
    case Phase::NoDevice: return QCoreApplication::translate("gwb::ui::EngineState", "The model is not loaded: no usable Vulkan device was found.");
    case Phase::Unloaded: return QCoreApplication::translate("gwb::ui::EngineState", "The model is not loaded. Load one in the Model panel.");
    case Phase::Loading: return QCoreApplication::translate("gwb::ui::EngineState", "The model is still loading.");
    case Phase::Busy: return QCoreApplication::translate("gwb::ui::EngineState", "A request is already running.");
    case Phase::Ready: break;
    }
    return {};
}

QString EngineState::loadBlockedReason() const
{
    switch (m_phase) {
    case Phase::NoEngine:
        return QCoreApplication::translate("gwb::ui::EngineState", "The model is not loaded: loading needs the inference engine, which this build "
                  "does not connect yet.");
    case Phase::Starting: return QCoreApplication::translate("gwb::ui::EngineState", "The model is not loaded yet: the engine is still looking for a device.");
    case Phase::NoDevice: return QCoreApplication::translate("gwb::ui::EngineState", "The model cannot be loaded: no usable Vulkan device. %1").arg(m_deviceError);
    case Phase::Loading:
    case Phase::Busy: return QCoreApplication::translate("gwb::ui::EngineState", "Wait until the current operation finishes.");
    case Phase::Unloaded:
    case Phase::Ready: break;
    }
    return {};
}

QString EngineState::mediaUnavailableReason()
{
    return QCoreApplication::translate("gwb::ui::EngineState", "Load a model to run image, audio and video tasks.");
}

} // namespace gwb::ui
