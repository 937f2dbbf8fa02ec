#pragma once
// Export dialog: format (those the result cannot be written as are disabled, with the reason),
// folder (empty: next to the input file), file name template, and a live preview of the path.
#include "ui/export/ExportContent.h"
#include "ui/export/ExportFormat.h"

#include <QDateTime>
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace gwb::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const ExportContent& content, const QString& folder, const QString& pattern,
                 QWidget* parent = nullptr);

    ExportFormat format() const;
    void setFormat(ExportFormat format);
    QString folder() const;
    void setFolder(const QString& folder);
    QString filenameTemplate() const;
    void setFilenameTemplate(const QString& pattern);
    // The file the export will be written to; empty while the choices are not usable.
    QString targetPath() const { return m_target; }
    QString problem() const { return m_problem; }

private:
    void updatePreview();

    ExportContent m_content;
    QDateTime m_when;
    QComboBox* m_format;
    QLineEdit* m_folder;
    QLineEdit* m_template;
    QLabel* m_preview;
    QDialogButtonBox* m_buttons;
    QString m_target;
    QString m_problem;
};

} // namespace gwb::ui
