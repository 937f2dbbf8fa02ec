#include "ui/dialogs/SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace gwb::ui {

namespace {
QLabel* note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}
} // namespace

SettingsDialog::SettingsDialog(const AppSettings& settings, const QStringList& devices, QWidget* parent)
    : QDialog(parent), m_device(new QComboBox(this)), m_budget(new QComboBox(this)),
      m_maxTokens(new QSpinBox(this)), m_temperature(new QDoubleSpinBox(this)),
      m_topK(new QSpinBox(this)), m_topP(new QDoubleSpinBox(this)),
      m_exportFolder(new QLineEdit(this)), m_language(new QComboBox(this)), m_theme(new QComboBox(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setSettings(AppSettings()); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildEngineGroup(devices));
    layout->addWidget(buildDefaultsGroup());
    layout->addWidget(buildAppearanceGroup());
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    setSettings(settings);
}

QWidget* SettingsDialog::buildEngineGroup(const QStringList& devices)
{
    auto* box = new QGroupBox(tr("Engine"), this);
    m_device->setObjectName(QStringLiteral("deviceSetting"));
    m_device->setEditable(true);
    m_device->addItem(tr("Automatic (the best GPU; the CPU only when there is none)"), QString());
    // By index: the engine's own numbering (gemma-workbench-cli devices), exact even when two
    // devices share a name.
    for (int i = 0; i < devices.size(); ++i)
        m_device->addItem(QStringLiteral("%1: %2").arg(i).arg(devices[i]), QString::number(i));
    m_device->setToolTip(tr("A device index (0, 1, …) or part of its name, as listed by "
                            "“gemma-workbench-cli devices”"));

    m_exportFolder->setObjectName(QStringLiteral("exportFolderSetting"));
    m_exportFolder->setPlaceholderText(tr("Next to each input file"));
    m_exportFolder->setClearButtonEnabled(true);
    auto* browse = new QToolButton(box);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export Folder"), m_exportFolder->text());
        if (!folder.isEmpty())
            m_exportFolder->setText(folder);
    });
    auto* exportRow = new QHBoxLayout;
    exportRow->addWidget(m_exportFolder, 1);
    exportRow->addWidget(browse);

    auto* form = new QFormLayout(box);
    form->addRow(tr("&Device:"), m_device);
    form->addRow(QString(), note(tr("The device is opened when the app starts: a change applies after a restart."), box));
    form->addRow(tr("&Export folder:"), exportRow);
    return box;
}

QWidget* SettingsDialog::buildDefaultsGroup()
{
    auto* box = new QGroupBox(tr("Defaults for new requests"), this);
    m_budget->setObjectName(QStringLiteral("imageBudgetSetting"));
    for (int budget : AppSettings::imageBudgets())
        m_budget->addItem(tr("%1 tokens").arg(budget), budget);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSetting"));
    m_maxTokens->setRange(16, 32768);
    m_maxTokens->setSingleStep(128);
    m_temperature->setObjectName(QStringLiteral("temperatureSetting"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setSpecialValueText(tr("0 (greedy)"));
    m_topK->setObjectName(QStringLiteral("topKSetting"));
    m_topK->setRange(-1, 1000);
    m_topK->setSpecialValueText(tr("model default"));
    m_topP->setObjectName(QStringLiteral("topPSetting"));
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(2);
    m_topP->setSpecialValueText(tr("model default"));

    auto* form = new QFormLayout(box);
    form->addRow(tr("&Image budget:"), m_budget);
    form->addRow(tr("&Max new tokens:"), m_maxTokens);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Top-&k:"), m_topK);
    form->addRow(tr("Top-&p:"), m_topP);
    form->addRow(QString(), note(tr("OK sets these in the Prompt panel now; new windows start with them."), box));
    return box;
}

QWidget* SettingsDialog::buildAppearanceGroup()
{
    auto* box = new QGroupBox(tr("Appearance"), this);
    m_language->setObjectName(QStringLiteral("languageSetting"));
    // Language names in their own language, so that anyone can find theirs.
    m_language->addItem(tr("The system's language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
    m_theme->setObjectName(QStringLiteral("themeSetting"));
    m_theme->addItem(tr("Follow the system"), AppSettings::themeKey(ThemeChoice::System));
    m_theme->addItem(tr("Light"), AppSettings::themeKey(ThemeChoice::Light));
    m_theme->addItem(tr("Dark"), AppSettings::themeKey(ThemeChoice::Dark));

    auto* form = new QFormLayout(box);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), note(tr("The language changes after a restart."), box));
    form->addRow(tr("T&heme:"), m_theme);
    form->addRow(QString(), note(tr("The theme changes at once."), box));
    return box;
}

void SettingsDialog::setSettings(const AppSettings& s)
{
    const int device = m_device->findData(s.device);
    if (device >= 0)
        m_device->setCurrentIndex(device);
    else
        m_device->setEditText(s.device);
    m_budget->setCurrentIndex(std::max(0, m_budget->findData(s.imageBudget)));
    m_maxTokens->setValue(s.maxNewTokens);
    m_temperature->setValue(s.temperature);
    m_topK->setValue(s.topK);
    m_topP->setValue(s.topP);
    m_exportFolder->setText(s.exportFolder);
    m_language->setCurrentIndex(std::max(0, m_language->findData(s.language)));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(AppSettings::themeKey(s.theme))));
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s;
    // An item picked from the list carries its value; typed text is taken as it is.
    const int index = m_device->findText(m_device->currentText());
    s.device = index >= 0 ? m_device->itemData(index).toString() : m_device->currentText().trimmed();
    s.imageBudget = m_budget->currentData().toInt();
    s.maxNewTokens = m_maxTokens->value();
    s.temperature = m_temperature->value();
    s.topK = m_topK->value();
    s.topP = m_topP->value();
    s.exportFolder = m_exportFolder->text().trimmed();
    s.language = m_language->currentData().toString();
    s.theme = AppSettings::themeFromKey(m_theme->currentData().toString());
    return s;
}

} // namespace gwb::ui
