// The GUI's command line: --lang, --screenshot, --reset-layout and files.
#include "ui/app/StartupOptions.h"

#include <QTest>

using namespace gwb::ui;

class TestStartupOptions : public QObject {
    Q_OBJECT
private slots:
    void parsesEverything()
    {
        const StartupOptions o = StartupOptions::parse(
            {"gemma-workbench", "--lang", "de", "--screenshot", "/tmp/s.png", "--reset-layout",
             "a.png", "dir"});
        QVERIFY(o.error.isEmpty());
        QVERIFY(!o.exitNow);
        QCOMPARE(o.language, QStringLiteral("de"));
        QCOMPARE(o.screenshotPath, QStringLiteral("/tmp/s.png"));
        QVERIFY(o.resetLayout);
        QCOMPARE(o.files, (QStringList{"a.png", "dir"}));
    }

    void defaultsAreEmpty()
    {
        const StartupOptions o = StartupOptions::parse({"gemma-workbench"});
        QVERIFY(o.error.isEmpty());
        QVERIFY(o.language.isEmpty());
        QVERIFY(o.screenshotPath.isEmpty());
        QVERIFY(!o.resetLayout);
        QVERIFY(o.files.isEmpty());
    }

    void rejectsUnknownOptionsAndMissingValues()
    {
        QVERIFY(!StartupOptions::parse({"gemma-workbench", "--frobnicate"}).error.isEmpty());
        QVERIFY(!StartupOptions::parse({"gemma-workbench", "--screenshot"}).error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStartupOptions)
#include "test_startup_options.moc"
