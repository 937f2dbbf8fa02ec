#include "ui/export/DetectionJson.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gwb::ui {

QJsonArray detectionsToJson(const QList<DetectedItem>& objects)
{
    QJsonArray out;
    for (const DetectedItem& item : objects) {
        QJsonObject entry;
        entry.insert(QStringLiteral("label"), item.label);
        if (item.hasBox) {
            const QRectF b = item.box.normalized();
            entry.insert(QStringLiteral("box"), QJsonArray{b.left(), b.top(), b.right(), b.bottom()});
        }
        if (item.hasPoint)
            entry.insert(QStringLiteral("point"), QJsonArray{item.point.x(), item.point.y()});
        out.append(entry);
    }
    return out;
}

QByteArray detectionsToJsonText(const QList<DetectedItem>& objects)
{
    return QJsonDocument(detectionsToJson(objects)).toJson(QJsonDocument::Indented);
}

QList<DetectedItem> detectionsFromJson(const QByteArray& json)
{
    QList<DetectedItem> out;
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    for (const QJsonValue& value : doc.array()) {
        const QJsonObject object = value.toObject();
        DetectedItem item;
        item.label = object.value(QStringLiteral("label")).toString();
        const QJsonArray box = object.value(QStringLiteral("box")).toArray();
        if (box.size() == 4) {
            item.hasBox = true;
            item.box = QRectF(QPointF(box[0].toDouble(), box[1].toDouble()), QPointF(box[2].toDouble(), box[3].toDouble()));
        }
        const QJsonArray point = object.value(QStringLiteral("point")).toArray();
        if (point.size() == 2) {
            item.hasPoint = true;
            item.point = QPointF(point[0].toDouble(), point[1].toDouble());
        }
        if (item.hasBox || item.hasPoint)
            out << item;
    }
    return out;
}

} // namespace gwb::ui
