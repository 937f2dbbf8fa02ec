#pragma once
// Turns an ExportContent into the bytes of one export format. Subtitles and the transcript's plain
// text come from the engine's writers (inference/text/Subtitles), so the GUI and the CLI write the
// same files. What a format needs and the content lacks (SRT without segments, PNG without an
// image) is refused with a readable reason instead of writing an empty file.
#include "ui/export/ExportContent.h"
#include "ui/export/ExportFormat.h"

#include <QByteArray>
#include <QString>

namespace gwb::ui {

struct RenderedExport {
    QByteArray bytes;
    QString error;  // translated; empty on success
    bool ok() const { return error.isEmpty(); }
};

// Why `content` cannot be written as `format`; empty when it can.
QString exportUnavailableReason(ExportFormat format, const ExportContent& content);
// The format a result is best kept in: SRT for a transcript, JSON for detections, an annotated
// PNG never (it loses the numbers), TXT otherwise.
ExportFormat preferredExportFormat(const ExportContent& content);
RenderedExport renderExport(ExportFormat format, const ExportContent& content);

} // namespace gwb::ui
