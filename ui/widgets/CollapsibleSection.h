#pragma once

#include <QWidget>

class QToolButton;

namespace gwb::ui {

// A header button with an arrow that shows or hides one content widget. Used for the model's
// "thoughts" in the Output panel, which most users want folded away.
class CollapsibleSection : public QWidget {
    Q_OBJECT
public:
    CollapsibleSection(const QString& title, QWidget* content, QWidget* parent = nullptr);

    void setTitle(const QString& title);
    bool isExpanded() const;
    QWidget* content() const { return m_content; }

public slots:
    void setExpanded(bool expanded);

signals:
    void expandedChanged(bool expanded);

private:
    QToolButton* m_header;
    QWidget* m_content;
};

} // namespace gwb::ui
