#pragma once

#include <QDialog>

namespace gwb::ui {

// Help → About: what the app is, its version, and that everything runs on this machine.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace gwb::ui
