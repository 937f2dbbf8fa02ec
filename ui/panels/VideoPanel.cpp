#include "ui/panels/VideoPanel.h"

#include "ui/widgets/FrameStrip.h"
#include "ui/widgets/FrameStripLoader.h"
#include "ui/widgets/TransportBar.h"

#include <QAudioOutput>
#include <QFileInfo>
#include <QLabel>
#include <QMediaPlayer>
#include <QScrollArea>
#include <QScrollBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QVideoWidget>

namespace gwb::ui {

VideoPanel::VideoPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_video(new QVideoWidget(this)),
      m_player(new QMediaPlayer(this)), m_output(new QAudioOutput(this)),
      m_transport(new TransportBar(m_player, this)), m_frames(new FrameStrip(this)),
      m_loader(new FrameStripLoader(this))
{
    m_player->setAudioOutput(m_output);
    m_player->setVideoOutput(m_video);
    m_video->setMinimumSize(160, 90);
    m_title->setText(tr("No video"));
    m_title->setContentsMargins(6, 2, 6, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(m_video, 1);
    layout->addWidget(m_transport);
    auto* strip = new QScrollArea(this);
    strip->setObjectName(QStringLiteral("frameStripScroll"));
    strip->setWidget(m_frames);
    strip->setWidgetResizable(true);
    strip->setFrameShape(QFrame::NoFrame);
    strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    strip->setFixedHeight(FrameStrip::kHeight + strip->horizontalScrollBar()->sizeHint().height());
    layout->addWidget(strip);

    connect(m_frames, &FrameStrip::frameClicked, this, [this](double seconds) {
        m_transport->seek(qint64(seconds * 1000.0 + 0.5));
    });
    connect(m_loader, &FrameStripLoader::framesReady, this, [this](const QString& path, const QList<StripFrame>& frames) {
        if (path != m_path)
            return;
        m_frames->setFrames(frames);
        m_frames->setStatus(tr("%n frame(s) a video task looks at", nullptr, int(frames.size())));
    });
    connect(m_loader, &FrameStripLoader::failed, this, [this](const QString& path, const QString& reason) {
        if (path != m_path)
            return;
        // Shown on the strip only: the player reports an unplayable file already.
        m_frames->setStatus(tr("No frames: %1").arg(reason));
    });

    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString& text) {
                emit message(tr("Cannot play %1: %2").arg(QFileInfo(m_path).fileName(), text));
            });
}

void VideoPanel::openFile(const QString& path)
{
    m_path = path;
    m_title->setText(QFileInfo(path).fileName());
    m_title->setToolTip(path);
    m_player->stop();
    m_frames->clearFrames();
    m_frames->setStatus(tr("Sampling frames…"));
    m_loader->start(path);
    m_player->setSource(QUrl::fromLocalFile(path));
    // Show the first frame instead of a black box: start paused at 0.
    m_player->pause();
}

void VideoPanel::togglePlayback()
{
    m_transport->togglePlayback();
}

} // namespace gwb::ui
