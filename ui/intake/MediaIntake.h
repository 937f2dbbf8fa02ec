#pragma once

#include "ui/intake/MediaRouter.h"
#include "ui/tasks/TaskCatalog.h"

#include <QImage>
#include <QObject>
#include <QStringList>

class QMimeData;

namespace gwb::ui {

class AudioPanel;
class ImagePanel;
class PromptPanel;
class VideoPanel;

// Takes whatever the user hands the app (dropped files and folders, Open, a pasted image), routes
// each file to its panel through MediaRouter, lists it in the Prompt panel and picks the default
// task from the first usable file. Everything it cannot use becomes a status message.
class MediaIntake : public QObject {
    Q_OBJECT
public:
    struct Panels {
        ImagePanel* image;
        AudioPanel* audio;
        VideoPanel* video;
        PromptPanel* prompt;
    };

    MediaIntake(const Panels& panels, QObject* parent = nullptr);

    // Returns how many files were accepted.
    int openPaths(const QStringList& paths);
    bool openImage(const QImage& image, const QString& name);
    // Local file URLs first; otherwise image data. Returns whether anything was used.
    bool openMimeData(const QMimeData* data);

signals:
    void message(const QString& text);
    // The dock of this kind should be raised (the first file of each kind is shown in it).
    void panelWanted(gwb::ui::MediaKind kind);
    void taskChosen(gwb::ui::TaskId task);

private:
    bool show(const RoutedFile& file, bool& scanLike);
    QString summary(const RoutingResult& result, int accepted, const QStringList& unknown,
                    TaskId task) const;

    Panels m_panels;
    MediaRouter m_router;
    int m_pastedCount = 0;
};

} // namespace gwb::ui
