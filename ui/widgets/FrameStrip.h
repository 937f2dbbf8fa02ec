#pragma once

#include <QWidget>

namespace gwb::ui {

// Placeholder for the strip of frames a video task samples (1 per second, with mm:ss stamps).
// Frame sampling happens in the engine's media code, which the UI cannot call yet, so for now the
// strip draws empty slots and says what will appear there.
class FrameStrip : public QWidget {
    Q_OBJECT
public:
    explicit FrameStrip(QWidget* parent = nullptr);

    QSize sizeHint() const override { return {480, 84}; }
    QSize minimumSizeHint() const override { return {120, 64}; }

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace gwb::ui
