#pragma once
// Everything one finished result can be exported from: the answer text, a transcript's (edited)
// segments, detected objects in image pixels, and the image they refer to.
#include "ui/audio/TranscriptSegment.h"
#include "ui/engine/EngineTypes.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QString>

#include <functional>

namespace gwb::ui {

struct ExportContent {
    QString source;               // the input file (names the output; may be empty for pasted media)
    QString task;                 // the runtime task key: "caption", "transcribe", "detect", ...
    QString text;                 // the answer as the model wrote it
    Transcript segments;          // audio tasks: timed segments, edited text included
    QList<DetectedItem> objects;  // detect/point: boxes and points in pixels of `image`
    QImage image;                 // the image the objects refer to (annotated PNG)
    // Colours of the labels in the annotated PNG (the overlay's, so the file matches the screen);
    // empty: the palette in order of first appearance.
    std::function<QColor(const QString& label)> labelColours;
};

} // namespace gwb::ui
