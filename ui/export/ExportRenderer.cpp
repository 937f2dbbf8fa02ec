#include "ui/export/ExportRenderer.h"

#include "inference/text/Subtitles.h"
#include "ui/export/AnnotatedImage.h"
#include "ui/export/DetectionJson.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <stdexcept>
#include <vector>

namespace gwb::ui {

namespace {

std::vector<text::TimedSegment> toTimed(const Transcript& segments)
{
    std::vector<text::TimedSegment> out;
    out.reserve(std::size_t(segments.size()));
    for (const TranscriptSegment& s : segments)
        out.push_back({s.start, s.end, s.text.toStdString()});
    return out;
}

QByteArray fromStd(const std::string& s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

QString clock(double seconds)
{
    const qint64 ms = qint64(seconds * 1000.0 + 0.5);
    return QStringLiteral("%1:%2.%3")
        .arg(ms / 60000, 2, 10, QLatin1Char('0'))
        .arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QString coordinates(const DetectedItem& item)
{
    if (item.hasBox) {
        const QRectF b = item.box.normalized();
        return QStringLiteral("[%1, %2, %3, %4]").arg(b.left()).arg(b.top()).arg(b.right()).arg(b.bottom());
    }
    return QStringLiteral("(%1, %2)").arg(item.point.x()).arg(item.point.y());
}

QByteArray plainText(const ExportContent& content)
{
    if (!content.segments.isEmpty())
        return fromStd(text::toPlainText(toTimed(content.segments)));
    if (!content.objects.isEmpty()) {
        QString out;
        for (const DetectedItem& item : content.objects)
            out += item.label + QLatin1Char('\t') + coordinates(item) + QLatin1Char('\n');
        return out.toUtf8();
    }
    QString out = content.text;
    if (!out.endsWith(QLatin1Char('\n')))
        out += QLatin1Char('\n');
    return out.toUtf8();
}

QByteArray markdown(const ExportContent& content)
{
    const QString name = content.source.isEmpty() ? QCoreApplication::translate("gwb::ui::ExportRenderer", "Result")
                                                  : QFileInfo(content.source).fileName();
    QString out = QStringLiteral("# %1 — %2\n\n").arg(name, content.task);
    if (!content.segments.isEmpty()) {
        for (const TranscriptSegment& s : content.segments) {
            QString line = s.text.simplified();
            out += QStringLiteral("- **%1–%2** %3\n").arg(clock(s.start), clock(s.end), line);
        }
    } else if (!content.objects.isEmpty()) {
        out += QStringLiteral("| %1 | %2 |\n|---|---|\n")
                   .arg(QCoreApplication::translate("gwb::ui::ExportRenderer", "label"),
                        QCoreApplication::translate("gwb::ui::ExportRenderer", "pixels"));
        for (const DetectedItem& item : content.objects) {
            QString label = item.label;
            label.replace(QLatin1Char('|'), QStringLiteral("\\|"));
            out += QStringLiteral("| %1 | %2 |\n").arg(label, coordinates(item));
        }
    } else {
        // The model's answer is Markdown already (OCR, captions with lists).
        out += content.text.trimmed() + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QByteArray json(const ExportContent& content)
{
    QJsonObject root;
    root.insert(QStringLiteral("source"), content.source.isEmpty() ? QString() : QFileInfo(content.source).fileName());
    root.insert(QStringLiteral("task"), content.task);
    root.insert(QStringLiteral("text"), content.text);
    if (!content.segments.isEmpty()) {
        QJsonArray segments;
        for (const TranscriptSegment& s : content.segments)
            segments.append(QJsonObject{{QStringLiteral("start"), s.start}, {QStringLiteral("end"), s.end},
                                        {QStringLiteral("text"), s.text}});
        root.insert(QStringLiteral("segments"), segments);
    }
    if (!content.objects.isEmpty())
        root.insert(QStringLiteral("objects"), detectionsToJson(content.objects));
    if (!content.image.isNull())
        root.insert(QStringLiteral("image"), QJsonObject{{QStringLiteral("width"), content.image.width()},
                                                         {QStringLiteral("height"), content.image.height()}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace

QString exportUnavailableReason(ExportFormat format, const ExportContent& content)
{
    const char* context = "gwb::ui::ExportRenderer";
    switch (format) {
    case ExportFormat::Srt:
    case ExportFormat::Vtt:
        if (content.segments.isEmpty())
            return QCoreApplication::translate(context, "Subtitles need a transcript with times; run Transcribe or Translate on audio first.");
        return {};
    case ExportFormat::AnnotatedPng:
        if (content.image.isNull())
            return QCoreApplication::translate(context, "An annotated image needs an image; open one and run Detect or Point first.");
        return {};
    case ExportFormat::Txt:
    case ExportFormat::Markdown:
    case ExportFormat::Json:
        if (content.text.trimmed().isEmpty() && content.segments.isEmpty() && content.objects.isEmpty())
            return QCoreApplication::translate(context, "There is no result to export yet; run a task first.");
        return {};
    }
    return {};
}

ExportFormat preferredExportFormat(const ExportContent& content)
{
    if (!content.segments.isEmpty())
        return ExportFormat::Srt;
    if (!content.objects.isEmpty())
        return ExportFormat::Json;
    return ExportFormat::Txt;
}

RenderedExport renderExport(ExportFormat format, const ExportContent& content)
{
    RenderedExport out;
    out.error = exportUnavailableReason(format, content);
    if (!out.ok())
        return out;
    try {
        switch (format) {
        case ExportFormat::Txt: out.bytes = plainText(content); break;
        case ExportFormat::Markdown: out.bytes = markdown(content); break;
        case ExportFormat::Json: out.bytes = json(content); break;
        case ExportFormat::Srt: out.bytes = fromStd(text::toSrt(toTimed(content.segments))); break;
        case ExportFormat::Vtt: out.bytes = fromStd(text::toVtt(toTimed(content.segments))); break;
        case ExportFormat::AnnotatedPng: {
            const QImage annotated = annotateImage(
                content.image, content.objects,
                content.labelColours ? content.labelColours : defaultLabelColours(content.objects));
            QBuffer buffer(&out.bytes);
            buffer.open(QIODevice::WriteOnly);
            if (!annotated.save(&buffer, "PNG"))
                out.error = QCoreApplication::translate("gwb::ui::ExportRenderer", "The annotated image could not be encoded as PNG.");
            break;
        }
        }
    } catch (const std::invalid_argument& e) {
        // The subtitle writers refuse impossible times (negative, end before start).
        out.bytes.clear();
        out.error = QCoreApplication::translate("gwb::ui::ExportRenderer", "The transcript cannot be written as subtitles: %1")
                        .arg(QString::fromUtf8(e.what()));
    }
    return out;
}

} // namespace gwb::ui
