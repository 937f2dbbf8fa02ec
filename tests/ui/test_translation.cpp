// The embedded German translation loads and changes visible strings.
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/app/TranslationLoader.h"
#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"
#include "ui/tasks/TaskCatalog.h"

#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace gwb::ui;

class TestTranslation : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settings;

    // Translators are children of the application; deleting them uninstalls them.
    static void removeAppTranslators()
    {
        qDeleteAll(qApp->findChildren<QTranslator*>());
    }

    static QString dockTitle(MainWindow& w, const char* name)
    {
        return w.findChild<QDockWidget*>(QLatin1String(name))->windowTitle();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        gwb::test::isolateSettings(m_settings.path(), QStringLiteral("test_translation"));
    }

    void englishIsTheSourceWithPluralForms()
    {
        QVERIFY(TranslationLoader::install(*qApp, QLocale(QLocale::English)));
        MainWindow w;
        QCOMPARE(dockTitle(w, "outputDock"), QStringLiteral("Output"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&File"));
        // The English file turns "%n file(s)" into real singular and plural forms.
        QCOMPARE(QCoreApplication::translate("gwb::ui::MediaIntake", "%n path(s) could not be read",
                                             nullptr, 1),
                 QStringLiteral("1 path could not be read"));
        QCOMPARE(QCoreApplication::translate("gwb::ui::MediaIntake", "%n path(s) could not be read",
                                             nullptr, 3),
                 QStringLiteral("3 paths could not be read"));
        QCOMPARE(QCoreApplication::translate("gwb::ui::ModelPanel", "%1: %2, %n layer(s)", nullptr, 1),
                 QStringLiteral("%1: %2, 1 layer"));
        removeAppTranslators();
    }

    void unknownLanguageFallsBackToEnglish()
    {
        QVERIFY(!TranslationLoader::install(*qApp, QLocale(QLocale::Swahili)));
        QCOMPARE(QCoreApplication::translate("gwb::ui::MediaIntake", "%n path(s) could not be read",
                                             nullptr, 2),
                 QStringLiteral("2 paths could not be read"));
        removeAppTranslators();
    }

    void germanChangesVisibleStrings()
    {
        QCOMPARE(TranslationLoader::localeFor("de").language(), QLocale::German);
        QVERIFY(TranslationLoader::install(*qApp, TranslationLoader::localeFor("de")));
        MainWindow w;
        QCOMPARE(dockTitle(w, "outputDock"), QStringLiteral("Ausgabe"));
        QCOMPARE(dockTitle(w, "imageDock"), QStringLiteral("Bild"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&Datei"));
        QCOMPARE(TaskCatalog::label(TaskId::Transcribe), QStringLiteral("Transkribieren"));
        QVERIFY2(w.engineStatusText().contains(QStringLiteral("nicht geladen")),
                 qPrintable(w.engineStatusText()));
        // Strings of the engine bridge are translated too.
        QCOMPARE(EngineState::mediaUnavailableReason(),
                 QStringLiteral("Bild-, Audio- und Videoeingaben kommen mit der Bild- und Audioverarbeitung."));
        QCOMPARE(stopReasonText(StopReason::Cancelled), QStringLiteral("angehalten"));
    }
};

QTEST_MAIN(TestTranslation)
#include "test_translation.moc"
