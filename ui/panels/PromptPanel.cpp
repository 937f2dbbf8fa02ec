#include "ui/panels/PromptPanel.h"

#include "ui/engine/EngineState.h"
#include "ui/widgets/CollapsibleSection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace gwb::ui {

namespace {
constexpr int kTaskRole = Qt::UserRole + 1;
constexpr int kPathRole = Qt::UserRole + 2;
constexpr int kKindRole = Qt::UserRole + 3;
// Gemma 4's vision encoder takes these soft-token budgets per image; 280 is the model card's
// default trade-off between detail and speed.
constexpr int kBudgets[] = {70, 140, 280, 560, 1120};
constexpr int kDefaultBudget = 280;

QString groupTitle(MediaKind kind)
{
    switch (kind) {
    case MediaKind::Image: return PromptPanel::tr("Image");
    case MediaKind::Audio: return PromptPanel::tr("Audio");
    case MediaKind::Video: return PromptPanel::tr("Video");
    case MediaKind::Unknown: break;
    }
    return PromptPanel::tr("Any");
}

// A small coloured badge with the kind's initial: the media list is scanned at a glance, and the
// style's stock icons have nothing that reads as "image" or "audio".
QIcon badgeFor(MediaKind kind)
{
    QColor colour(0x80, 0x80, 0x80);
    switch (kind) {
    case MediaKind::Image: colour = QColor(0x43, 0x63, 0xd8); break;
    case MediaKind::Audio: colour = QColor(0x3c, 0xb4, 0x4b); break;
    case MediaKind::Video: colour = QColor(0xf5, 0x82, 0x31); break;
    case MediaKind::Unknown: break;
    }
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawRoundedRect(QRectF(2, 2, 28, 28), 7, 7);
    QFont font = painter.font();
    font.setPixelSize(18);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(pixmap.rect(), Qt::AlignCenter, mediaKindName(kind).left(1).toUpper());
    return QIcon(pixmap);
}
} // namespace

PromptPanel::PromptPanel(QWidget* parent)
    : QWidget(parent), m_taskPicker(new QComboBox(this)), m_prompt(new QPlainTextEdit(this)),
      m_media(new QListWidget(this)), m_budget(new QComboBox(this)),
      m_maxTokens(new QSpinBox(this)), m_temperature(new QDoubleSpinBox(this)),
      m_thinking(new QCheckBox(tr("Let the model think first"), this)),
      m_system(new QLineEdit(this)), m_topK(new QSpinBox(this)), m_topP(new QDoubleSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_run(new QPushButton(tr("Run"), this)), m_stop(new QPushButton(tr("Stop"), this))
{
    m_taskPicker->setObjectName(QStringLiteral("taskPicker"));
    fillTaskPicker();
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMinimumHeight(70);

    auto* taskRow = new QFormLayout;
    taskRow->setContentsMargins(0, 0, 0, 0);
    taskRow->addRow(tr("&Task:"), m_taskPicker);

    m_run->setDefault(true);
    m_run->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stop->setEnabled(false);
    m_stop->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stop->setToolTip(tr("Stop the running request (Esc)"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_run);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(taskRow);
    layout->addWidget(m_prompt, 2);
    layout->addWidget(buildMediaList(), 1);
    layout->addWidget(buildOptions());
    layout->addWidget(buildMoreOptions());
    layout->addLayout(buttons);

    connect(m_taskPicker, &QComboBox::currentIndexChanged, this, &PromptPanel::onTaskIndexChanged);
    // Run follows the prompt text and the media list. The Run button is the context: children are
    // destroyed one by one, and the media list still signals a reset after the button is gone.
    const auto update = [this] { updateRunButton(); };
    connect(m_prompt, &QPlainTextEdit::textChanged, m_run, update);
    connect(m_media->model(), &QAbstractItemModel::rowsInserted, m_run, update);
    connect(m_media->model(), &QAbstractItemModel::rowsRemoved, m_run, update);
    connect(m_media->model(), &QAbstractItemModel::modelReset, m_run, update);
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (runBlockedReason().isEmpty())
            emit runRequested();
    });
    connect(m_stop, &QPushButton::clicked, this, &PromptPanel::stopRequested);
    setEngineState(EngineState());
    onTaskIndexChanged();
}

void PromptPanel::fillTaskPicker()
{
    auto* model = new QStandardItemModel(m_taskPicker);
    MediaKind group = MediaKind::Unknown;
    bool first = true;
    for (const TaskInfo& task : TaskCatalog::all()) {
        if (first || task.media != group) {
            // A disabled, bold header row per media kind keeps the 13 tasks easy to scan.
            auto* header = new QStandardItem(groupTitle(task.media));
            header->setFlags(Qt::NoItemFlags);
            QFont bold = header->font();
            bold.setBold(true);
            header->setFont(bold);
            model->appendRow(header);
            group = task.media;
            first = false;
        }
        auto* item = new QStandardItem(QStringLiteral("   ") + TaskCatalog::label(task.id));
        item->setData(int(task.id), kTaskRole);
        model->appendRow(item);
    }
    m_taskPicker->setModel(model);
    updateTaskAvailability();
    // Text is what the engine runs today; a dropped file picks its own task (MediaIntake).
    setTask(TaskId::FreePrompt);
}

