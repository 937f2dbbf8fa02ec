#pragma once

class QApplication;

namespace gwb::ui {

// The app's look: the Fusion style (identical on every desktop and under Xvfb, so screenshots and
// bug reports match) with a light touch of styling that makes the dock titles read as headers.
class AppStyle {
public:
    static void apply(QApplication& app);
};

} // namespace gwb::ui
