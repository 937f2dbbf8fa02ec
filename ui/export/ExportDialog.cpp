#include "ui/export/ExportDialog.h"

#include "ui/export/ExportRenderer.h"
#include "ui/export/ExportTarget.h"
#include "ui/export/FilenameTemplate.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace gwb::ui {

ExportDialog::ExportDialog(const ExportContent& content, const QString& folder, const QString& pattern, QWidget* parent)
    : QDialog(parent), m_content(content), m_when(QDateTime::currentDateTime()), m_format(new QComboBox(this)),
      m_folder(new QLineEdit(this)), m_template(new QLineEdit(this)), m_preview(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Export Result"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    m_template->setObjectName(QStringLiteral("exportTemplate"));

    for (ExportFormat format : allExportFormats()) {
        m_format->addItem(exportFormatLabel(format), int(format));
        const QString reason = exportUnavailableReason(format, m_content);
        if (!reason.isEmpty()) {
            auto* model = qobject_cast<QStandardItemModel*>(m_format->model());
            QStandardItem* item = model->item(m_format->count() - 1);
            item->setEnabled(false);
            item->setToolTip(reason);
        }
    }

    m_folder->setPlaceholderText(tr("Next to the input file"));
    m_folder->setClearButtonEnabled(true);
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(this, tr("Export Folder"), m_folder->text());
        if (!chosen.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(chosen));
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    m_template->setToolTip(tr("Fields: %1").arg(filenameTemplateFields().join(QStringLiteral(" "))));
    auto* fields = new QLabel(tr("Fields: %1").arg(filenameTemplateFields().join(QStringLiteral(" "))), this);
    fields->setEnabled(false);
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("F&older:"), folderRow);
    form->addRow(tr("File &name:"), m_template);
    form->addRow(QString(), fields);
    form->addRow(tr("Saves as:"), m_preview);

    QPushButton* exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    m_folder->setText(folder);
    m_template->setText(pattern.isEmpty() ? QString::fromLatin1(kDefaultFilenameTemplate) : pattern);
    setFormat(preferredExportFormat(m_content));
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updatePreview);
    connect(m_folder, &QLineEdit::textChanged, this, &ExportDialog::updatePreview);
    connect(m_template, &QLineEdit::textChanged, this, &ExportDialog::updatePreview);
    updatePreview();
    resize(560, sizeHint().height());
}

ExportFormat ExportDialog::format() const
{
    return ExportFormat(m_format->currentData().toInt());
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QString ExportDialog::folder() const
{
    return QDir::fromNativeSeparators(m_folder->text().trimmed());
}

void ExportDialog::setFolder(const QString& folder)
{
    m_folder->setText(folder);
}

QString ExportDialog::filenameTemplate() const
{
    return m_template->text().trimmed();
}

void ExportDialog::setFilenameTemplate(const QString& pattern)
{
    m_template->setText(pattern);
}

void ExportDialog::updatePreview()
{
    m_problem = exportUnavailableReason(format(), m_content);
    m_target.clear();
    if (m_problem.isEmpty()) {
        const ExportTarget target = exportTargetPath(folder(), filenameTemplate(), m_content.source, m_content.task,
                                                     format(), m_when);
        m_problem = target.error;
        m_target = target.path;
    }
    if (m_problem.isEmpty()) {
        m_preview->setText(QDir::toNativeSeparators(m_target));
        m_preview->setStyleSheet(QString());
    } else {
        m_preview->setText(m_problem);
        m_preview->setStyleSheet(QStringLiteral("color: #d9363e")); // readable on light and dark
    }
    for (QAbstractButton* button : m_buttons->buttons()) {
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(m_problem.isEmpty());
    }
}

} // namespace gwb::ui
