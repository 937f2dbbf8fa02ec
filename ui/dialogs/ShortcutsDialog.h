#pragma once
// Help → Keyboard Shortcuts (F1): every shortcut of the window in one searchable table, read from
// the window's actions and buttons themselves, so the list can never disagree with the menus.
#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

class QLineEdit;
class QTableWidget;

namespace gwb::ui {

struct ShortcutEntry {
    QString action;     // "Open…", without the mnemonic '&'
    QKeySequence keys;
    QString where;      // the menu or panel it belongs to
};

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QList<ShortcutEntry>& entries, QWidget* parent = nullptr);

    // Every enabled-or-not action of `window`'s menus and every button inside it that has a
    // shortcut, sorted by where they live. Duplicates (one action in two menus) appear once.
    static QList<ShortcutEntry> collect(const QWidget* window);

    QTableWidget* table() const { return m_table; }

private:
    void filter(const QString& text);

    QLineEdit* m_search;
    QTableWidget* m_table;
};

} // namespace gwb::ui
