#include "ui/intake/MediaKind.h"

#include <QCoreApplication>

namespace gwb::ui {

QString mediaKindName(MediaKind kind)
{
    switch (kind) {
    case MediaKind::Image: return QCoreApplication::translate("gwb::ui::MediaKind", "image");
    case MediaKind::Audio: return QCoreApplication::translate("gwb::ui::MediaKind", "audio");
    case MediaKind::Video: return QCoreApplication::translate("gwb::ui::MediaKind", "video");
    case MediaKind::Unknown: break;
    }
    return QCoreApplication::translate("gwb::ui::MediaKind", "unknown");
}

} // namespace gwb::ui
