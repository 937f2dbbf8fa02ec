#pragma once

#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;

namespace gwb::ui {

class AudioPeakLoader;
class TransportBar;
class WaveformView;

// The Audio dock: the file's waveform (decoded for display by AudioPeakLoader), and playback with
// QMediaPlayer. Clicking the waveform seeks; the playhead follows playback.
class AudioPanel : public QWidget {
    Q_OBJECT
public:
    explicit AudioPanel(QWidget* parent = nullptr);

    void openFile(const QString& path);
    QString currentFile() const { return m_path; }

    WaveformView* waveform() const { return m_waveform; }
    QMediaPlayer* player() const { return m_player; }

public slots:
    void togglePlayback();

signals:
    void message(const QString& text);

private:
    WaveformView* m_waveform;
    QLabel* m_title;
    QMediaPlayer* m_player;
    QAudioOutput* m_output;
    TransportBar* m_transport;
    AudioPeakLoader* m_loader;
    QString m_path;
};

} // namespace gwb::ui
