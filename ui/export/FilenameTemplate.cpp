#include "ui/export/FilenameTemplate.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

namespace gwb::ui {

QStringList filenameTemplateFields()
{
    return {QStringLiteral("{name}"), QStringLiteral("{task}"), QStringLiteral("{date}"),
            QStringLiteral("{time}"), QStringLiteral("{ext}"), QStringLiteral("{index}")};
}

QString safeFileNamePart(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const bool forbidden = c.unicode() < 0x20 || QStringLiteral("/\\:*?\"<>|").contains(c);
        out += forbidden ? QLatin1Char('_') : c;
    }
    return out;
}

FilenameResult expandFilenameTemplate(const QString& pattern, const FilenameFields& fields)
{
    FilenameResult result;
    if (pattern.contains(QLatin1Char('/')) || pattern.contains(QLatin1Char('\\'))) {
        result.error = QCoreApplication::translate("gwb::ui::FilenameTemplate", "The file name template names a folder; remove '/' and '\\' (choose the folder separately).");
        return result;
    }
    const QString name = fields.name.isEmpty() ? QStringLiteral("untitled") : fields.name;
    const QDateTime when = fields.when.isValid() ? fields.when : QDateTime::currentDateTime();
    static const QRegularExpression field(QStringLiteral("\\{([^{}]*)\\}"));
    QString out;
    qsizetype last = 0;
    for (auto it = field.globalMatch(pattern); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += pattern.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString key = m.captured(1).trimmed().toLower();
        QString value;
        if (key == QLatin1String("name"))
            value = name;
        else if (key == QLatin1String("task"))
            value = fields.task.isEmpty() ? QStringLiteral("result") : fields.task;
        else if (key == QLatin1String("date"))
            value = when.toString(QStringLiteral("yyyy-MM-dd"));
        else if (key == QLatin1String("time"))
            value = when.toString(QStringLiteral("HH-mm-ss"));
        else if (key == QLatin1String("ext"))
            value = fields.ext;
        else if (key == QLatin1String("index"))
            value = QStringLiteral("%1").arg(fields.index, 3, 10, QLatin1Char('0'));
        else {
            result.error = QCoreApplication::translate("gwb::ui::FilenameTemplate", "The file name template uses an unknown field %1; the fields are %2.")
                               .arg(m.captured(0), filenameTemplateFields().join(QStringLiteral(", ")));
            return result;
        }
        out += safeFileNamePart(value);
    }
    out += pattern.mid(last);
    out = out.trimmed();
    if (!fields.ext.isEmpty() && !out.endsWith(QLatin1Char('.') + fields.ext, Qt::CaseInsensitive)) {
        while (out.endsWith(QLatin1Char('.')))
            out.chop(1);
        out += QLatin1Char('.') + fields.ext;
    }
    if (out.isEmpty() || out.startsWith(QLatin1Char('.')) || out == QLatin1String("..")) {
        result.error = QCoreApplication::translate("gwb::ui::FilenameTemplate", "The file name template gives an empty file name; use e.g. %1.")
                           .arg(QLatin1String(kDefaultFilenameTemplate));
        return result;
    }
    result.fileName = out;
    return result;
}

} // namespace gwb::ui
