#include "ui/app/AppTheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

#include <algorithm>
#include <cmath>
#include <optional>

namespace gwb::ui {

namespace {
std::optional<QPalette>& systemPalette()
{
    static std::optional<QPalette> palette;
    return palette;
}

ThemeChoice& currentTheme()
{
    static ThemeChoice theme = ThemeChoice::System;
    return theme;
}

double luminance(const QColor& c)
{
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}
} // namespace

QPalette AppTheme::darkPalette()
{
    // Text 230 on window 45 / base 30: contrast ≥ 11; disabled text 140 on 45: ≥ 4.5.
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), disabled(140, 140, 140);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(58, 58, 62));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 255, 255));
    p.setColor(QPalette::Light, QColor(80, 80, 84));
    p.setColor(QPalette::Midlight, QColor(68, 68, 72));
    p.setColor(QPalette::Mid, QColor(62, 62, 66));
    p.setColor(QPalette::Dark, QColor(25, 25, 27));
    p.setColor(QPalette::Shadow, QColor(10, 10, 10));
    p.setColor(QPalette::Highlight, QColor(53, 132, 228));
    p.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
    p.setColor(QPalette::Link, QColor(120, 180, 255));
    p.setColor(QPalette::LinkVisited, QColor(190, 150, 255));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(80, 80, 84));
    return p;
}

QPalette AppTheme::lightPalette()
{
    QStyle* style = QApplication::style();
    return style ? style->standardPalette() : QPalette(QColor(239, 239, 239));
}

void AppTheme::apply(ThemeChoice theme)
{
    if (!systemPalette())
        systemPalette() = QApplication::palette();
    currentTheme() = theme;
    switch (theme) {
    case ThemeChoice::Dark: QApplication::setPalette(darkPalette()); break;
    case ThemeChoice::Light: QApplication::setPalette(lightPalette()); break;
    case ThemeChoice::System: QApplication::setPalette(*systemPalette()); break;
    }
    // Style sheets resolve palette(...) when a widget is polished: set the sheet again so the
    // dock titles and the status bar take the new colours too.
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) {
        const QString sheet = app->styleSheet();
        if (!sheet.isEmpty()) {
            app->setStyleSheet(QString());
            app->setStyleSheet(sheet);
        }
    }
}

ThemeChoice AppTheme::current()
{
    return currentTheme();
}

bool AppTheme::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

double AppTheme::contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor AppTheme::errorColor()
{
    // #c62828 on light grey ≈ 5.2; #ff8a80 on the dark window ≈ 7.
    return isDark(QApplication::palette()) ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
}

} // namespace gwb::ui