void PromptPanel::updateTaskAvailability()
{
    auto* model = qobject_cast<QStandardItemModel*>(m_taskPicker->model());
    const QString reason = EngineState::mediaUnavailableReason();
    for (int row = 0; row < model->rowCount(); ++row) {
        QStandardItem* item = model->item(row);
        const QVariant id = item->data(kTaskRole);
        if (!id.isValid())
            continue; // a group header
        // Media tasks run once a model is loaded.
        const MediaKind media = TaskCatalog::info(TaskId(id.toInt())).media;
        const bool available = media == MediaKind::Unknown || m_mediaInput;
        item->setFlags(available ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags);
        item->setToolTip(available ? QString() : reason);
    }
}

QWidget* PromptPanel::buildMediaList()
{
    auto* box = new QGroupBox(tr("Media"), this);
    m_media->setAlternatingRowColors(true);
    m_media->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_media->setToolTip(tr("Files given to the model, in this order. Drop more anywhere."));
    auto* remove = new QToolButton(box);
    remove->setText(tr("Remove"));
    remove->setToolTip(tr("Remove the selected files from the request"));
    auto* clear = new QToolButton(box);
    clear->setText(tr("Clear"));
    connect(remove, &QToolButton::clicked, m_media, [this] { qDeleteAll(m_media->selectedItems()); });
    connect(clear, &QToolButton::clicked, m_media, &QListWidget::clear);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(remove);
    row->addWidget(clear);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_media);
    layout->addLayout(row);
    return box;
}

QWidget* PromptPanel::buildOptions()
{
    auto* box = new QGroupBox(tr("Options"), this);
    for (int budget : kBudgets)
        m_budget->addItem(tr("%1 tokens").arg(budget), budget);
    m_budget->setCurrentIndex(m_budget->findData(kDefaultBudget));
    m_budget->setToolTip(tr("Soft tokens per image: more tokens read small text better but run slower"));

    m_budget->setObjectName(QStringLiteral("imageBudget"));
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_maxTokens->setRange(16, 32768);
    m_maxTokens->setSingleStep(128);
    m_maxTokens->setValue(1024);
    m_maxTokens->setToolTip(tr("The answer stops after this many tokens"));

    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(0.0);
    m_temperature->setSpecialValueText(tr("0 (greedy)"));
    m_temperature->setToolTip(tr("0 gives the same answer every time; higher values vary more"));

    auto* form = new QFormLayout(box);
    form->setContentsMargins(6, 6, 6, 6);
    form->addRow(tr("Image budget:"), m_budget);
    form->addRow(tr("Max answer tokens:"), m_maxTokens);
    form->addRow(tr("Temperature:"), m_temperature);
    form->addRow(QString(), m_thinking);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, [this](double t) {
        m_topK->setEnabled(t > 0.0);
        m_topP->setEnabled(t > 0.0);
        m_seed->setEnabled(t > 0.0);
    });
    return box;
}

