#include "ui/panels/AudioPanel.h"

#include "ui/audio/AudioPeakLoader.h"
#include "ui/widgets/TransportBar.h"
#include "ui/widgets/WaveformView.h"

#include <QAudioOutput>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMediaPlayer>
#include <QSplitter>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace gwb::ui {

namespace {
enum Column { StartColumn, EndColumn, TextColumn };

// "1:02.5": segments are seconds long, so the list shows tenths to tell neighbours apart.
QString stamp(double seconds)
{
    const qint64 tenths = std::llround(std::max(0.0, seconds) * 10.0);
    return QStringLiteral("%1:%2.%3")
        .arg(tenths / 600)
        .arg(tenths / 10 % 60, 2, 10, QLatin1Char('0'))
        .arg(tenths % 10);
}
} // namespace

AudioPanel::AudioPanel(QWidget* parent)
    : QWidget(parent), m_waveform(new WaveformView(this)), m_title(new QLabel(this)),
      m_player(new QMediaPlayer(this)), m_output(new QAudioOutput(this)),
      m_transport(new TransportBar(m_player, this)), m_table(new QTableWidget(0, 3, this)),
      m_loader(new AudioPeakLoader(this))
{
    m_player->setAudioOutput(m_output);
    m_title->setText(tr("No audio"));
    m_title->setContentsMargins(6, 2, 6, 2);

    m_table->setObjectName(QStringLiteral("transcriptTable"));
    m_table->setHorizontalHeaderLabels({tr("Start"), tr("End"), tr("Text")});
    m_table->horizontalHeader()->setSectionResizeMode(StartColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(EndColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setToolTip(tr("The transcript's segments. Double-click a text to correct it before export; "
                           "click a row to play that segment."));
    m_table->setVisible(false);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_title);
    topLayout->addWidget(m_waveform, 1);
    topLayout->addWidget(m_transport);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(top);
    split->addWidget(m_table);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(split);

    connect(m_player, &QMediaPlayer::positionChanged, this, &AudioPanel::onPositionChanged);
    connect(m_player, &QMediaPlayer::durationChanged, m_waveform, &WaveformView::setDurationHintMs);
    connect(m_waveform, &WaveformView::seekRequested, this, [this](qint64 ms) {
        m_segmentStopMs = -1; // a plain seek leaves segment playback
        m_transport->seek(ms);
    });
    connect(m_waveform, &WaveformView::segmentClicked, this, &AudioPanel::playSegment);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (column != TextColumn)
            playSegment(row);
        else
            m_waveform->setActiveSegment(row);
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (m_fillingTable || item->column() != TextColumn)
            return;
        m_waveform->setSegmentText(item->row(), item->text());
        emit transcriptChanged();
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString& text) {
                emit message(tr("Cannot play %1: %2").arg(QFileInfo(m_path).fileName(), text));
            });

    connect(m_loader, &AudioPeakLoader::started, m_waveform, &WaveformView::reset);
    connect(m_loader, &AudioPeakLoader::samplesReady, this,
            [this](const QList<float>& mono) { m_waveform->appendSamples(mono); });
    connect(m_loader, &AudioPeakLoader::finished, m_waveform, &WaveformView::finish);
    connect(m_loader, &AudioPeakLoader::failed, this, [this](const QString& reason) {
        emit message(tr("Cannot draw the waveform of %1: %2")
                         .arg(QFileInfo(m_path).fileName(), reason));
    });
}

void AudioPanel::openFile(const QString& path)
{
    m_path = path;
    m_title->setText(QFileInfo(path).fileName());
    m_title->setToolTip(path);
    m_player->stop();
    m_segmentStopMs = -1;
    m_waveform->clear();
    // A transcript belongs to one recording; a different file starts without one.
    if (path != m_transcriptSource)
        clearTranscript(path);
    m_player->setSource(QUrl::fromLocalFile(path));
    m_loader->start(path);
}

void AudioPanel::togglePlayback()
{
    m_segmentStopMs = -1;
    m_transport->togglePlayback();
}

void AudioPanel::clearTranscript(const QString& source)
{
    m_transcriptSource = source.isEmpty() ? m_path : source;
    m_waveform->clearSegments();
    m_fillingTable = true;
    m_table->setRowCount(0);
    m_fillingTable = false;
    m_table->setVisible(false);
    emit transcriptChanged();
}

void AudioPanel::appendRow(const TranscriptSegment& segment)
{
    m_fillingTable = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* start = new QTableWidgetItem(stamp(segment.start));
    auto* end = new QTableWidgetItem(stamp(segment.end));
    for (QTableWidgetItem* time : {start, end})
        time->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_table->setItem(row, StartColumn, start);
    m_table->setItem(row, EndColumn, end);
    m_table->setItem(row, TextColumn, new QTableWidgetItem(segment.text.trimmed()));
    m_fillingTable = false;
    m_table->setVisible(true);
}

void AudioPanel::addSegment(double start, double end, const QString& text)
{
    const TranscriptSegment segment{start, std::max(start, end), text.trimmed()};
    m_waveform->addSegment(segment);
    appendRow(segment);
    emit transcriptChanged();
}

void AudioPanel::setTranscript(const Transcript& segments, const QString& source)
{
    clearTranscript(source);
    for (const TranscriptSegment& segment : segments) {
        m_waveform->addSegment(segment);
        appendRow(segment);
    }
    emit transcriptChanged();
}

Transcript AudioPanel::transcript() const
{
    Transcript out = m_waveform->segments();
    for (int i = 0; i < out.size() && i < m_table->rowCount(); ++i) {
        if (const QTableWidgetItem* item = m_table->item(i, TextColumn))
            out[i].text = item->text();
    }
    return out;
}

void AudioPanel::playSegment(int index)
{
    const Transcript& segments = m_waveform->segments();
    if (index < 0 || index >= segments.size())
        return;
    const TranscriptSegment& segment = segments[index];
    m_waveform->setActiveSegment(index);
    if (m_table->currentRow() != index)
        m_table->selectRow(index);
    m_transport->seek(qint64(std::llround(segment.start * 1000.0)));
    m_segmentStopMs = qint64(std::llround(segment.end * 1000.0));
    m_player->play();
}

void AudioPanel::onPositionChanged(qint64 ms)
{
    m_waveform->setPositionMs(ms);
    if (m_segmentStopMs >= 0 && ms >= m_segmentStopMs) {
        m_segmentStopMs = -1;
        m_player->pause();
    }
}

} // namespace gwb::ui
