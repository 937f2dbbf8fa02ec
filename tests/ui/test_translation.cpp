// The embedded German and French translations load and change visible strings, and both are
// complete: no unfinished or vanished entry, every placeholder (%1, %n) kept.
#include "TestSettings.h"
#include "ui/MainWindow.h"
#include "ui/app/TranslationLoader.h"
#include "ui/engine/EngineState.h"
#include "ui/engine/EngineTypes.h"
#include "ui/tasks/TaskCatalog.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QXmlStreamReader>
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
                 QStringLiteral("Laden Sie ein Modell, um Bild-, Audio- und Videoaufgaben auszuführen."));
        QCOMPARE(stopReasonText(StopReason::Cancelled), QStringLiteral("angehalten"));
    }

    void frenchChangesVisibleStrings()
    {
        removeAppTranslators();
        QCOMPARE(TranslationLoader::localeFor("fr").language(), QLocale::French);
        QVERIFY(TranslationLoader::install(*qApp, TranslationLoader::localeFor("fr")));
        MainWindow w;
        QCOMPARE(dockTitle(w, "outputDock"), QStringLiteral("Sortie"));
        QCOMPARE(dockTitle(w, "modelDock"), QStringLiteral("Modèle"));
        QCOMPARE(w.menuBar()->actions().first()->text(), QStringLiteral("&Fichier"));
        QCOMPARE(TaskCatalog::label(TaskId::Transcribe), QStringLiteral("Transcrire"));
        QVERIFY2(w.engineStatusText().contains(QStringLiteral("non chargé")), qPrintable(w.engineStatusText()));
        QCOMPARE(stopReasonText(StopReason::Cancelled), QStringLiteral("arrêté"));
        // French plural forms (0 and 1 take the singular) and typography (a no-break space
        // before the colon).
        QCOMPARE(QCoreApplication::translate("gwb::ui::ModelPanel", "%1: %2, %n layer(s)", nullptr, 1),
                 QStringLiteral("%1\u00a0: %2, 1 couche"));
        QCOMPARE(QCoreApplication::translate("gwb::ui::ModelPanel", "%1: %2, %n layer(s)", nullptr, 35),
                 QStringLiteral("%1\u00a0: %2, 35 couches"));
        removeAppTranslators();
    }

    void translationsAreComplete_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("minMessages");
        QTest::newRow("de") << QStringLiteral(GWB_TRANSLATIONS_DIR "/gemma-workbench_de.ts") << 300;
        QTest::newRow("fr") << QStringLiteral(GWB_TRANSLATIONS_DIR "/gemma-workbench_fr.ts") << 300;
        // English carries only the plural forms of the sources.
        QTest::newRow("en") << QStringLiteral(GWB_TRANSLATIONS_DIR "/gemma-workbench_en.ts") << 5;
    }

    void translationsAreComplete()
    {
        QFETCH(QString, file);
        QFETCH(int, minMessages);
        QFile ts(file);
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(file));
        QXmlStreamReader xml(&ts);
        static const QRegularExpression placeholder(QStringLiteral("%(\\d|n)"));
        auto placeholders = [](const QString& text) {
            QSet<QString> found;
            for (const auto& m : placeholder.globalMatch(text))
                found.insert(m.captured());
            return found;
        };
        int messages = 0;
        QString context, source, translation;
        QStringList problems;
        bool numerus = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("name"))
                context = xml.readElementText();
            else if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                translation.clear();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("source"))
                source = xml.readElementText();
            else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                if (!type.isEmpty())
                    problems << QStringLiteral("%1 \"%2\": %3").arg(context, source, type);
                if (!numerus)
                    translation = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                const QString form = xml.readElementText();
                if (form.isEmpty())
                    problems << QStringLiteral("%1 \"%2\": empty plural form").arg(context, source);
                QSet<QString> want = placeholders(source);
                QSet<QString> have = placeholders(form);
                want.remove(QStringLiteral("%n"));
                have.remove(QStringLiteral("%n"));
                if (want != have)
                    problems << QStringLiteral("%1 \"%2\": placeholders differ in \"%3\"").arg(context, source, form);
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                ++messages;
                if (!numerus) {
                    if (translation.isEmpty())
                        problems << QStringLiteral("%1 \"%2\": not translated").arg(context, source);
                    else if (placeholders(source) != placeholders(translation))
                        problems << QStringLiteral("%1 \"%2\": placeholders differ in \"%3\"").arg(context, source, translation);
                }
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(messages >= minMessages, qPrintable(QString::number(messages)));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(QLatin1Char('\n'))
                                                + QStringLiteral("\n(%1 problems)").arg(problems.size())));
    }
};

QTEST_MAIN(TestTranslation)
#include "test_translation.moc"
