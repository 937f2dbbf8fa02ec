// Settings: values survive a round trip and damaged values fall back; the dialog edits them and
// the window applies them to the Prompt panel; the dark theme really is dark and readable and
// switches back; every main action has a shortcut, no two actions share one, and Help → Keyboard
// Shortcuts lists them all.
#include "TestSettings.h"
#include "TestWindow.h"
#include "ui/MainWindow.h"
#include "ui/app/AppTheme.h"
#include "ui/dialogs/SettingsDialog.h"
#include "ui/dialogs/ShortcutsDialog.h"
#include "ui/panels/ImagePanel.h"
#include "ui/panels/ModelPanel.h"
#include "ui/widgets/ImageView.h"
#include "ui/panels/OutputPanel.h"
#include "ui/panels/PromptPanel.h"
#include "ui/settings/AppSettings.h"
#include "ui/settings/RecentModels.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMap>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QStatusBar>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>

using namespace gwb::ui;
namespace t = gwb::test;

class TestSettings : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;

    static AppSettings changed()
    {
        AppSettings s;
        s.device = QStringLiteral("1");
        s.imageBudget = 560;
        s.maxNewTokens = 333;
        s.temperature = 0.7;
        s.topK = 40;
        s.topP = 0.9;
        s.exportFolder = QStringLiteral("/tmp/exports");
        s.language = QStringLiteral("fr");
        s.theme = ThemeChoice::Dark;
        return s;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        t::isolateSettings(m_settings.path(), QStringLiteral("test_settings"));
    }

    void cleanup()
    {
        AppTheme::apply(ThemeChoice::System);
        QSettings().clear();
    }

    void valuesRoundTrip()
    {
        QCOMPARE(AppSettings::load(), AppSettings());
        changed().save();
        QCOMPARE(AppSettings::load(), changed());
    }

    void damagedValuesFallBack()
    {
        QSettings s;
        s.setValue("settings/imageBudget", 123);          // not a budget the engine offers
        s.setValue("settings/maxNewTokens", "lots");
        s.setValue("settings/temperature", 9.5);
        s.setValue("settings/theme", "purple");
        const AppSettings loaded = AppSettings::load(s);
        QCOMPARE(loaded.imageBudget, AppSettings().imageBudget);
        QCOMPARE(loaded.maxNewTokens, 16);                // "lots" reads as 0, clamped to the minimum
        QCOMPARE(loaded.temperature, 2.0);
        QCOMPARE(loaded.theme, ThemeChoice::System);
    }

    void dialogShowsAndReturnsSettings()
    {
        const QStringList devices = {QStringLiteral("llvmpipe (LLVM 15.0.6, 256 bits)"), QStringLiteral("Scripted GPU")};
        SettingsDialog dialog(AppSettings(), devices, nullptr);
        QCOMPARE(dialog.settings(), AppSettings());
        dialog.setSettings(changed());
        QCOMPARE(dialog.settings(), changed());
        QCOMPARE(dialog.deviceBox()->currentText(), QStringLiteral("1: Scripted GPU")); // "1" is shown by name
        // The engine's devices are offered by index; typed text is taken as it is.
        dialog.deviceBox()->setCurrentIndex(dialog.deviceBox()->findText(QStringLiteral("0: llvmpipe (LLVM 15.0.6, 256 bits)")));
        QCOMPARE(dialog.settings().device, QStringLiteral("0"));
        dialog.deviceBox()->setEditText(QStringLiteral("NVIDIA"));
        QCOMPARE(dialog.settings().device, QStringLiteral("NVIDIA"));
        dialog.deviceBox()->setCurrentIndex(0);
        QCOMPARE(dialog.settings().device, QString()); // automatic
    }

    void recentModelsAreNewestFirstAndExisting()
    {
        QTemporaryDir models;
        QVERIFY(models.isValid());
        QStringList folders;
        for (int i = 0; i < RecentModels::kMaxEntries + 2; ++i) {
            folders << models.filePath(QStringLiteral("model-%1").arg(i));
            QVERIFY(QDir().mkpath(folders.last()));
            RecentModels::add(folders.last());
        }
        QStringList recent = RecentModels::list();
        QCOMPARE(recent.size(), RecentModels::kMaxEntries);
        QCOMPARE(recent.first(), folders.last());
        RecentModels::add(folders[5] + QStringLiteral("/")); // the same folder, spelled differently
        recent = RecentModels::list();
        QCOMPARE(recent.first(), folders[5]);
        QCOMPARE(recent.count(folders[5]), 1);
        QVERIFY(QDir(folders[5]).removeRecursively());
        QVERIFY(!RecentModels::list().contains(folders[5])); // a deleted folder is not offered
    }

    void windowAppliesDefaultsToThePromptPanel()
    {
        changed().save();
        auto window = t::openTestWindow(m_settings.path(), QStringLiteral("test_settings"));
        PromptPanel* prompt = window->promptPanel();
        QCOMPARE(prompt->imageTokenBudget(), 560);
        QCOMPARE(prompt->maxNewTokens(), 333);
        QCOMPARE(prompt->temperature(), 0.7);
        QCOMPARE(prompt->topK(), 40);
        QCOMPARE(prompt->topP(), 0.9);
        QVERIFY(AppTheme::isDark(QApplication::palette())); // the saved theme applies at start
    }

    void darkThemeIsDarkAndReadable()
    {
        const QPalette before = QApplication::palette();
        QVERIFY(!AppTheme::isDark(before)); // offscreen platform: a light palette
        for (ThemeChoice theme : {ThemeChoice::Dark, ThemeChoice::Light}) {
            AppTheme::apply(theme);
            const QPalette p = QApplication::palette();
            QCOMPARE(AppTheme::isDark(p), theme == ThemeChoice::Dark);
            // WCAG AA: 4.5 for normal text; the theme's main text is held to AAA (7).
            QVERIFY(AppTheme::contrast(p.color(QPalette::WindowText), p.color(QPalette::Window)) >= 7.0);
            QVERIFY(AppTheme::contrast(p.color(QPalette::Text), p.color(QPalette::Base)) >= 7.0);
            QVERIFY(AppTheme::contrast(p.color(QPalette::ButtonText), p.color(QPalette::Button)) >= 7.0);
            QVERIFY(AppTheme::contrast(p.color(QPalette::HighlightedText), p.color(QPalette::Highlight)) >= 3.0);
            // WCAG exempts disabled controls (Fusion's light palette greys them out to ~1.8);
            // the dark palette still keeps them legible.
            if (theme == ThemeChoice::Dark)
                QVERIFY(AppTheme::contrast(p.color(QPalette::Disabled, QPalette::WindowText),
                                           p.color(QPalette::Window)) >= 3.0);
            QVERIFY2(AppTheme::contrast(AppTheme::errorColor(), p.color(QPalette::Window)) >= 4.5,
                     qPrintable(AppTheme::errorColor().name()));
            QVERIFY(AppTheme::contrast(p.color(QPalette::Link), p.color(QPalette::Base)) >= 4.5);
        }
        AppTheme::apply(ThemeChoice::System);
        QCOMPARE(QApplication::palette().color(QPalette::Window), before.color(QPalette::Window));
        QCOMPARE(QApplication::palette().color(QPalette::WindowText), before.color(QPalette::WindowText));
    }

    void darkThemeReachesOpenWidgets()
    {
        auto window = t::openTestWindow(m_settings.path(), QStringLiteral("test_settings"));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->outputPanel()->showError(QStringLiteral("Something failed"));
        AppTheme::apply(ThemeChoice::Dark);
        QCoreApplication::processEvents();
        auto* label = window->outputPanel()->findChild<QLabel*>(QStringLiteral("outputNoticeText"));
        QVERIFY(label);
        const QColor text = label->palette().color(QPalette::WindowText);
        const QColor background = window->outputPanel()->palette().color(QPalette::Window);
        QVERIFY(AppTheme::isDark(window->outputPanel()->palette()));
        QVERIFY2(AppTheme::contrast(text, background) >= 4.5, qPrintable(text.name() + " on " + background.name()));
        // The rendered window is dark, too: sample the Output panel's background.
        const QImage shot = window->grab().toImage();
        const QPoint inside = window->outputPanel()->mapTo(window.get(), QPoint(2, window->outputPanel()->height() - 2));
        QVERIFY2(QColor(shot.pixel(inside)).lightness() < 100, qPrintable(QColor(shot.pixel(inside)).name()));
        // So is the image backdrop, which the view paints itself.
        QWidget* imageView = window->imagePanel()->view();
        const QPoint backdrop = imageView->mapTo(window.get(), QPoint(4, 4));
        QVERIFY2(QColor(shot.pixel(backdrop)).lightness() < 100, qPrintable(QColor(shot.pixel(backdrop)).name()));
    }

    void settingsFromTheMenuAreSavedAndApplied()
    {
        auto window = t::openTestWindow(m_settings.path(), QStringLiteral("test_settings"));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<SettingsDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            seen = true;
            dialog->themeBox()->setCurrentIndex(dialog->themeBox()->findData(QStringLiteral("dark")));
            dialog->findChild<QSpinBox*>(QStringLiteral("maxTokensSetting"))->setValue(777);
            dialog->languageBox()->setCurrentIndex(dialog->languageBox()->findData(QStringLiteral("de")));
            dialog->accept();
        });
        window->showSettings();
        QVERIFY(seen);
        QVERIFY(AppTheme::isDark(QApplication::palette()));   // at once
        QCOMPARE(window->promptPanel()->maxNewTokens(), 777);  // on OK
        const AppSettings saved = AppSettings::load();
        QCOMPARE(saved.theme, ThemeChoice::Dark);
        QCOMPARE(saved.maxNewTokens, 777);
        QCOMPARE(saved.language, QStringLiteral("de"));
        // The language waits for a restart, and the window says so.
        QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("restart")),
                 qPrintable(window->statusBar()->currentMessage()));
        QCOMPARE(window->menuBar()->actions().first()->text(), QStringLiteral("&File"));

        // Cancel changes nothing.
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<SettingsDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->findChild<QSpinBox*>(QStringLiteral("maxTokensSetting"))->setValue(99);
            dialog->reject();
        });
        window->showSettings();
        QCOMPARE(AppSettings::load().maxNewTokens, 777);
        QCOMPARE(window->promptPanel()->maxNewTokens(), 777);
    }

    void helpShowsTheShortcuts()
    {
        auto window = t::openTestWindow(m_settings.path(), QStringLiteral("test_settings"));
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        int rows = 0;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ShortcutsDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            rows = dialog->table()->rowCount();
            dialog->reject();
        });
        window->showShortcuts();
        QVERIFY(rows >= 15);
    }

    void everyMainActionHasItsOwnShortcut()
    {
        auto window = t::openTestWindow(m_settings.path(), QStringLiteral("test_settings"));
        const QList<ShortcutEntry> entries = ShortcutsDialog::collect(window.get());
        QMap<QString, QString> byKeys;
        for (const ShortcutEntry& e : entries) {
            const QString keys = e.keys.toString();
            QVERIFY2(!byKeys.contains(keys) || byKeys[keys] == e.action,
                     qPrintable(keys + ": " + byKeys[keys] + " and " + e.action));
            byKeys[keys] = e.action;
        }
        auto has = [&](const QKeySequence& keys) { return byKeys.contains(keys.toString()); };
        QVERIFY(has(QKeySequence::Open));
        QVERIFY(has(QKeySequence::Paste));
        QVERIFY(has(QKeySequence(Qt::CTRL | Qt::Key_Return)));  // Run
        QVERIFY(has(QKeySequence(Qt::Key_Escape)));             // Stop
        QVERIFY(has(QKeySequence(Qt::CTRL | Qt::Key_Comma)));   // Settings
        QVERIFY(has(QKeySequence(Qt::CTRL | Qt::Key_M)));       // Open Model
        QVERIFY(has(QKeySequence(Qt::CTRL | Qt::Key_E)));       // Export Result
        QVERIFY(has(QKeySequence::HelpContents));               // Shortcuts
        for (int i = 0; i < 7; ++i)                             // the seven docks (Batch too)
            QVERIFY(has(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i))));

        ShortcutsDialog dialog(entries, window.get());
        QCOMPARE(dialog.table()->rowCount(), int(entries.size()));
        QList<QString> actions;
        for (int row = 0; row < dialog.table()->rowCount(); ++row)
            actions << dialog.table()->item(row, 0)->text();
        QVERIFY(actions.contains(QStringLiteral("Settings…")));
        QVERIFY(!actions.join(QString()).contains(QLatin1Char('&')));
    }
};

QTEST_MAIN(TestSettings)
#include "test_settings.moc"
