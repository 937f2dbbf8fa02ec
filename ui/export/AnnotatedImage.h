#pragma once
// Burns detection boxes and points, with their labels, into a copy of the image at its original
// pixel size (for the annotated PNG export). Box edges are drawn *inside* the box, from its
// rounded pixel edges inwards, so the marked pixels are exactly the box's border; antialiasing is
// off for the strokes, so they are solid colour.
#include "ui/engine/EngineTypes.h"

#include <QColor>
#include <QImage>
#include <QList>

#include <functional>

namespace gwb::ui {

using LabelColours = std::function<QColor(const QString& label)>;

// Stroke width in image pixels: 2 px up to ~500 px images, growing with the smaller side.
int annotationStrokeWidth(const QSize& imageSize);
// A stable colour per label, by order of first appearance in `objects` (the overlay's palette).
LabelColours defaultLabelColours(const QList<DetectedItem>& objects);
QImage annotateImage(const QImage& image, const QList<DetectedItem>& objects, const LabelColours& colourFor);

} // namespace gwb::ui
