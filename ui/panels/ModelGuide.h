#pragma once
// The first-run screen of the Model panel (and Help → Getting a Model): where to get Gemma 4
// E2B/E4B, how to open it, and which of them fits this machine — the memory each needs against
// the device's memory (the GPU's own, or the computer's RAM when the CPU runs the model).
#include <QWidget>

class QLabel;

namespace gwb::ui {

class ModelGuide : public QWidget {
    Q_OBJECT
public:
    explicit ModelGuide(QWidget* parent = nullptr);

    // The device the engine opened: its name, its memory (0: not known yet) and whether it is
    // the CPU (then the computer's RAM is what counts).
    void setDevice(const QString& name, qint64 deviceBytes, bool cpuFallback);
    QString text() const;
    QSize sizeHint() const override;

private:
    void refresh();

    QLabel* m_text;
    QString m_device;
    qint64 m_deviceBytes = 0;
    bool m_cpuFallback = false;
};

} // namespace gwb::ui
