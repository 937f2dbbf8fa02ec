#pragma once

#include <QLocale>

class QCoreApplication;

namespace gwb::ui {

// Installs the app's own translation (embedded under :/i18n) and Qt's translation of its standard
// dialogs for a locale. English is the source language; its small file only adds plural forms and
// is also the fallback for languages that have no translation.
class TranslationLoader {
public:
    // Returns true when the app's translation for `locale` itself was found (English included).
    static bool install(QCoreApplication& app, const QLocale& locale);
    // "de" → QLocale(German); empty → the system locale.
    static QLocale localeFor(const QString& languageCode);
};

} // namespace gwb::ui
