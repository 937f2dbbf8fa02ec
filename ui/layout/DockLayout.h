#pragma once

#include <QList>

class QDockWidget;
class QMainWindow;
class QSettings;

namespace gwb::ui {

// Where the six panels go by default, and saving/restoring the user's arrangement and the window
// geometry with QSettings. The default is rebuilt by code rather than stored, so "Reset layout"
// always gives the designed arrangement, whatever state the docks are in.
class DockLayout {
public:
    struct Docks {
        QDockWidget* image;
        QDockWidget* video;
        QDockWidget* audio;
        QDockWidget* prompt;
        QDockWidget* output;
        QDockWidget* model;
        QList<QDockWidget*> all() const { return {image, video, audio, prompt, output, model}; }
    };

    DockLayout(QMainWindow* window, const Docks& docks);

    void arrangeDefault();
    void save(QSettings& settings) const;
    // False when nothing (or an incompatible layout) was saved; the default stays in place then.
    bool restore(const QSettings& settings);

    // Bump when the set of docks changes, so that old saved layouts are ignored, not misapplied.
    static constexpr int kLayoutVersion = 1;

private:
    QMainWindow* m_window;
    Docks m_docks;
};

} // namespace gwb::ui
