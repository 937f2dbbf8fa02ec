#include "ui/app/TranslationLoader.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace gwb::ui {

QLocale TranslationLoader::localeFor(const QString& languageCode)
{
    return languageCode.isEmpty() ? QLocale::system() : QLocale(languageCode);
}

bool TranslationLoader::install(QCoreApplication& app, const QLocale& locale)
{
    // Numbers, sizes and dates follow the language too ("9,6 GiB" in German and French).
    QLocale::setDefault(locale);
    // Qt's own strings (file dialogs, "OK"/"Cancel") come from the system's qt6-translations.
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;

    auto* appTranslator = new QTranslator(&app);
    const QString name = QStringLiteral("gemma-workbench");
    const QString dir = QStringLiteral(":/i18n");
    bool found = appTranslator->load(locale, name, QStringLiteral("_"), dir);
    // Languages without a translation fall back to English, whose file only carries plural forms
    // ("%n file(s)" → "1 file" / "2 files"); the source strings are English already.
    if (!found && !appTranslator->load(name + QStringLiteral("_en"), dir)) {
        delete appTranslator;
        return false;
    }
    QCoreApplication::installTranslator(appTranslator);
    return found;
}

} // namespace gwb::ui
