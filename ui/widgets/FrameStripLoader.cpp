#include "ui/widgets/FrameStripLoader.h"

#ifdef GWB_HAS_MEDIA
#include "inference/media/MediaError.h"
#include "inference/media/VideoSampler.h"
#endif

#include <QFile>
#include <QMetaObject>
#include <QPointer>
#include <QThread>

#include <exception>

namespace gwb::ui {

FrameStripLoader::FrameStripLoader(QObject* parent) : QObject(parent) {}

FrameStripLoader::~FrameStripLoader()
{
    cancel();
    finishThread();
}

bool FrameStripLoader::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void FrameStripLoader::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void FrameStripLoader::finishThread()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void FrameStripLoader::start(const QString& path)
{
    cancel();
    finishThread();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancelFlag = m_cancel;
    // The thread hands its result to this object queued; the destructor joins the thread first,
    // so `self` is alive whenever the queued call is delivered or it is dropped with the object.
    QPointer<FrameStripLoader> self(this);
    m_thread = QThread::create([self, path, cancelFlag] {
        QList<StripFrame> frames;
        QString error;
#ifdef GWB_HAS_MEDIA
        try {
            const std::vector<media::SampledFrame> sampled = media::sampleVideoFrames(
                QFile::encodeName(path).toStdString(), media::VideoSamplingOptions{}, cancelFlag.get());
            for (const media::SampledFrame& frame : sampled) {
                const media::RgbImage& rgb = frame.image;
                const QImage view(rgb.pixels.data(), rgb.width, rgb.height, rgb.width * 3, QImage::Format_RGB888);
                frames.append({frame.seconds, view.copy()});
            }
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
#else
        error = FrameStripLoader::tr("this build has no media decoding (GWB_MEDIA is off)");
#endif
        if (cancelFlag->load())
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, path, frames, error] {
                if (!self)
                    return;
                if (error.isEmpty())
                    emit self->framesReady(path, frames);
                else
                    emit self->failed(path, error);
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("gwb-frames"));
    m_thread->start(QThread::LowPriority);
}

} // namespace gwb::ui
