#include "ScriptedEngine.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QThread>

using namespace gwb::ui;

namespace gwb::test {

ScriptedEngineWorker::ScriptedEngineWorker(const std::atomic<bool>* cancel, EngineScript script)
    : EngineWorker(cancel), m_script(std::move(script))
{
}

EngineWorkerFactory ScriptedEngineWorker::factory(const EngineScript& script)
{
    return [script](const std::atomic<bool>* cancel) { return new ScriptedEngineWorker(cancel, script); };
}

void ScriptedEngineWorker::openDevice()
{
    QThread::msleep(ulong(m_script.openDeviceMs));
    emit deviceReady(m_script.deviceName, m_script.deviceReason, m_script.cpuFallback);
    emit deviceMemoryKnown(m_script.deviceMemoryBytes);
    emit devicesListed({m_script.deviceName});
}

void ScriptedEngineWorker::loadModel(const QString& folder)
{
    m_loaded = false;
    for (int step = 0; step <= 10; ++step) {
        emit modelLoading(step * 10);
        QThread::msleep(ulong(m_script.loadMs / 10));
    }
    if (!m_script.failLoadWith.isEmpty()) {
        emit modelFailed(m_script.failLoadWith);
        return;
    }
    if (!QFileInfo::exists(folder)) {
        emit modelFailed(tr("%1 does not exist.").arg(folder));
        return;
    }
    m_summary = ModelSummary();
    m_summary.folder = QDir::cleanPath(folder);
    m_summary.name = QFileInfo(m_summary.folder).fileName();
    m_summary.variant = QStringLiteral("custom");
    m_summary.layers = 7;
    m_summary.weightBytes = qint64(24) << 20;
    m_summary.cacheBytes = qint64(4) << 20;
    m_summary.contextLength = 4096;
    m_summary.deviceBytes = m_summary.weightBytes + m_summary.cacheBytes;
    m_summary.canEncodeText = true;
    m_loaded = true;
    emit modelLoaded(m_summary);
}

void ScriptedEngineWorker::unloadModel()
{
    m_loaded = false;
}

void ScriptedEngineWorker::shutdown()
{
    m_loaded = false;
}

bool ScriptedEngineWorker::streamAnswer(int& generated)
{
    for (const QString& piece : m_script.answer) {
        QThread::msleep(ulong(m_script.stepMs));
        if (cancelRequested())
            return false;
        emit answerPiece(piece);
        ++generated;
        emit decodeProgress(generated, 1000.0 / std::max(1, m_script.stepMs));
    }
    return true;
}

void ScriptedEngineWorker::runText(const TextRequest&)
{
    if (!m_script.failRunWith.isEmpty()) {
        QThread::msleep(ulong(m_script.stepMs));
        emit failed(m_script.failRunWith);
        return;
    }
    RunStats stats;
    stats.promptTokens = 12;
    const bool complete = streamAnswer(stats.generatedTokens);
    stats.reason = complete ? StopReason::StopToken : StopReason::Cancelled;
    stats.decodeMs = stats.generatedTokens * m_script.stepMs;
    stats.decodeTokensPerSecond = 1000.0 / std::max(1, m_script.stepMs);
    emit finished(stats);
}

void ScriptedEngineWorker::runTask(const TaskRunRequest& request)
{
    if (!m_script.failRunWith.isEmpty()) {
        QThread::msleep(ulong(m_script.stepMs));
        emit failed(m_script.failRunWith);
        return;
    }
    TaskOutcome outcome;
    outcome.task = request.task;
    outcome.promptTokens = 300;
    bool complete = true;
    if (!request.audio.isEmpty()) {
        for (const EngineScript::Segment& segment : m_script.segments) {
            QThread::msleep(ulong(m_script.stepMs));
            if (cancelRequested()) {
                complete = false;
                break;
            }
            emit segmentReady(segment.start, segment.end, segment.text);
            outcome.text += segment.text + QLatin1Char('\n');
            ++outcome.segments;
        }
    } else {
        complete = streamAnswer(outcome.generatedTokens);
        outcome.text = m_script.answer.join(QString());
        const bool locates = request.task == QLatin1String("detect") || request.task == QLatin1String("point");
        if (complete && locates && !request.images.isEmpty()) {
            const QSize size = QImageReader(request.images.first()).size();
            outcome.imageWidth = size.width();
            outcome.imageHeight = size.height();
            for (const EngineScript::Box& b : m_script.boxes) {
                DetectedItem item;
                item.label = b.label;
                item.hasBox = true;
                item.box = QRectF(QPointF(b.x0 * size.width(), b.y0 * size.height()),
                                  QPointF(b.x1 * size.width(), b.y1 * size.height()));
                outcome.objects << item;
            }
        }
    }
    outcome.cancelled = !complete;
    emit taskFinished(outcome);
}

} // namespace gwb::test
