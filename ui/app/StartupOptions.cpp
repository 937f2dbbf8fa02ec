#include "ui/app/StartupOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace gwb::ui {

StartupOptions StartupOptions::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "gwb::ui::StartupOptions", "Run Gemma 4 models on images, audio and video, locally."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QCoreApplication::translate("gwb::ui::StartupOptions",
                                                              "User interface language (e.g. de, fr, en)."),
                                  QStringLiteral("code"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  QCoreApplication::translate("gwb::ui::StartupOptions",
                                                              "Save a PNG of the window after startup and exit."),
                                  QStringLiteral("file"));
    const QCommandLineOption reset(QStringLiteral("reset-layout"),
                                   QCoreApplication::translate("gwb::ui::StartupOptions",
                                                               "Start with the default panel layout."));
    parser.addOptions({lang, shot, reset});
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QCoreApplication::translate("gwb::ui::StartupOptions",
                                                             "Files or folders to open."),
                                 QStringLiteral("[files...]"));

    StartupOptions options;
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    if (parser.isSet(help) || parser.isSet(version)) {
        QTextStream(stdout) << (parser.isSet(help)
                                    ? parser.helpText()
                                    : QCoreApplication::applicationName() + QLatin1Char(' ')
                                          + QCoreApplication::applicationVersion() + QLatin1Char('\n'));
        options.exitNow = true;
        return options;
    }
    options.language = parser.value(lang);
    options.screenshotPath = parser.value(shot);
    options.resetLayout = parser.isSet(reset);
    options.files = parser.positionalArguments();
    return options;
}

} // namespace gwb::ui
