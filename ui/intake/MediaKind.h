#pragma once

#include <QString>

namespace gwb::ui {

// What a dropped or opened file is, decided from its bytes (see MediaRouter).
enum class MediaKind { Image, Audio, Video, Unknown };

// A short, translated word for messages and the media list ("image", "audio", ...).
QString mediaKindName(MediaKind kind);

} // namespace gwb::ui
