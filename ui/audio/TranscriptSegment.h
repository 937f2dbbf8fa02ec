#pragma once
// One timed piece of a transcript as the GUI keeps it: times in seconds from the start of the
// file, and the text the user may have edited before export.
#include <QList>
#include <QMetaType>
#include <QString>

namespace gwb::ui {

struct TranscriptSegment {
    double start = 0.0;  // seconds
    double end = 0.0;    // seconds, >= start
    QString text;
};

using Transcript = QList<TranscriptSegment>;

} // namespace gwb::ui

Q_DECLARE_METATYPE(gwb::ui::TranscriptSegment)
