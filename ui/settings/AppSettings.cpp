#include "ui/settings/AppSettings.h"

#include <QList>
#include <QSettings>

#include <algorithm>

namespace gwb::ui {

namespace {
constexpr auto kDevice = "settings/device";
constexpr auto kImageBudget = "settings/imageBudget";
constexpr auto kMaxNewTokens = "settings/maxNewTokens";
constexpr auto kTemperature = "settings/temperature";
constexpr auto kTopK = "settings/topK";
constexpr auto kTopP = "settings/topP";
constexpr auto kExportFolder = "settings/exportFolder";
constexpr auto kLanguage = "settings/language";
constexpr auto kTheme = "settings/theme";
} // namespace

const QList<int>& AppSettings::imageBudgets()
{
    static const QList<int> budgets = {70, 140, 280, 560, 1120};
    return budgets;
}

QString AppSettings::themeKey(ThemeChoice theme)
{
    switch (theme) {
    case ThemeChoice::Light: return QStringLiteral("light");
    case ThemeChoice::Dark: return QStringLiteral("dark");
    case ThemeChoice::System: break;
    }
    return QStringLiteral("system");
}

ThemeChoice AppSettings::themeFromKey(const QString& key)
{
    if (key == QLatin1String("light"))
        return ThemeChoice::Light;
    if (key == QLatin1String("dark"))
        return ThemeChoice::Dark;
    return ThemeChoice::System;
}

AppSettings AppSettings::load(const QSettings& s)
{
    // A hand-edited or damaged file never yields values the widgets cannot show: each one is
    // checked and falls back to its default.
    const AppSettings d;
    AppSettings a;
    a.device = s.value(kDevice, d.device).toString().trimmed();
    const int budget = s.value(kImageBudget, d.imageBudget).toInt();
    a.imageBudget = imageBudgets().contains(budget) ? budget : d.imageBudget;
    a.maxNewTokens = std::clamp(s.value(kMaxNewTokens, d.maxNewTokens).toInt(), 16, 32768);
    a.temperature = std::clamp(s.value(kTemperature, d.temperature).toDouble(), 0.0, 2.0);
    a.topK = std::clamp(s.value(kTopK, d.topK).toInt(), -1, 1000);
    a.topP = std::clamp(s.value(kTopP, d.topP).toDouble(), 0.0, 1.0);
    a.exportFolder = s.value(kExportFolder, d.exportFolder).toString();
    a.language = s.value(kLanguage, d.language).toString();
    a.theme = themeFromKey(s.value(kTheme).toString());
    return a;
}

AppSettings AppSettings::load()
{
    const QSettings settings;
    return load(settings);
}

void AppSettings::save(QSettings& s) const
{
    s.setValue(kDevice, device);
    s.setValue(kImageBudget, imageBudget);
    s.setValue(kMaxNewTokens, maxNewTokens);
    s.setValue(kTemperature, temperature);
    s.setValue(kTopK, topK);
    s.setValue(kTopP, topP);
    s.setValue(kExportFolder, exportFolder);
    s.setValue(kLanguage, language);
    s.setValue(kTheme, themeKey(theme));
}

void AppSettings::save() const
{
    QSettings settings;
    save(settings);
}

} // namespace gwb::ui
