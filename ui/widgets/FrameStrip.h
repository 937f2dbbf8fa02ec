#pragma once

#include <QImage>
#include <QList>
#include <QWidget>

namespace gwb::ui {

// One frame of the strip: when it is in the video and what it shows.
struct StripFrame {
    double seconds = 0.0;
    QImage image;
};

// The frames a video task samples (1 per second by default, as the engine picks them), as a row of
// thumbnails with their "mm:ss" times. Clicking a thumbnail asks the player to seek there. While
// no frames are known the strip draws empty slots and says what will appear there. The strip is
// as wide as its frames need; the Video panel puts it in a horizontal scroll area.
class FrameStrip : public QWidget {
    Q_OBJECT
public:
    explicit FrameStrip(QWidget* parent = nullptr);

    void setFrames(const QList<StripFrame>& frames);
    void addFrame(const StripFrame& frame);
    void clearFrames();
    const QList<StripFrame>& frames() const { return m_frames; }
    // A line under the slots while frames are loading or when they could not be read.
    void setStatus(const QString& text);
    QString status() const { return m_status; }

    // Where frame `index` is drawn (empty for a bad index).
    QRect frameRect(int index) const;
    int frameAt(const QPoint& pos) const;
    static QString timeText(double seconds);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {120, kHeight}; }
    static constexpr int kHeight = 96;

signals:
    void frameClicked(double seconds);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    void paintEmpty(QPainter& painter);
    void updateWidth();

    QList<StripFrame> m_frames;
    QString m_status;
};

} // namespace gwb::ui
