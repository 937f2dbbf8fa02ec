#pragma once
// Detected objects as JSON, the shape the engine writes (text::objectsToJson) and "Copy as JSON"
// puts on the clipboard: [{"label": "cat", "box": [x0, y0, x1, y1], "point": [x, y]}, ...] in
// image pixels; "box" / "point" appear only when the object has one.
#include "ui/engine/EngineTypes.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>

namespace gwb::ui {

QJsonArray detectionsToJson(const QList<DetectedItem>& objects);
QByteArray detectionsToJsonText(const QList<DetectedItem>& objects);
// Reads the engine's JSON; entries with neither a usable box nor a point are left out.
QList<DetectedItem> detectionsFromJson(const QByteArray& json);

} // namespace gwb::ui