QWidget* PromptPanel::buildMoreOptions()
{
    auto* content = new QWidget(this);
    m_system->setPlaceholderText(tr("Optional: instructions for the model"));
    m_system->setClearButtonEnabled(true);
    m_system->setToolTip(tr("Sent as the system turn before your prompt"));

    // The lowest value of each box stands for "use the model's generation_config.json".
    m_topK->setRange(-1, 1000);
    m_topK->setValue(-1);
    m_topK->setSpecialValueText(tr("model default"));
    m_topK->setToolTip(tr("Sample only from the k most likely tokens (0: no limit)"));
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(2);
    m_topP->setValue(0.0);
    m_topP->setSpecialValueText(tr("model default"));
    m_topP->setToolTip(tr("Sample only from the most likely tokens that together reach this probability"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("The same seed and settings give the same answer"));
    for (QWidget* w : {static_cast<QWidget*>(m_topK), static_cast<QWidget*>(m_topP), static_cast<QWidget*>(m_seed)}) {
        w->setEnabled(false); // sampling settings only matter above temperature 0
    }

    auto* form = new QFormLayout(content);
    form->setContentsMargins(6, 0, 6, 6);
    form->addRow(tr("System prompt:"), m_system);
    form->addRow(tr("Top-k:"), m_topK);
    form->addRow(tr("Top-p:"), m_topP);
    form->addRow(tr("Seed:"), m_seed);
    m_more = new CollapsibleSection(tr("More options"), content, this);
    return m_more;
}

TaskId PromptPanel::task() const
{
    const QVariant value = m_taskPicker->currentData(kTaskRole);
    return value.isValid() ? TaskId(value.toInt()) : TaskId::FreePrompt;
}

void PromptPanel::setTask(TaskId id)
{
    const int index = m_taskPicker->findData(int(id), kTaskRole);
    if (index >= 0)
        m_taskPicker->setCurrentIndex(index);
}

void PromptPanel::onTaskIndexChanged()
{
    const TaskId id = task();
    m_prompt->setPlaceholderText(TaskCatalog::promptHint(id));
    updateRunButton();
    emit taskChanged(id);
}

QString PromptPanel::promptText() const
{
    return m_prompt->toPlainText();
}

void PromptPanel::setPromptText(const QString& text)
{
    m_prompt->setPlainText(text);
}

void PromptPanel::addMedia(const QString& label, const QString& path, MediaKind kind)
{
    if (!path.isEmpty()) {
        for (int row = 0; row < m_media->count(); ++row) {
            if (m_media->item(row)->data(kPathRole).toString() == path)
                return;
        }
    }
    auto* item = new QListWidgetItem(badgeFor(kind), label, m_media);
    item->setData(kPathRole, path);
    item->setData(kKindRole, int(kind));
    item->setToolTip(path.isEmpty() ? label : path);
}

QString PromptPanel::firstMediaPath(MediaKind kind) const
{
    for (int row = 0; row < m_media->count(); ++row) {
        const QListWidgetItem* item = m_media->item(row);
        const QString path = item->data(kPathRole).toString();
        if (!path.isEmpty() && MediaKind(item->data(kKindRole).toInt()) == kind)
            return path;
    }
    return {};
}

int PromptPanel::mediaCount() const
{
    return m_media->count();
}

QString PromptPanel::mediaLabel(int row) const
{
    const QListWidgetItem* item = m_media->item(row);
    return item ? item->text() : QString();
}

int PromptPanel::imageTokenBudget() const
{
    return m_budget->currentData().toInt();
}

int PromptPanel::maxNewTokens() const
{
    return m_maxTokens->value();
}

double PromptPanel::temperature() const
{
    return m_temperature->value();
}

bool PromptPanel::thinkingEnabled() const
{
    return m_thinking->isChecked();
}

QString PromptPanel::systemPrompt() const
{
    return m_system->text();
}

int PromptPanel::topK() const
{
    return m_topK->value();
}

double PromptPanel::topP() const
{
    return m_topP->value() <= 0.0 ? -1.0 : m_topP->value();
}

quint64 PromptPanel::seed() const
{
    return quint64(m_seed->value());
}

void PromptPanel::setEngineState(const EngineState& state)
{
    m_engineCanRun = state.canRun();
    m_engineBlockedReason = state.runBlockedReason();
    if (m_mediaInput != state.hasMediaInput()) {
        m_mediaInput = state.hasMediaInput();
        updateTaskAvailability();
    }
    m_stop->setEnabled(state.phase() == EngineState::Phase::Busy);
    updateRunButton();
}

QString PromptPanel::runBlockedReason() const
{
    if (!m_engineCanRun)
        return m_engineBlockedReason;
    const TaskInfo& info = TaskCatalog::info(task());
    if (!m_mediaInput && (info.media != MediaKind::Unknown || mediaCount() > 0))
        return EngineState::mediaUnavailableReason();
    if (info.media == MediaKind::Image && firstMediaPath(MediaKind::Image).isEmpty())
        return tr("Add an image file first (drop one anywhere).");
    if (info.media == MediaKind::Audio && firstMediaPath(MediaKind::Audio).isEmpty())
        return tr("Add an audio file first (drop one anywhere).");
    if (info.media == MediaKind::Video && firstMediaPath(MediaKind::Video).isEmpty())
        return tr("Add a video file first (drop one anywhere).");
    if (info.promptRequired && promptText().trimmed().isEmpty())
        return tr("Write a prompt first.");
    return {};
}

void PromptPanel::updateRunButton()
{
    const QString reason = runBlockedReason();
    m_run->setEnabled(reason.isEmpty());
    m_run->setToolTip(reason.isEmpty() ? tr("Run the task (Ctrl+Return)") : reason);
}

} // namespace gwb::ui

namespace gwb::ui {

void PromptPanel::setGenerationDefaults(int imageBudget, int maxNewTokens, double temperature, int topK, double topP)
{
    const int budget = m_budget->findData(imageBudget);
    if (budget >= 0)
        m_budget->setCurrentIndex(budget);
    m_maxTokens->setValue(maxNewTokens);
    m_temperature->setValue(temperature);
    m_topK->setValue(topK);
    m_topP->setValue(topP);
}

} // namespace gwb::ui
