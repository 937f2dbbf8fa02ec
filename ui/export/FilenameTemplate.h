#pragma once
// Output file names from a template such as "{name}-{task}-{date}.{ext}". Fields:
//   {name}  the input file's name without its extension ("untitled" when there is none)
//   {task}  the task's key ("transcribe", "detect", ...)
//   {date}  yyyy-MM-dd     {time}  HH-mm-ss (no ':' — not allowed in Windows file names)
//   {ext}   the export format's extension     {index}  the batch position, 001, 002, ...
// Characters that cannot appear in a file name are replaced by '_' in field values. A template
// that names a folder ('/' or '\'), names an unknown field, or expands to nothing is refused with a
// message saying what to change. When the result does not end with ".{ext}", it is appended, so
// that a file always opens with the right program.
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace gwb::ui {

struct FilenameFields {
    QString name;
    QString task;
    QString ext;
    QDateTime when;
    int index = 0;
};

struct FilenameResult {
    QString fileName;  // empty when the template was refused
    QString error;     // translated; empty on success
    bool ok() const { return error.isEmpty(); }
};

inline constexpr const char* kDefaultFilenameTemplate = "{name}-{task}.{ext}";

FilenameResult expandFilenameTemplate(const QString& pattern, const FilenameFields& fields);
// The field names a template may use, with braces ("{name}", ...).
QStringList filenameTemplateFields();
// `text` with characters that are not allowed in file names (and control characters) replaced.
QString safeFileNamePart(const QString& text);

} // namespace gwb::ui
