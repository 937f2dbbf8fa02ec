#include "ui/export/ExportFormat.h"

#include <QCoreApplication>

namespace gwb::ui {

QList<ExportFormat> allExportFormats()
{
    return {ExportFormat::Txt, ExportFormat::Markdown, ExportFormat::Json,
            ExportFormat::Srt, ExportFormat::Vtt, ExportFormat::AnnotatedPng};
}

QString exportExtension(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Txt: return QStringLiteral("txt");
    case ExportFormat::Markdown: return QStringLiteral("md");
    case ExportFormat::Json: return QStringLiteral("json");
    case ExportFormat::Srt: return QStringLiteral("srt");
    case ExportFormat::Vtt: return QStringLiteral("vtt");
    case ExportFormat::AnnotatedPng: return QStringLiteral("png");
    }
    return {};
}

QString exportFormatLabel(ExportFormat format)
{
    const char* context = "gwb::ui::ExportFormat";
    switch (format) {
    case ExportFormat::Txt: return QCoreApplication::translate(context, "Plain text (.txt)");
    case ExportFormat::Markdown: return QCoreApplication::translate(context, "Markdown (.md)");
    case ExportFormat::Json: return QCoreApplication::translate(context, "JSON (.json)");
    case ExportFormat::Srt: return QCoreApplication::translate(context, "SubRip subtitles (.srt)");
    case ExportFormat::Vtt: return QCoreApplication::translate(context, "WebVTT subtitles (.vtt)");
    case ExportFormat::AnnotatedPng: return QCoreApplication::translate(context, "Annotated image (.png)");
    }
    return {};
}

bool exportFormatFromKey(const QString& key, ExportFormat* format)
{
    for (ExportFormat candidate : allExportFormats()) {
        if (exportExtension(candidate).compare(key, Qt::CaseInsensitive) == 0) {
            *format = candidate;
            return true;
        }
    }
    return false;
}

} // namespace gwb::ui
