#pragma once
// Writes an export to disk atomically: the bytes go to a temporary file in the target folder,
// which is renamed over the target only once it is complete (QSaveFile). A crash, a full disk or
// a quit in the middle leaves either the old file or the new one, never half of one.
#include "ui/export/ExportContent.h"
#include "ui/export/ExportFormat.h"

#include <QByteArray>
#include <QString>

namespace gwb::ui {

// Empty on success; otherwise a translated sentence naming the file and the reason.
QString writeFileAtomically(const QString& path, const QByteArray& bytes);
QString writeExport(const QString& path, ExportFormat format, const ExportContent& content);

} // namespace gwb::ui
