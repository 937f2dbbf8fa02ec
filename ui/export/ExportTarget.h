#pragma once
// Where an export goes: the export folder (or, when none is set, the input file's folder) joined
// with the file name the template makes. Also the two settings the Export dialog remembers
// (template and format); the export folder itself is AppSettings::exportFolder.
#include "ui/export/ExportFormat.h"
#include "ui/export/FilenameTemplate.h"

#include <QString>

namespace gwb::ui {

struct ExportTarget {
    QString path;   // absolute file path; empty on error
    QString error;  // translated
    bool ok() const { return error.isEmpty(); }
};

// `folder` empty: next to `source`; both empty: refused (pasted media has no folder).
ExportTarget exportTargetPath(const QString& folder, const QString& pattern, const QString& source,
                              const QString& task, ExportFormat format, const QDateTime& when = {}, int index = 0);

QString savedFilenameTemplate();
void saveFilenameTemplate(const QString& pattern);
ExportFormat savedExportFormat(ExportFormat fallback);
void saveExportFormat(ExportFormat format);

} // namespace gwb::ui
