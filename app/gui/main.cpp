// gemma-workbench: parses the command line, installs the translation, shows the main window.
#include "ui/MainWindow.h"
#include "ui/app/AppStyle.h"
#include "ui/app/StartupOptions.h"
#include "ui/app/TranslationLoader.h"
#include "ui/app/WindowScreenshot.h"
#include "ui/settings/AppSettings.h"

#include <QApplication>
#include <QIcon>
#include <QTextStream>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GemmaWorkbench"));
    QApplication::setApplicationName(QStringLiteral("gemma-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gemma Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(GWB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("gemma-workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gemma-workbench.svg")));
    gwb::ui::AppStyle::apply(app);

    const gwb::ui::StartupOptions options = gwb::ui::StartupOptions::parse(app.arguments());
    if (options.exitNow)
        return 0;
    if (!options.error.isEmpty()) {
        QTextStream(stderr) << options.error << '\n';
        return 2;
    }
    // --lang wins over the language chosen in Settings, which wins over the system's.
    const gwb::ui::AppSettings settings = gwb::ui::AppSettings::load();
    const QString language = options.language.isEmpty() ? settings.language : options.language;
    gwb::ui::TranslationLoader::install(app, gwb::ui::TranslationLoader::localeFor(language));
    // The device chosen in Settings, unless GWB_DEVICE already says which one (the engine reads it
    // when the window starts it).
    if (!settings.device.isEmpty() && !qEnvironmentVariableIsSet("GWB_DEVICE"))
        qputenv("GWB_DEVICE", settings.device.toUtf8());

    // A screenshot shows the designed default layout, and must not overwrite the user's.
    const bool screenshot = !options.screenshotPath.isEmpty();
    gwb::ui::MainWindow::Options windowOptions;
    windowOptions.restoreLayout = !screenshot && !options.resetLayout;
    windowOptions.saveLayoutOnClose = !screenshot;
    gwb::ui::MainWindow window(windowOptions);
    window.show();
    if (!options.files.isEmpty())
        window.openPaths(options.files);

    if (screenshot) {
        gwb::ui::WindowScreenshot::captureWhenReady(&window, options.screenshotPath, [](bool saved) {
            if (!saved)
                QTextStream(stderr) << "could not write the screenshot\n";
            QApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
