#pragma once

#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QVideoWidget;

namespace gwb::ui {

class FrameStrip;
class FrameStripLoader;
class TransportBar;

// The Video dock: playback with QMediaPlayer into a QVideoWidget, and the strip of the frames a
// video task samples (the engine's sampler, run in the background when a video is opened), each
// with its time; clicking a frame seeks the player there.
class VideoPanel : public QWidget {
    Q_OBJECT
public:
    explicit VideoPanel(QWidget* parent = nullptr);

    void openFile(const QString& path);
    QString currentFile() const { return m_path; }
    QMediaPlayer* player() const { return m_player; }
    FrameStrip* frameStrip() const { return m_frames; }
    FrameStripLoader* frameLoader() const { return m_loader; }

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
    FrameStripLoader* m_loader;
    QString m_path;
};

} // namespace gwb::ui
