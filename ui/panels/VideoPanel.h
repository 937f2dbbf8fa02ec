#pragma once

#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QVideoWidget;

namespace gwb::ui {

class FrameStrip;
class TransportBar;

// The Video dock: playback with QMediaPlayer into a QVideoWidget, and the strip where the frames a
// video task samples will be shown.
class VideoPanel : public QWidget {
    Q_OBJECT
public:
    explicit VideoPanel(QWidget* parent = nullptr);

    void openFile(const QString& path);
    QString currentFile() const { return m_path; }
    QMediaPlayer* player() const { return m_player; }

public slots:
    void togglePlayback();

signals:
    void message(const QString& text);

private:
    QLabel* m_title;
    QVideoWidget* m_video;
    QMediaPlayer* m_player;
    QAudioOutput* m_output;
    TransportBar* m_transport;
    FrameStrip* m_frames;
    QString m_path;
};

} // namespace gwb::ui
