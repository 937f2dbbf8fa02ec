#pragma once
// The window's Export actions: gathers the current result from the panels (the Output panel's
// answer, the Audio panel's edited transcript, the Image panel's image and overlay) into an
// ExportContent, and writes it through the Export dialog or straight to the default place.
// "Copy Detections as JSON" puts the overlay's boxes and points on the clipboard.
#include "ui/engine/EngineTypes.h"
#include "ui/export/ExportContent.h"
#include "ui/export/ExportFormat.h"
#include "ui/intake/MediaKind.h"

#include <QObject>

class QMenu;
class QWidget;

namespace gwb::ui {

class AudioPanel;
class ImagePanel;
class OutputPanel;
class PromptPanel;

class ResultExporter : public QObject {
    Q_OBJECT
public:
    struct Panels {
        ImagePanel* image;
        AudioPanel* audio;
        OutputPanel* output;
        PromptPanel* prompt;
    };
    ResultExporter(const Panels& panels, QWidget* window);

    // The result the panels show now.
    ExportContent currentContent() const;
    // The export folder from the settings (empty: next to the input file).
    static QString defaultFolder();
    // Adds the Export menu's actions.
    void fillMenu(QMenu* menu);

public slots:
    // Remembers which task produced the result on screen (the engine's taskFinished).
    void noteTaskFinished(const gwb::ui::TaskOutcome& outcome);
    void noteTextRun();
    // Opens the Export dialog; returns the written file ("" when cancelled or failed).
    QString exportWithDialog();
    // Writes `format` to the default folder with the saved template; returns the file or "".
    QString exportTo(gwb::ui::ExportFormat format);
    // Writes `format` to `path`.
    bool exportToPath(gwb::ui::ExportFormat format, const QString& path);
    bool copyDetectionsAsJson();

signals:
    void message(const QString& text);

private:
    QList<DetectedItem> overlayObjects() const;

    Panels m_panels;
    QWidget* m_window;
    QString m_lastTask;     // runtime key; empty: a text answer
    MediaKind m_lastMedia = MediaKind::Unknown;
};

} // namespace gwb::ui
