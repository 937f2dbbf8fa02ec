#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace gwb::ui {

// For --screenshot: waits until the window has been laid out and painted, renders it into a PNG
// and reports whether that worked. Used for the docs and to check the look under Xvfb.
class WindowScreenshot {
public:
    static void captureWhenReady(QWidget* window, const QString& path,
                                 std::function<void(bool saved)> done);
    static bool capture(QWidget* window, const QString& path);

    // Long enough for docks to settle and the media backend to draw its first frame.
    static constexpr int kSettleMs = 800;
};

} // namespace gwb::ui
