#pragma once
// The file formats a result can be exported to, with their file extensions and labels.
#include <QList>
#include <QString>

namespace gwb::ui {

enum class ExportFormat { Txt, Markdown, Json, Srt, Vtt, AnnotatedPng };

QList<ExportFormat> allExportFormats();
// "txt", "md", "json", "srt", "vtt", "png" (no dot).
QString exportExtension(ExportFormat format);
// A translated label for menus and the dialog ("SubRip subtitles (.srt)").
QString exportFormatLabel(ExportFormat format);
// The format a stable key names ("srt", "png", ...); false when the key names none.
bool exportFormatFromKey(const QString& key, ExportFormat* format);

} // namespace gwb::ui
