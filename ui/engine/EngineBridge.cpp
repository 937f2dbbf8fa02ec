#include "ui/engine/EngineBridge.h"

#include "ui/engine/EngineWorker.h"

#include <QMetaObject>
#include <QThread>

namespace gwb::ui {

EngineBridge::EngineBridge(QObject* parent) : EngineBridge(EngineWorkerFactory(), parent) {}

EngineBridge::EngineBridge(const EngineWorkerFactory& makeWorker, QObject* parent)
    : QObject(parent), m_thread(new QThread(this)),
      m_worker(makeWorker ? makeWorker(&m_cancel) : new EngineWorker(&m_cancel))
{
    qRegisterMetaType<TextRequest>();
    qRegisterMetaType<ModelSummary>();
    qRegisterMetaType<RunStats>();
    qRegisterMetaType<StopReason>();
    qRegisterMetaType<TaskRunRequest>();
    qRegisterMetaType<TaskOutcome>();

    m_thread->setObjectName(QStringLiteral("gwb-engine"));
    m_worker->moveToThread(m_thread);
    // Signal-to-signal connections to an object of the GUI thread: queued automatically.
    connect(m_worker, &EngineWorker::deviceReady, this, &EngineBridge::deviceReady);
    connect(m_worker, &EngineWorker::deviceFailed, this, &EngineBridge::deviceFailed);
    connect(m_worker, &EngineWorker::deviceMemoryKnown, this, &EngineBridge::deviceMemoryKnown);
    connect(m_worker, &EngineWorker::devicesListed, this, &EngineBridge::devicesListed);
    connect(m_worker, &EngineWorker::modelLoading, this, &EngineBridge::modelLoading);
    connect(m_worker, &EngineWorker::modelLoaded, this, &EngineBridge::modelLoaded);
    connect(m_worker, &EngineWorker::modelMemoryChanged, this, &EngineBridge::modelMemoryChanged);
    connect(m_worker, &EngineWorker::modelFailed, this, &EngineBridge::modelFailed);
    connect(m_worker, &EngineWorker::modelUnloaded, this, &EngineBridge::modelUnloaded);
    connect(m_worker, &EngineWorker::answerPiece, this, &EngineBridge::answerPiece);
    connect(m_worker, &EngineWorker::thinkingPiece, this, &EngineBridge::thinkingPiece);
    connect(m_worker, &EngineWorker::decodeProgress, this, &EngineBridge::decodeProgress);
    connect(m_worker, &EngineWorker::finished, this, &EngineBridge::finished);
    connect(m_worker, &EngineWorker::failed, this, &EngineBridge::failed);
    connect(m_worker, &EngineWorker::segmentReady, this, &EngineBridge::segmentReady);
    connect(m_worker, &EngineWorker::taskProgress, this, &EngineBridge::taskProgress);
    connect(m_worker, &EngineWorker::taskFinished, this, &EngineBridge::taskFinished);
    // The worker frees the model and the device on its own thread, as the thread's last work.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
}

EngineBridge::~EngineBridge()
{
    m_cancel.store(true);
    if (m_started) {
        // Whatever is queued still runs (a queued run ends at once, being cancelled); then the
        // worker releases everything, and deleteLater on finished deletes it on the thread.
        QMetaObject::invokeMethod(m_worker, &EngineWorker::shutdown, Qt::QueuedConnection);
        m_thread->quit();
        m_thread->wait();
    } else {
        delete m_worker; // never moved work to the thread
    }
}

void EngineBridge::start()
{
    if (m_started)
        return;
    m_started = true;
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &EngineWorker::openDevice, Qt::QueuedConnection);
}

void EngineBridge::loadModel(const QString& folder)
{
    start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, folder] { worker->loadModel(folder); },
                              Qt::QueuedConnection);
}

void EngineBridge::unloadModel()
{
    start();
    QMetaObject::invokeMethod(m_worker, &EngineWorker::unloadModel, Qt::QueuedConnection);
}

void EngineBridge::runText(const TextRequest& request)
{
    start();
    m_cancel.store(false);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->runText(request); },
                              Qt::QueuedConnection);
}

void EngineBridge::runTask(const TaskRunRequest& request)
{
    start();
    m_cancel.store(false);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->runTask(request); },
                              Qt::QueuedConnection);
}

void EngineBridge::stop()
{
    m_cancel.store(true);
}

} // namespace gwb::ui
