#include "ui/widgets/TransportBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMediaPlayer>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <algorithm>
#include <limits>

namespace gwb::ui {

TransportBar::TransportBar(QMediaPlayer* player, QWidget* parent)
    : QWidget(parent), m_player(player), m_play(new QToolButton(this)),
      m_slider(new QSlider(Qt::Horizontal, this)), m_time(new QLabel(this))
{
    m_play->setAutoRaise(true);
    m_play->setToolTip(tr("Play or pause"));
    m_slider->setRange(0, 0);
    m_slider->setToolTip(tr("Seek"));
    m_time->setText(formatTime(0) + QStringLiteral(" / ") + formatTime(0));
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00 / 00:00:00")));
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_play);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_time);

    connect(m_play, &QToolButton::clicked, this, &TransportBar::togglePlayback);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &TransportBar::updateState);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &TransportBar::updateState);
    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 ms) {
        // QSlider is int-based; milliseconds fit for 24 days of media.
        m_slider->setRange(0, int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
        updatePosition(m_player->position());
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, &TransportBar::updatePosition);
    connect(m_slider, &QSlider::sliderPressed, this, [this] { m_dragging = true; });
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        m_dragging = false;
        seek(m_slider->value());
    });
    updateState();
}

QString TransportBar::formatTime(qint64 ms)
{
    const qint64 total = std::max<qint64>(0, ms) / 1000;
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

void TransportBar::togglePlayback()
{
    if (m_player->source().isEmpty())
        return;
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    else
        m_player->play();
}

void TransportBar::seek(qint64 ms)
{
    if (m_player->isSeekable())
        m_player->setPosition(ms);
}

void TransportBar::updateState()
{
    const bool playing = m_player->playbackState() == QMediaPlayer::PlayingState;
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    const bool usable = !m_player->source().isEmpty()
                        && m_player->mediaStatus() != QMediaPlayer::InvalidMedia;
    m_play->setEnabled(usable);
    m_slider->setEnabled(usable);
}

void TransportBar::updatePosition(qint64 ms)
{
    if (!m_dragging)
        m_slider->setValue(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
    m_time->setText(formatTime(ms) + QStringLiteral(" / ") + formatTime(m_player->duration()));
}

} // namespace gwb::ui
