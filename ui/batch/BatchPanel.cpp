#include "ui/batch/BatchPanel.h"

#include "ui/batch/BatchQueue.h"
#include "ui/engine/EngineController.h"
#include "ui/export/ExportTarget.h"
#include "ui/intake/WindowDropFilter.h"
#include "ui/settings/AppSettings.h"
#include "ui/tasks/TaskCatalog.h"

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace gwb::ui {

namespace {
enum Column { FileColumn, StateColumn, ProgressColumn, ResultColumn };

QString stateText(BatchQueue::ItemState state)
{
    switch (state) {
    case BatchQueue::ItemState::Waiting: return BatchPanel::tr("Waiting");
    case BatchQueue::ItemState::Running: return BatchPanel::tr("Running");
    case BatchQueue::ItemState::Done: return BatchPanel::tr("Done");
    case BatchQueue::ItemState::Failed: return BatchPanel::tr("Failed");
    case BatchQueue::ItemState::Cancelled: return BatchPanel::tr("Cancelled");
    }
    return {};
}
} // namespace

BatchPanel::BatchPanel(EngineController* controller, QWidget* parent)
    : QWidget(parent), m_queue(new BatchQueue(controller, this)), m_task(new QComboBox(this)),
      m_format(new QComboBox(this)), m_folder(new QLineEdit(this)), m_table(new QTableWidget(0, 4, this)),
      m_add(new QPushButton(tr("Add &Files…"), this)), m_addFolder(new QPushButton(tr("Add F&older…"), this)),
      m_remove(new QPushButton(tr("Re&move"), this)), m_clear(new QPushButton(tr("C&lear"), this)),
      m_start(new QPushButton(tr("&Start"), this)), m_pause(new QPushButton(tr("&Pause"), this)),
      m_cancel(new QPushButton(tr("&Cancel"), this)), m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("batchPanel"));
    setAcceptDrops(true);
    setProperty(WindowDropFilter::kOwnDropsProperty, true); // drops here queue files, not open them

    m_task->setObjectName(QStringLiteral("batchTask"));
    for (const TaskInfo& info : TaskCatalog::all()) {
        if (info.media == MediaKind::Image || info.media == MediaKind::Audio)
            m_task->addItem(TaskCatalog::label(info.id), int(info.id));
    }
    m_task->setToolTip(tr("Every file of the batch runs this task, with the Prompt panel's options "
                          "(prompt text, image budget, answer length)."));
    m_format->setObjectName(QStringLiteral("batchFormat"));
    m_format->addItem(tr("Best for the task (SRT, JSON or TXT)"), -1);
    for (ExportFormat format : allExportFormats())
        m_format->addItem(exportFormatLabel(format), int(format));
    m_folder->setObjectName(QStringLiteral("batchFolder"));
    m_folder->setPlaceholderText(tr("Next to each input file"));
    m_folder->setClearButtonEnabled(true);
    m_folder->setText(AppSettings::load().exportFolder);
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(this, tr("Batch Results Folder"), m_folder->text());
        if (!chosen.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(chosen));
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Task:"), m_task);
    form->addRow(tr("&Results as:"), m_format);
    form->addRow(tr("Results folder:"), folderRow);

    m_table->setObjectName(QStringLiteral("batchTable"));
    m_table->setHorizontalHeaderLabels({tr("File"), tr("State"), tr("Progress"), tr("Result")});
    m_table->horizontalHeader()->setSectionResizeMode(FileColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(StateColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(FileColumn, 180);
    m_table->setColumnWidth(ProgressColumn, 90);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto* listButtons = new QHBoxLayout;
    for (QPushButton* button : {m_add, m_addFolder, m_remove, m_clear})
        listButtons->addWidget(button);
    listButtons->addStretch(1);
    auto* runButtons = new QHBoxLayout;
    runButtons->addWidget(m_summary, 1);
    for (QPushButton* button : {m_start, m_pause, m_cancel})
        runButtons->addWidget(button);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addLayout(listButtons);
    layout->addWidget(m_table, 1);
    layout->addLayout(runButtons);

    connect(m_add, &QPushButton::clicked, this, &BatchPanel::addFilesDialog);
    connect(m_addFolder, &QPushButton::clicked, this, &BatchPanel::addFolderDialog);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_queue->removeAt(row);
    });
    connect(m_clear, &QPushButton::clicked, m_queue, &BatchQueue::clear);
    connect(m_start, &QPushButton::clicked, this, [this] {
        applyOptions();
        m_queue->start();
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_queue->isPaused())
            m_queue->resume();
        else
            m_queue->pause();
    });
    connect(m_cancel, &QPushButton::clicked, m_queue, &BatchQueue::cancel);
    connect(m_task, &QComboBox::currentIndexChanged, this, &BatchPanel::updateButtons);

    connect(m_queue, &BatchQueue::itemsChanged, this, &BatchPanel::rebuildTable);
    connect(m_queue, &BatchQueue::itemChanged, this, &BatchPanel::updateRow);
    connect(m_queue, &BatchQueue::stateChanged, this, &BatchPanel::updateButtons);
    connect(m_queue, &BatchQueue::message, this, &BatchPanel::message);
    rebuildTable();
}

