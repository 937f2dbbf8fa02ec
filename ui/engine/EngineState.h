#pragma once

#include <QString>
#include <QStringList>

namespace gwb::ui {

// What the window knows about the inference engine, in one place. Panels enable their Run/Load
// buttons from this and the status bar shows statusText(). EngineController moves it through the
// phases as the engine bridge reports; a window started without the engine stays in NoEngine.
class EngineState {
public:
    enum class Phase {
        NoEngine,   // the window runs without the engine bridge
        Starting,   // the engine thread is opening the Vulkan device
        NoDevice,   // no usable Vulkan device: see deviceError()
        Unloaded,   // the device is open, no model loaded
        Loading,
        Ready,
        Busy,       // a request is running
    };

    EngineState() = default;
    explicit EngineState(Phase phase, QString device = {}, QString model = {});

    Phase phase() const { return m_phase; }
    QString device() const { return m_device; }
    QString model() const { return m_model; }
    void setPhase(Phase phase) { m_phase = phase; }
    void setDevice(const QString& device) { m_device = device; }
    void setModel(const QString& model) { m_model = model; }

    // Why this device was chosen (the engine's own words), and whether it is the CPU (lavapipe).
    QString deviceReason() const { return m_deviceReason; }
    bool isCpuFallback() const { return m_cpuFallback; }
    void setDeviceDetails(const QString& reason, bool cpuFallback);
    // The device's own memory (its largest device-local heap; for lavapipe that is RAM); 0 when
    // unknown. The Model panel compares the models' needs against it.
    qint64 deviceMemoryBytes() const { return m_deviceMemory; }
    void setDeviceMemoryBytes(qint64 bytes) { m_deviceMemory = bytes; }
    // Every Vulkan device the engine saw, in GWB_DEVICE's index order (Settings offers them).
    QStringList devices() const { return m_devices; }
    void setDevices(const QStringList& names) { m_devices = names; }
    // The device failure (NoDevice).
    QString deviceError() const { return m_deviceError; }
    void setDeviceError(const QString& error) { m_deviceError = error; }

    // Image, audio and video input need the vision and audio encoders, which the engine does not
    // run yet: media tasks stay disabled until this is true.
    bool hasMediaInput() const { return m_mediaInput; }
    void setMediaInput(bool on) { m_mediaInput = on; }

    bool canLoadModel() const;
    bool canRun() const;

    // Text for the status bar, e.g. "GPU: not initialised · Model: not loaded".
    QString statusText() const;
    // The device line: name plus why it was chosen (a CPU fallback always says so), or why there
    // is none.
    QString deviceText() const;
    // Why Run is disabled (tooltip); empty when it is enabled.
    QString runBlockedReason() const;
    // Why Load/Unload are disabled (tooltip); empty when they are enabled.
    QString loadBlockedReason() const;
    // The tooltip of media tasks while hasMediaInput() is false.
    static QString mediaUnavailableReason();

private:
    Phase m_phase = Phase::NoEngine;
    QString m_device;
    QString m_model;
    QString m_deviceReason;
    QString m_deviceError;
    bool m_cpuFallback = false;
    bool m_mediaInput = false;
    qint64 m_deviceMemory = 0;
    QStringList m_devices;
};

} // namespace gwb::ui
