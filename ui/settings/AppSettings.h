#pragma once
// The user's preferences, read from and written to QSettings under "settings/". One plain value
// type, so the Settings dialog edits a copy and the window applies a whole set at once.
#include <QString>

class QSettings;

namespace gwb::ui {

enum class ThemeChoice { System, Light, Dark };

struct AppSettings {
    // The Vulkan device the engine opens: empty = automatic (the best GPU, lavapipe only when
    // there is none); otherwise an index or a part of the name, as GWB_DEVICE takes it. Applies
    // when the engine starts, i.e. after a restart.
    QString device;
    // Defaults of the Prompt panel's options for a new window.
    int imageBudget = 280;      // soft tokens per image: 70, 140, 280, 560 or 1120
    int maxNewTokens = 1024;
    double temperature = 0.0;   // 0: greedy
    int topK = -1;              // -1: the model's default
    double topP = 0.0;          // 0: the model's default
    QString exportFolder;       // empty: next to the input file
    QString language;           // "de", "fr", "en"; empty = the system's language (after restart)
    ThemeChoice theme = ThemeChoice::System;  // applies at once

    static AppSettings load(const QSettings& settings);
    static AppSettings load();  // from the default QSettings
    void save(QSettings& settings) const;
    void save() const;

    // The image budgets the engine offers (soft tokens per image).
    static const QList<int>& imageBudgets();
    static QString themeKey(ThemeChoice theme);
    static ThemeChoice themeFromKey(const QString& key);

    friend bool operator==(const AppSettings&, const AppSettings&) = default;
};

} // namespace gwb::ui
