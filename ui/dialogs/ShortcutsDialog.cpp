#include "ui/dialogs/ShortcutsDialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gwb::ui {

namespace {
QString plain(QString text)
{
    text.remove(QLatin1Char('&'));
    if (text.endsWith(QStringLiteral("...")))
        text.chop(3);
    return text.trimmed();
}

// The menu an action sits in ("File"), or the dock a button sits in ("Prompt").
QString menuOf(const QAction* action)
{
    const QList<QObject*> widgets = action->associatedObjects();
    for (QObject* object : widgets) {
        if (const auto* menu = qobject_cast<const QMenu*>(object))
            return plain(menu->title());
    }
    return {};
}

QString dockOf(const QWidget* widget)
{
    for (const QWidget* w = widget; w; w = w->parentWidget()) {
        if (const auto* dock = qobject_cast<const QDockWidget*>(w))
            return dock->windowTitle();
    }
    return {};
}
} // namespace

QList<ShortcutEntry> ShortcutsDialog::collect(const QWidget* window)
{
    QList<ShortcutEntry> entries;
    QSet<const QAction*> seen;
    const QList<QAction*> actions = window->findChildren<QAction*>();
    for (const QAction* action : actions) {
        if (seen.contains(action) || action->shortcut().isEmpty() || plain(action->text()).isEmpty())
            continue;
        seen.insert(action);
        entries.append({plain(action->text()), action->shortcut(), menuOf(action)});
    }
    const QList<QAbstractButton*> buttons = window->findChildren<QAbstractButton*>();
    for (const QAbstractButton* button : buttons) {
        if (button->shortcut().isEmpty())
            continue;
        const QString text = plain(button->text()).isEmpty() ? button->toolTip() : plain(button->text());
        entries.append({text, button->shortcut(), dockOf(button)});
    }
    std::stable_sort(entries.begin(), entries.end(), [](const ShortcutEntry& a, const ShortcutEntry& b) {
        return a.where < b.where;
    });
    return entries;
}

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutEntry>& entries, QWidget* parent)
    : QDialog(parent), m_search(new QLineEdit(this)), m_table(new QTableWidget(int(entries.size()), 3, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_search->setPlaceholderText(tr("Search actions or keys"));
    m_search->setClearButtonEnabled(true);
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut"), tr("Where")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    for (int row = 0; row < entries.size(); ++row) {
        const ShortcutEntry& e = entries[row];
        m_table->setItem(row, 0, new QTableWidgetItem(e.action));
        m_table->setItem(row, 1, new QTableWidgetItem(e.keys.toString(QKeySequence::NativeText)));
        m_table->setItem(row, 2, new QTableWidgetItem(e.where));
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->resizeColumnToContents(1);
    m_table->resizeColumnToContents(2);
    connect(m_search, &QLineEdit::textChanged, this, &ShortcutsDialog::filter);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(560, 520);
}

void ShortcutsDialog::filter(const QString& text)
{
    const QString needle = text.trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        bool match = needle.isEmpty();
        for (int column = 0; column < m_table->columnCount() && !match; ++column)
            match = m_table->item(row, column)->text().contains(needle, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
}

} // namespace gwb::ui
