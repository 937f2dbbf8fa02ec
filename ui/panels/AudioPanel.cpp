#include "ui/panels/AudioPanel.h"

#include "ui/audio/AudioPeakLoader.h"
#include "ui/widgets/TransportBar.h"
#include "ui/widgets/WaveformView.h"

#include <QAudioOutput>
#include <QFileInfo>
#include <QLabel>
#include <QMediaPlayer>
#include <QUrl>
#include <QVBoxLayout>

namespace gwb::ui {

AudioPanel::AudioPanel(QWidget* parent)
    : QWidget(parent), m_waveform(new WaveformView(this)), m_title(new QLabel(this)),
      m_player(new QMediaPlayer(this)), m_output(new QAudioOutput(this)),
      m_transport(new TransportBar(m_player, this)), m_loader(new AudioPeakLoader(this))
{
    m_player->setAudioOutput(m_output);
    m_title->setText(tr("No audio"));
    m_title->setContentsMargins(6, 2, 6, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(m_waveform, 1);
    layout->addWidget(m_transport);

    connect(m_player, &QMediaPlayer::positionChanged, m_waveform, &WaveformView::setPositionMs);
    connect(m_player, &QMediaPlayer::durationChanged, m_waveform, &WaveformView::setDurationHintMs);
    connect(m_waveform, &WaveformView::seekRequested, m_transport, &TransportBar::seek);
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
    m_waveform->clear();
    m_player->setSource(QUrl::fromLocalFile(path));
    m_loader->start(path);
}

void AudioPanel::togglePlayback()
{
    m_transport->togglePlayback();
}

} // namespace gwb::ui
