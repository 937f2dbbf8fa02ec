#include "ui/layout/DockLayout.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QSettings>

namespace gwb::ui {

namespace {
constexpr auto kGeometryKey = "window/geometry";
constexpr auto kStateKey = "window/state";
constexpr auto kVersionKey = "window/layoutVersion";
} // namespace

DockLayout::DockLayout(QMainWindow* window, const Docks& docks) : m_window(window), m_docks(docks)
{
}

void DockLayout::arrangeDefault()
{
    // Three columns: Prompt over Model on the left, the media (Image/Video tabs over Audio) in
    // the middle, Output on the right — the order of work: ask, look, read.
    for (QDockWidget* dock : m_docks.all()) {
        dock->setFloating(false); // before removal: a floating dock would stay a separate window
        m_window->removeDockWidget(dock);
    }
    m_window->addDockWidget(Qt::LeftDockWidgetArea, m_docks.prompt);
    m_window->splitDockWidget(m_docks.prompt, m_docks.image, Qt::Horizontal);
    m_window->splitDockWidget(m_docks.image, m_docks.output, Qt::Horizontal);
    m_window->splitDockWidget(m_docks.prompt, m_docks.model, Qt::Vertical);
    m_window->splitDockWidget(m_docks.image, m_docks.audio, Qt::Vertical);
    m_window->tabifyDockWidget(m_docks.image, m_docks.video);
    for (QDockWidget* dock : m_docks.all())
        dock->show();
    m_docks.image->raise();

    m_window->resizeDocks({m_docks.prompt, m_docks.image, m_docks.output}, {330, 640, 400},
                          Qt::Horizontal);
    m_window->resizeDocks({m_docks.prompt, m_docks.model}, {560, 200}, Qt::Vertical);
    m_window->resizeDocks({m_docks.image, m_docks.audio}, {560, 200}, Qt::Vertical);
}

void DockLayout::save(QSettings& settings) const
{
    settings.setValue(kGeometryKey, m_window->saveGeometry());
    settings.setValue(kStateKey, m_window->saveState(kLayoutVersion));
    settings.setValue(kVersionKey, kLayoutVersion);
}

bool DockLayout::restore(const QSettings& settings)
{
    if (settings.value(kVersionKey).toInt() != kLayoutVersion)
        return false;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (!geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    return m_window->restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion);
}

} // namespace gwb::ui
