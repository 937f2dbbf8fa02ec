#include "ui/batch/BatchQueue.h"

#include "ui/engine/EngineBridge.h"
#include "ui/engine/EngineController.h"
#include "ui/export/ExportContent.h"
#include "ui/export/ExportRenderer.h"
#include "ui/export/ExportTarget.h"
#include "ui/export/ExportWriter.h"
#include "ui/intake/MediaRouter.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>
#include <utility>

namespace gwb::ui {

BatchQueue::BatchQueue(EngineController* controller, QObject* parent)
    : QObject(parent), m_controller(controller), m_template(QString::fromLatin1(kDefaultFilenameTemplate))
{
    EngineBridge* bridge = m_controller->bridge();
    // The engine runs one request at a time and the controller refuses another while it is busy,
    // so while an item runs, every piece the bridge reports belongs to it.
    connect(bridge, &EngineBridge::answerPiece, this, [this](const QString& piece) {
        if (m_running >= 0)
            m_answer += piece;
    });
    connect(bridge, &EngineBridge::segmentReady, this, [this](double start, double end, const QString& text) {
        if (m_running < 0)
            return;
        m_segments.append({start, end, text.trimmed()});
        m_items[m_running].message = tr("%n segment(s) so far", nullptr, int(m_segments.size()));
        emit itemChanged(m_running);
    });
    connect(bridge, &EngineBridge::taskProgress, this, [this](const QString& text, int done, int total) {
        if (m_running < 0 || total <= 0)
            return;
        m_items[m_running].message = text;
        m_items[m_running].percent = std::clamp(done * 100 / total, 0, 99);
        emit itemChanged(m_running);
    });
    connect(bridge, &EngineBridge::decodeProgress, this, [this](int generated, double) {
        if (m_running < 0 || m_maxTokens <= 0 || !m_segments.isEmpty())
            return;
        m_items[m_running].percent = std::min(99, generated * 100 / m_maxTokens);
        emit itemChanged(m_running);
    });
    connect(bridge, &EngineBridge::taskFinished, this, [this](const TaskOutcome& outcome) {
        if (m_running >= 0)
            finishRunning(outcome);
    });
    connect(bridge, &EngineBridge::failed, this, [this](const QString& error) {
        if (m_running >= 0)
            failRunning(error);
    });
    connect(m_controller, &EngineController::stateChanged, this, [this] { emit stateChanged(); });
}

int BatchQueue::addPaths(const QStringList& paths)
{
    const RoutingResult routed = MediaRouter().route(paths);
    int added = 0;
    QStringList unusable;
    for (const RoutedFile& file : routed.files) {
        if (file.kind != MediaKind::Image && file.kind != MediaKind::Audio) {
            unusable << QFileInfo(file.path).fileName();
            continue;
        }
        const bool listed = std::any_of(m_items.begin(), m_items.end(), [&](const Item& item) {
            return item.path == file.path && item.state == ItemState::Waiting;
        });
        if (listed)
            continue;
        Item item;
        item.path = file.path;
        item.kind = file.kind;
        item.message = mediaKindName(file.kind);
        m_items << item;
        ++added;
    }
    if (!unusable.isEmpty())
        emit message(tr("Left out of the batch (not an image or audio file): %1").arg(unusable.join(QStringLiteral(", "))));
    if (!routed.missing.isEmpty())
        emit message(tr("Not found or not readable: %1").arg(routed.missing.join(QStringLiteral(", "))));
    if (added > 0)
        emit itemsChanged();
    return added;
}

void BatchQueue::removeAt(int index)
{
    if (index < 0 || index >= count() || index == m_running)
        return;
    m_items.removeAt(index);
    if (m_running > index)
        --m_running;
    emit itemsChanged();
}

void BatchQueue::clear()
{
    QList<Item> kept;
    if (m_running >= 0) {
        kept << m_items[m_running];
        m_running = 0;
    }
    m_items = kept;
    emit itemsChanged();
}

int BatchQueue::countIn(ItemState state) const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [state](const Item& item) { return item.state == state; }));
}

MediaKind BatchQueue::taskMedia() const
{
    return TaskCatalog::info(m_task).media;
}

QString BatchQueue::startBlockedReason() const
{
    if (m_active)
        return tr("The batch is running.");
    if (countIn(ItemState::Waiting) == 0)
        return tr("Add files to the batch first (drop them here or use Add Files…).");
    const MediaKind media = taskMedia();
    if (media != MediaKind::Image && media != MediaKind::Audio)
        return tr("A batch runs image or audio tasks; choose one.");
    const bool anyFits = std::any_of(m_items.begin(), m_items.end(), [media](const Item& item) {
        return item.state == ItemState::Waiting && item.kind == media;
    });
    if (!anyFits)
        return tr("No waiting file is of the kind \"%1\" needs (%2).").arg(TaskCatalog::label(m_task), mediaKindName(media));
    const EngineState& engine = m_controller->state();
    if (!engine.hasMediaInput() || (!engine.canRun() && engine.phase() != EngineState::Phase::Busy))
        return engine.runBlockedReason().isEmpty() ? tr("Load a model first.") : engine.runBlockedReason();
    return {};
}

