#include "ui/app/AppStyle.h"

#include <QApplication>
#include <QStyleFactory>

namespace gwb::ui {

void AppStyle::apply(QApplication& app)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    // palette(...) keeps the colours tied to the active palette, so a dark system palette still
    // gets readable titles.
    app.setStyleSheet(QStringLiteral(
        "QDockWidget::title {"
        "  background: palette(mid);"
        "  padding: 5px 6px;"
        "  text-align: left;"
        "}"
        "QDockWidget { color: palette(window-text); }"
        "QStatusBar { border-top: 1px solid palette(mid); }"));
}

} // namespace gwb::ui