void BatchPanel::applyOptions()
{
    m_queue->setTask(TaskId(m_task->currentData().toInt()));
    const int format = m_format->currentData().toInt();
    m_queue->setFormat(format < 0 ? std::nullopt : std::optional<ExportFormat>(ExportFormat(format)));
    m_queue->setOutputFolder(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    m_queue->setFilenameTemplate(savedFilenameTemplate());
}

void BatchPanel::addFilesDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Files to the Batch"), QString(),
        tr("Images and audio (*.png *.jpg *.jpeg *.webp *.bmp *.gif *.tif *.tiff *.wav *.mp3 *.flac *.ogg *.opus "
           "*.m4a);;All files (*)"));
    if (!files.isEmpty())
        m_queue->addPaths(files);
}

void BatchPanel::addFolderDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a Folder to the Batch"));
    if (!folder.isEmpty())
        m_queue->addPaths({folder});
}

void BatchPanel::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void BatchPanel::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    const int added = m_queue->addPaths(paths);
    emit message(tr("%n file(s) added to the batch.", nullptr, added));
}

void BatchPanel::rebuildTable()
{
    m_table->setRowCount(0);
    m_table->setRowCount(m_queue->count());
    for (int i = 0; i < m_queue->count(); ++i) {
        const BatchQueue::Item& item = m_queue->items()[i];
        auto* file = new QTableWidgetItem(QFileInfo(item.path).fileName());
        file->setToolTip(QDir::toNativeSeparators(item.path));
        m_table->setItem(i, FileColumn, file);
        m_table->setItem(i, StateColumn, new QTableWidgetItem);
        m_table->setItem(i, ResultColumn, new QTableWidgetItem);
        auto* bar = new QProgressBar(m_table);
        bar->setRange(0, 100);
        bar->setTextVisible(false);
        m_table->setCellWidget(i, ProgressColumn, bar);
        updateRow(i);
    }
    updateButtons();
}

void BatchPanel::updateRow(int index)
{
    if (index < 0 || index >= m_table->rowCount() || index >= m_queue->count())
        return;
    const BatchQueue::Item& item = m_queue->items()[index];
    m_table->item(index, StateColumn)->setText(stateText(item.state));
    QTableWidgetItem* result = m_table->item(index, ResultColumn);
    result->setText(item.message);
    result->setToolTip(item.output.isEmpty() ? item.message : QDir::toNativeSeparators(item.output));
    if (auto* bar = qobject_cast<QProgressBar*>(m_table->cellWidget(index, ProgressColumn))) {
        if (item.percent < 0)
            bar->setRange(0, 0); // running, length unknown: busy indicator
        else {
            bar->setRange(0, 100);
            bar->setValue(item.percent);
        }
    }
    updateButtons();
}

void BatchPanel::updateButtons()
{
    if (!m_queue->isActive())
        m_queue->setTask(TaskId(m_task->currentData().toInt()));
    const QString blocked = m_queue->startBlockedReason();
    m_start->setEnabled(blocked.isEmpty());
    m_start->setToolTip(blocked);
    m_pause->setEnabled(m_queue->isActive());
    m_pause->setText(m_queue->isPaused() ? tr("&Resume") : tr("&Pause"));
    m_cancel->setEnabled(m_queue->isActive());
    m_task->setEnabled(!m_queue->isActive());
    m_format->setEnabled(!m_queue->isActive());
    m_folder->setEnabled(!m_queue->isActive());
    m_remove->setEnabled(m_queue->count() > 0);
    m_clear->setEnabled(m_queue->count() > 0);
    const int total = m_queue->count();
    m_summary->setText(total == 0 ? tr("Drop files or folders here.")
                                  : tr("%1 of %2 done").arg(m_queue->countIn(BatchQueue::ItemState::Done)).arg(total));
}

} // namespace gwb::ui
