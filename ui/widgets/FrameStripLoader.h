#pragma once
// Samples a video's frames for the FrameStrip off the GUI thread, with the engine's own sampler
// (media::sampleVideoFrames, default VideoSamplingOptions: 1 frame per second, at most 60, at the
// size the model sees), so the strip shows the frames a video task will look at. A new start()
// cancels the previous one; the destructor cancels and waits (the sampler checks between frames).
#include "ui/widgets/FrameStrip.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace gwb::ui {

class FrameStripLoader : public QObject {
    Q_OBJECT
public:
    explicit FrameStripLoader(QObject* parent = nullptr);
    ~FrameStripLoader() override;

    void start(const QString& path);
    void cancel();
    bool isRunning() const;

signals:
    void framesReady(const QString& path, const QList<gwb::ui::StripFrame>& frames);
    void failed(const QString& path, const QString& reason);

private:
    void finishThread();

    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace gwb::ui
