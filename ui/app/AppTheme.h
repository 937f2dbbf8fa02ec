#pragma once
// Light, dark or the system's colours, switched while the app runs. The Fusion style draws
// everything from the application palette, so a whole, consistent palette is all a theme is; the
// few colours the app picks itself (error text) come from errorColor(), which reads the palette.
#include "ui/settings/AppSettings.h"

#include <QColor>

class QApplication;
class QPalette;

namespace gwb::ui {

class AppTheme {
public:
    // Applies at once to every open window. System restores the palette the platform gave the
    // app at start-up (Qt 6.4 cannot tell a dark desktop apart, so "system" means the platform
    // palette as it is).
    static void apply(ThemeChoice theme);
    static ThemeChoice current();

    static QPalette darkPalette();
    static QPalette lightPalette();
    // True when the palette's window background is darker than its text.
    static bool isDark(const QPalette& palette);
    // A red that reads well on the current palette's background (WCAG contrast ≥ 4.5).
    static QColor errorColor();
    // WCAG 2 contrast ratio of two colours (1 … 21).
    static double contrast(const QColor& a, const QColor& b);
};

} // namespace gwb::ui
