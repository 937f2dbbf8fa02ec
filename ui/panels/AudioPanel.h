#pragma once

#include "ui/audio/TranscriptSegment.h"

#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QTableWidget;

namespace gwb::ui {

class AudioPeakLoader;
class TransportBar;
class WaveformView;

// The Audio dock: the file's waveform (decoded for display by AudioPeakLoader), and playback with
// QMediaPlayer. Clicking the waveform seeks; the playhead follows playback. A transcript's segments
// appear as blocks under the waveform and as rows of an editable list (start, end, text): clicking
// either plays that segment, and the edited text is what transcript() returns for export.
class AudioPanel : public QWidget {
    Q_OBJECT
public:
    explicit AudioPanel(QWidget* parent = nullptr);

    void openFile(const QString& path);
    QString currentFile() const { return m_path; }

    WaveformView* waveform() const { return m_waveform; }
    QMediaPlayer* player() const { return m_player; }
    QTableWidget* segmentTable() const { return m_table; }

    // The transcript as the user sees it now (edits included), in time order.
    Transcript transcript() const;
    // The audio file the transcript was made from (the file shown when it was cleared).
    QString transcriptSource() const { return m_transcriptSource; }
    // Where playback of the segment being played stops; -1 when not playing a segment.
    qint64 segmentStopMs() const { return m_segmentStopMs; }

public slots:
    void togglePlayback();
    // Starts a new, empty transcript for `source` (empty: the file shown now).
    void clearTranscript(const QString& source = QString());
    void addSegment(double start, double end, const QString& text);
    void setTranscript(const gwb::ui::Transcript& segments, const QString& source);
    // Seeks to the segment's start, plays, and pauses at its end.
    void playSegment(int index);

signals:
    void message(const QString& text);
    void transcriptChanged();

private:
    void appendRow(const TranscriptSegment& segment);
    void onPositionChanged(qint64 ms);

    WaveformView* m_waveform;
    QLabel* m_title;
    QMediaPlayer* m_player;
    QAudioOutput* m_output;
    TransportBar* m_transport;
    QTableWidget* m_table;
    AudioPeakLoader* m_loader;
    QString m_path;
    QString m_transcriptSource;
    qint64 m_segmentStopMs = -1;
    bool m_fillingTable = false;
};

} // namespace gwb::ui
