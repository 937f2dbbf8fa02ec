#include "ui/panels/ModelPanel.h"

#include "ui/app/AppTheme.h"
#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"
#include "ui/panels/ModelGuide.h"
#include "ui/settings/RecentModels.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
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
      m_busy(new QProgressBar(this)), m_recent(new QToolButton(this)), m_guide(new ModelGuide(this))
{
    m_folder->setPlaceholderText(tr("Folder with config.json and *.safetensors, or a .gguf file"));
    m_folder->setClearButtonEnabled(true);
    auto* browseButton = new QToolButton(this);
    browseButton->setText(tr("Browse…"));
    browseButton->setToolTip(tr("Choose the model folder"));
    m_recent->setObjectName(QStringLiteral("recentModelsButton"));
    m_recent->setText(tr("Recent"));
    m_recent->setToolTip(tr("Models loaded recently"));
    m_recent->setPopupMode(QToolButton::InstantPopup);
    m_recent->setMenu(new QMenu(m_recent));
    connect(m_recent->menu(), &QMenu::aboutToShow, this, &ModelPanel::fillRecentMenu);
    // The path gets the whole width (model folders have long paths); the buttons go under it.
    auto* pickRow = new QHBoxLayout;
    pickRow->setContentsMargins(0, 0, 0, 0);
    pickRow->addWidget(browseButton);
    pickRow->addWidget(m_recent);
    pickRow->addStretch(1);

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
    form->addRow(tr("Model:"), m_folder);
    form->addRow(QString(), pickRow);
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
    // The guide takes the spare room while it is shown; otherwise the spacer does.
    layout->addWidget(m_guide, 1);
    layout->addStretch(0);

    m_folder->setText(QSettings().value(kFolderKey).toString());
    updateGuide();
    connect(browseButton, &QToolButton::clicked, this, &ModelPanel::browse);
    connect(m_folder, &QLineEdit::editingFinished, this, [this] {
        QSettings().setValue(kFolderKey, m_folder->text());
        updateGuide();
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
    updateGuide();
    emit modelFolderChanged(folder);
}

void ModelPanel::loadRecent(const QString& path)
{
    setModelFolder(path);
    if (m_engineCanLoad)
        emit loadRequested(path);
    else
        setStatus(tr("%1 is chosen; it loads once the engine is ready.").arg(QFileInfo(path).fileName()));
}

void ModelPanel::chooseModel()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose the model folder"), m_folder->text());
    if (!folder.isEmpty())
        loadRecent(folder);
}

void ModelPanel::chooseGgufFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose a GGUF model file"), m_folder->text(),
                                                      tr("GGUF models (*.gguf);;All files (*)"));
    if (!file.isEmpty())
        loadRecent(file);
}

void ModelPanel::fillRecentMenu()
{
    QMenu* menu = m_recent->menu();
    menu->clear();
    const QStringList recent = RecentModels::list();
    for (const QString& path : recent) {
        QAction* action = menu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { loadRecent(path); });
    }
    if (recent.isEmpty())
        menu->addAction(tr("No model loaded yet"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("Choose a .gguf File…"), this, &ModelPanel::chooseGgufFile);
    menu->addAction(tr("Clear the list"), this, [] { RecentModels::clear(); })->setEnabled(!recent.isEmpty());
}

bool ModelPanel::isGuideVisible() const
{
    return !m_guide->isHidden();
}

void ModelPanel::updateGuide()
{
    // The guide is for someone without a model: nothing loaded and no existing folder or .gguf
    // file in the field.
    const QString path = m_folder->text().trimmed();
    m_guide->setVisible(!m_loaded && (path.isEmpty() || !QFileInfo::exists(path)));
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
    m_cpuFallback = state.isCpuFallback();
    recolour();
    m_guide->setDevice(state.device(), state.deviceMemoryBytes(), state.isCpuFallback());
    m_engineCanLoad = state.canLoadModel();
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
    m_loaded = summary != nullptr;
    updateGuide();
    if (!summary) {
        m_memory->setText(tr("Nothing loaded."));
        return;
    }
    RecentModels::add(summary->folder);
    QString text = tr("%1 MiB on the device: weights %2 MiB, context cache %3 MiB (%4 tokens)")
                       .arg(mib(summary->deviceBytes), mib(summary->weightBytes), mib(summary->cacheBytes))
                       .arg(summary->contextLength);
    text += QLatin1Char('\n') + tr("%1: %2, %n layer(s)", nullptr, summary->layers).arg(summary->name, summary->variant);
    if (summary->pleTableDeviceBytes > 0)
        text += QLatin1Char('\n') + tr("Per-layer embedding table on the device: %1 MiB of the weights").arg(mib(summary->pleTableDeviceBytes));
    else if (summary->pleTableInHost)
        text += QLatin1Char('\n') + tr("Per-layer embedding table in host memory: prompts start a little later");
    if (!summary->canEncodeText)
        text += QLatin1Char('\n') + tr("No tokenizer or chat template in the folder: text prompts cannot be used.");
    m_memory->setText(text);
}

void ModelPanel::setStatus(const QString& text, bool isError, bool busy)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_statusIsError = isError;
    recolour();
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

namespace gwb::ui {

void ModelPanel::recolour()
{
    // Only WindowText is set, so every other role still follows the theme.
    auto warn = [](QWidget* label, bool on) {
        QPalette palette;
        if (on)
            palette.setColor(QPalette::WindowText, AppTheme::errorColor());
        label->setPalette(palette);
    };
    warn(m_status, m_statusIsError);
    warn(m_device, m_cpuFallback);
}

void ModelPanel::changeEvent(QEvent* event)
{
    // The error colour depends on whether the theme is light or dark.
    if (event->type() == QEvent::PaletteChange && !m_recolouring) {
        m_recolouring = true;
        recolour();
        m_recolouring = false;
    }
    QWidget::changeEvent(event);
}

} // namespace gwb::ui
