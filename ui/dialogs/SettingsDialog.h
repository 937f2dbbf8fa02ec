#pragma once
// Settings → Preferences (Ctrl+,): device, default image budget and sampling, export folder,
// language and theme. It edits a copy of AppSettings; the window saves and applies the result.
// Each group says when it takes effect: the theme at once, the defaults for the next window and
// on OK for this one, the device and the language after a restart.
#include "ui/settings/AppSettings.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace gwb::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // `devices`: the Vulkan devices the engine saw, in GWB_DEVICE's index order (offered by
    // index); may be empty before the engine has started.
    SettingsDialog(const AppSettings& settings, const QStringList& devices, QWidget* parent = nullptr);

    AppSettings settings() const;
    void setSettings(const AppSettings& settings);

    QComboBox* themeBox() const { return m_theme; }
    QComboBox* languageBox() const { return m_language; }
    QComboBox* deviceBox() const { return m_device; }

private:
    QWidget* buildEngineGroup(const QStringList& devices);
    QWidget* buildDefaultsGroup();
    QWidget* buildAppearanceGroup();

    QComboBox* m_device;
    QComboBox* m_budget;
    QSpinBox* m_maxTokens;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_topK;
    QDoubleSpinBox* m_topP;
    QLineEdit* m_exportFolder;
    QComboBox* m_language;
    QComboBox* m_theme;
};

} // namespace gwb::ui
