#pragma once
// Makes the EngineWorker an EngineBridge puts on its thread. Empty: the real engine. Tests pass a
// factory of a fake worker (a subclass overriding the virtual slots) to drive the window without
// a GPU, e.g. a deliberately slow one that proves the event loop never waits for the engine.
#include <atomic>
#include <functional>

namespace gwb::ui {

class EngineWorker;
// `cancel` is the bridge's stop flag; the worker must not outlive the bridge.
using EngineWorkerFactory = std::function<EngineWorker*(const std::atomic<bool>* cancel)>;

} // namespace gwb::ui
