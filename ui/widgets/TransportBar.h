#pragma once

#include <QWidget>

class QLabel;
class QMediaPlayer;
class QSlider;
class QToolButton;

namespace gwb::ui {

// Play/pause, a seek slider and "0:12 / 1:30" for one QMediaPlayer. Shared by the Audio and the
// Video panel so both behave the same.
class TransportBar : public QWidget {
    Q_OBJECT
public:
    explicit TransportBar(QMediaPlayer* player, QWidget* parent = nullptr);

    static QString formatTime(qint64 ms);

public slots:
    void togglePlayback();
    void seek(qint64 ms);

private:
    void updateState();
    void updatePosition(qint64 ms);

    QMediaPlayer* m_player;
    QToolButton* m_play;
    QSlider* m_slider;
    QLabel* m_time;
    bool m_dragging = false;
};

} // namespace gwb::ui
