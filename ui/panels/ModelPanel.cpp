#include "ui/panels/ModelPanel.h"

#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace gwb::ui {

namespace {
constexpr auto kFolderKey = "model/folder";

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', bytes < 10 * 1024 * 1024 ? 1 : 0);
}
} // namespace

ModelPanel::ModelPanel(QWidget* parent)
    : QWidget(parent), m_folder(new QLineEdit(this)), m_device(new QLabel(this)),
      m_memory(new QLabel(this)), m_load(new QPushButton(tr("Load"), this)),
      m_unload(new QPushButton(tr("Unload"), this)), m_status(new QLabel(this)),
      m_busy(new QProgressBar(this))
{
    m_folder->setPlaceholderText(tr("Folder with config.json and *.safetensors, or a .gguf file"));
    m_folder->setClearButtonEnabled(true);
    auto* browseButton = new QToolButton(this);
    browseButton->setText(tr("Browse…"));
    browseButton->setToolTip(tr("Choose the model folder"));
    auto* folderRow = new QHBoxLayout;
    folderRow->setContentsMargins(0, 0, 0, 0);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browseButton);

    m_device->setObjectName(QStringLiteral("deviceLine"));
    m_device->setWordWrap(true);
    m_memory->setWordWrap(true);
    m_memory->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_device->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setModelSummary(nullptr);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    m_busy->setRange(0, 0); // busy: the engine reports no progress while loading
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(8);
    m_busy->hide();

    auto* form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Model:"), folderRow);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Memory:"), m_memory);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_unload);
    buttons->addWidget(m_load);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_busy);
    layout->addWidget(m_status);
    layout->addStretch(1);

    m_folder->setText(QSettings().value(kFolderKey).toString());
    connect(browseButton, &QToolButton::clicked, this, &ModelPanel::browse);
    connect(m_folder, &QLineEdit::editingFinished, this, [this] {
        QSettings().setValue(kFolderKey, m_folder->text());
        emit modelFolderChanged(m_folder->text());
    });
    connect(m_load, &QPushButton::clicked, this, [this] { emit loadRequested(m_folder->text()); });
    connect(m_unload, &QPushButton::clicked, this, &ModelPanel::unloadRequested);
    setEngineState(EngineState());
}

QString ModelPanel::modelFolder() const
{
    return m_folder->text();
}

void ModelPanel::setModelFolder(const QString& folder)
{
    m_folder->setText(folder);
    QSettings().setValue(kFolderKey, folder);
    emit modelFolderChanged(folder);
}

void ModelPanel::browse()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose the model folder"),
                                                             m_folder->text());
    if (!folder.isEmpty())
        setModelFolder(folder);
}

void ModelPanel::setEngineState(const EngineState& state)
{
    m_device->setText(state.deviceText());
    m_device->setToolTip(state.deviceReason());
    const QString reason = state.loadBlockedReason();
    const bool ready = state.phase() == EngineState::Phase::Ready;
    m_load->setEnabled(state.canLoadModel());
    m_unload->setEnabled(ready);
    m_load->setToolTip(reason.isEmpty() ? tr("Load the model onto the device") : reason);
    m_unload->setToolTip(ready ? tr("Free the model's memory")
                               : (reason.isEmpty() ? tr("No model is loaded.") : reason));
}

} // namespace gwb::ui

namespace gwb::ui {

void ModelPanel::setModelSummary(const ModelSummary* summary)
{
    if (!summary) {
        m_memory->setText(tr("Nothing loaded."));
        return;
    }
    QString text = tr("%1 MiB on the device: weights %2 MiB, context cache %3 MiB (%4 tokens)")
                       .arg(mib(summary->deviceBytes), mib(summary->weightBytes), mib(summary->cacheBytes))
                       .arg(summary->contextLength);
    text += QLatin1Char('\n') + tr("%1: %2, %n layer(s)", nullptr, summary->layers).arg(summary->name, summary->variant);
    if (!summary->canEncodeText)
        text += QLatin1Char('\n') + tr("No tokenizer or chat template in the folder: text prompts cannot be used.");
    m_memory->setText(text);
}

void ModelPanel::setStatus(const QString& text, bool isError, bool busy)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_status->setStyleSheet(isError ? QStringLiteral("color: #c62828;") : QString());
    m_busy->setVisible(busy);
}

QString ModelPanel::deviceText() const
{
    return m_device->text();
}

QString ModelPanel::memoryText() const
{
    return m_memory->text();
}

QString ModelPanel::statusText() const
{
    return m_status->text();
}

} // namespace gwb::ui