void BatchQueue::start()
{
    const QString blocked = startBlockedReason();
    if (!blocked.isEmpty()) {
        emit message(blocked);
        return;
    }
    m_active = true;
    m_paused = false;
    m_cancelling = false;
    emit stateChanged();
    runNext();
}

void BatchQueue::pause()
{
    if (!m_active || m_paused)
        return;
    m_paused = true;
    emit message(m_running >= 0 ? tr("The batch pauses after the current file.") : tr("The batch is paused."));
    emit stateChanged();
}

void BatchQueue::resume()
{
    if (!m_active || !m_paused)
        return;
    m_paused = false;
    emit stateChanged();
    if (m_running < 0)
        runNext();
}

void BatchQueue::cancel()
{
    if (!m_active)
        return;
    m_cancelling = true;
    for (int i = 0; i < count(); ++i) {
        if (m_items[i].state == ItemState::Waiting)
            setItemState(i, ItemState::Cancelled, tr("Cancelled"));
    }
    if (m_running >= 0)
        m_controller->stop(); // the item ends through taskFinished (cancelled) or failed
    else
        endBatch();
}

void BatchQueue::setItemState(int index, ItemState state, const QString& text)
{
    Item& item = m_items[index];
    item.state = state;
    item.message = text;
    if (state == ItemState::Done)
        item.percent = 100;
    emit itemChanged(index);
}

void BatchQueue::runNext()
{
    if (!m_active || m_paused || m_running >= 0)
        return;
    const MediaKind media = taskMedia();
    for (int i = 0; i < count(); ++i) {
        Item& item = m_items[i];
        if (item.state != ItemState::Waiting)
            continue;
        if (item.kind != media) {
            setItemState(i, ItemState::Failed,
                         tr("%1 needs %2; this file is %3.").arg(TaskCatalog::label(m_task), mediaKindName(media),
                                                                 mediaKindName(item.kind)));
            continue;
        }
        const TaskRunRequest request = m_controller->taskRequestFor(m_task, item.path);
        m_answer.clear();
        m_segments.clear();
        m_maxTokens = request.maxNewTokens;
        m_running = i;
        item.percent = -1;
        setItemState(i, ItemState::Running, tr("Running…"));
        if (!m_controller->runExternalTask(request)) {
            m_running = -1;
            setItemState(i, ItemState::Waiting, tr("Waiting"));
            m_paused = true;
            emit message(tr("The batch is paused: the engine cannot run now (%1).").arg(m_controller->state().statusText()));
            emit stateChanged();
        }
        return;
    }
    endBatch();
}

void BatchQueue::finishRunning(const TaskOutcome& outcome)
{
    const int index = std::exchange(m_running, -1);
    Item& item = m_items[index];
    if (outcome.cancelled) {
        item.percent = 0;
        setItemState(index, ItemState::Cancelled, tr("Stopped; nothing was written."));
    } else {
        ExportContent content;
        content.source = item.path;
        content.task = outcome.task;
        content.text = m_answer.isEmpty() ? outcome.text : m_answer;
        content.segments = m_segments;
        content.objects = outcome.objects;
        std::optional<ExportFormat> format = m_format;
        if (format == ExportFormat::AnnotatedPng || (!format && !content.objects.isEmpty())) {
            QImageReader reader(item.path);
            reader.setAutoTransform(true); // the boxes are in pixels of the image as the engine decoded it
            content.image = reader.read();
        }
        QString note;
        if (!format || !exportUnavailableReason(*format, content).isEmpty()) {
            if (format)
                note = QLatin1String(" ") + tr("(%1 does not fit this result)").arg(exportExtension(*format).toUpper());
            format = preferredExportFormat(content);
        }
        const ExportTarget target = exportTargetPath(m_folder, m_template, item.path, outcome.task, *format,
                                                     QDateTime::currentDateTime(), index + 1);
        const QString error = target.ok() ? writeExport(target.path, *format, content) : target.error;
        if (error.isEmpty()) {
            item.output = target.path;
            setItemState(index, ItemState::Done, tr("Saved %1").arg(QFileInfo(target.path).fileName()) + note);
        } else {
            setItemState(index, ItemState::Failed, error);
        }
    }
    if (m_cancelling)
        endBatch();
    else
        runNext();
}

void BatchQueue::failRunning(const QString& error)
{
    const int index = std::exchange(m_running, -1);
    m_items[index].percent = 0;
    setItemState(index, ItemState::Failed, error);
    if (m_cancelling)
        endBatch();
    else
        runNext();
}

void BatchQueue::endBatch()
{
    if (!m_active)
        return;
    m_active = false;
    m_paused = false;
    m_cancelling = false;
    const int done = countIn(ItemState::Done);
    const int failed = countIn(ItemState::Failed);
    emit stateChanged();
    emit finished(done, failed);
    emit message(tr("Batch finished: %1 written, %2 failed, %3 cancelled.")
                     .arg(done)
                     .arg(failed)
                     .arg(countIn(ItemState::Cancelled)));
}

} // namespace gwb::ui
